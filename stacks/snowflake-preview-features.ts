import { type IAspect, TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import type { IConstruct } from "constructs";

/**
 * Preview resources and data sources of snowflakedb/snowflake 2.11.0, as the provider names them in
 * `preview_features_enabled` (from the provider's own documentation of that argument).
 */
export const SNOWFLAKE_PREVIEW_FEATURES: ReadonlySet<string> = new Set([
  "snowflake_account_authentication_policy_attachment_resource",
  "snowflake_account_password_policy_attachment_resource",
  "snowflake_alert_resource",
  "snowflake_alerts_datasource",
  "snowflake_api_integration_resource",
  "snowflake_authentication_policy_resource",
  "snowflake_authentication_policies_datasource",
  "snowflake_cortex_search_service_resource",
  "snowflake_cortex_search_services_datasource",
  "snowflake_current_account_resource",
  "snowflake_current_account_datasource",
  "snowflake_current_organization_account_resource",
  "snowflake_database_datasource",
  "snowflake_database_role_datasource",
  "snowflake_dynamic_table_resource",
  "snowflake_dynamic_tables_datasource",
  "snowflake_external_function_resource",
  "snowflake_external_functions_datasource",
  "snowflake_external_table_resource",
  "snowflake_external_tables_datasource",
  "snowflake_external_volume_resource",
  "snowflake_failover_group_resource",
  "snowflake_failover_groups_datasource",
  "snowflake_file_format_resource",
  "snowflake_file_formats_datasource",
  "snowflake_function_java_resource",
  "snowflake_function_javascript_resource",
  "snowflake_function_python_resource",
  "snowflake_function_scala_resource",
  "snowflake_function_sql_resource",
  "snowflake_functions_datasource",
  "snowflake_job_service_resource",
  "snowflake_managed_account_resource",
  "snowflake_materialized_view_resource",
  "snowflake_materialized_views_datasource",
  "snowflake_network_policy_attachment_resource",
  "snowflake_network_rule_resource",
  "snowflake_notebook_resource",
  "snowflake_notebooks_datasource",
  "snowflake_email_notification_integration_resource",
  "snowflake_notification_integration_resource",
  "snowflake_object_parameter_resource",
  "snowflake_password_policy_resource",
  "snowflake_pipe_resource",
  "snowflake_pipes_datasource",
  "snowflake_current_role_datasource",
  "snowflake_semantic_view_resource",
  "snowflake_semantic_views_datasource",
  "snowflake_sequence_resource",
  "snowflake_sequences_datasource",
  "snowflake_share_resource",
  "snowflake_shares_datasource",
  "snowflake_parameters_datasource",
  "snowflake_procedure_java_resource",
  "snowflake_procedure_javascript_resource",
  "snowflake_procedure_python_resource",
  "snowflake_procedure_scala_resource",
  "snowflake_procedure_sql_resource",
  "snowflake_procedures_datasource",
  "snowflake_stage_resource",
  "snowflake_stages_datasource",
  "snowflake_storage_integration_resource",
  "snowflake_storage_integrations_datasource",
  "snowflake_system_generate_scim_access_token_datasource",
  "snowflake_system_get_aws_sns_iam_policy_datasource",
  "snowflake_system_get_privatelink_config_datasource",
  "snowflake_system_get_snowflake_platform_info_datasource",
  "snowflake_table_column_masking_policy_application_resource",
  "snowflake_table_constraint_resource",
  "snowflake_table_resource",
  "snowflake_tables_datasource",
  "snowflake_user_authentication_policy_attachment_resource",
  "snowflake_user_public_keys_resource",
  "snowflake_user_password_policy_attachment_resource",
]);

/** The preview-feature name of a Snowflake resource or data source, if it is a preview one. */
export function previewFeatureOf(node: IConstruct): string | undefined {
  let feature: string | undefined;
  if (node instanceof TerraformDataSource) {
    feature = `${node.terraformResourceType}_datasource`;
  } else if (node instanceof TerraformResource) {
    feature = `${node.terraformResourceType}_resource`;
  }
  return feature && SNOWFLAKE_PREVIEW_FEATURES.has(feature) ? feature : undefined;
}

/**
 * Sets `preview_features_enabled` on every Snowflake provider of a stack to exactly the preview
 * resources the stack declares: a new preview resource needs no second edit, and an unused flag
 * never lingers. Runs as an aspect, so it sees the finished construct tree at synth.
 */
export class SnowflakePreviewFeatures implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack)) return;
    const used = new Set<string>();
    const providers: SnowflakeProvider[] = [];
    for (const child of node.node.findAll()) {
      if (child instanceof SnowflakeProvider) providers.push(child);
      const feature = previewFeatureOf(child);
      if (feature) used.add(feature);
    }
    const features = [...used].sort();
    for (const provider of providers) provider.previewFeaturesEnabled = features;
  }
}
