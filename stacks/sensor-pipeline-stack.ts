import { Aspects, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { SnowflakeDatabase } from "../constructs/snowflake-database";
import { GuardrailsAspect } from "../guardrails/guardrails-aspect";
import { type EnvironmentConfig, snowflakeDatabaseName } from "./config";
import { type StateBackendKind, configureStateBackend } from "./remote-state";
import { SnowflakePreviewFeatures } from "./snowflake-preview-features";

/** Properties of {@link SensorPipelineStack}. */
export interface SensorPipelineStackProps {
  /** The validated environment this stack deploys. */
  readonly config: EnvironmentConfig;
  /** Where Terraform keeps this stack's state. @default "s3" */
  readonly stateBackend?: StateBackendKind;
}

/**
 * One environment of the pipeline: the AWS side (bucket, normalizer, notifications, alarms) and the
 * Snowflake side (integration, pipe, stream, task, views, roles) in one stack, because the storage
 * integration and the IAM role it assumes must see each other's attributes.
 *
 * Credentials never appear here: the AWS provider reads the standard AWS variables (OIDC in CI), the
 * Snowflake provider SNOWFLAKE_USER, SNOWFLAKE_AUTHENTICATOR and SNOWFLAKE_PRIVATE_KEY.
 */
export class SensorPipelineStack extends TerraformStack {
  /** The environment's configuration. */
  readonly config: EnvironmentConfig;
  /** Snowflake provider running as the pipeline owner role: it creates (and so owns) pipeline objects. */
  readonly snowflakeOwner: SnowflakeProvider;
  /** Snowflake provider for account-level objects: integrations, roles, users, resource monitors. */
  readonly snowflakeAdmin: SnowflakeProvider;
  /** The database and its LANDING, CORE and REPORTING schemas. */
  readonly snowflakeDatabase: SnowflakeDatabase;

  constructor(scope: Construct, id: string, props: SensorPipelineStackProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    configureStateBackend(this, config, props.stateBackend ?? "s3");

    new AwsProvider(this, "aws", {
      region: config.aws.region,
      defaultTags: [
        {
          tags: {
            Environment: config.name,
            Owner: config.tags.owner,
            CostCentre: config.tags.costCentre,
            Project: "sensor-pipeline",
            ManagedBy: "cdktf",
          },
        },
      ],
    });
    const snowflakeAccount = {
      organizationName: config.snowflake.organizationName,
      accountName: config.snowflake.accountName,
    };
    this.snowflakeOwner = new SnowflakeProvider(this, "snowflake", {
      ...snowflakeAccount,
      role: config.snowflake.ownerRole,
    });
    this.snowflakeAdmin = new SnowflakeProvider(this, "snowflake-admin", {
      ...snowflakeAccount,
      alias: "admin",
      role: config.snowflake.adminRole,
    });
    Aspects.of(this).add(new SnowflakePreviewFeatures());
    // Security and cost checks on every synth; see docs/guardrails.md.
    Aspects.of(this).add(new GuardrailsAspect());

    this.snowflakeDatabase = new SnowflakeDatabase(this, "SnowflakeDatabase", {
      databaseName: snowflakeDatabaseName(config),
      dataRetentionTimeInDays: config.snowflake.dataRetentionTimeInDays,
      provider: this.snowflakeOwner,
    });
  }
}
