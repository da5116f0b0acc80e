import type { ITerraformDependable } from "cdktf";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { Table } from "@cdktf/provider-snowflake/lib/table";
import { FreshnessAlert } from "../constructs/freshness-alert";
import { SnowflakeAccessRoles } from "../constructs/snowflake-access-roles";
import { SnowflakeCoreTables } from "../constructs/snowflake-core-tables";
import { SnowflakeReporting } from "../constructs/snowflake-reporting";
import { SnowflakeTransformation } from "../constructs/snowflake-transformation";
import type { SensorPipelineStack } from "./sensor-pipeline-stack";

/** The serving side of an environment: what Power BI reads and who may read it. */
export interface SnowflakeServing {
  readonly coreTables: SnowflakeCoreTables;
  readonly reporting: SnowflakeReporting;
  readonly accessRoles: SnowflakeAccessRoles;
}

/**
 * Adds the CORE tables, the REPORTING views and the roles to an environment stack, from its
 * configuration. Database objects are created by the owner role; roles, user and grants by the
 * admin role. The warehouses and their monitors come from the bootstrap SQL (only ACCOUNTADMIN
 * may put a warehouse under a monitor); the stack grants their use by name.
 */
export function addSnowflakeServing(stack: SensorPipelineStack): SnowflakeServing {
  const { config, snowflakeDatabase: database } = stack;
  const names = stack.names.snowflake;
  const coreTables = new SnowflakeCoreTables(stack, "SnowflakeCoreTables", {
    database,
    provider: stack.snowflakeOwner,
  });
  const reporting = new SnowflakeReporting(stack, "SnowflakeReporting", {
    database,
    coreTables,
    provider: stack.snowflakeOwner,
  });
  const accessRoles = new SnowflakeAccessRoles(stack, "SnowflakeAccessRoles", {
    database,
    biWarehouseName: names.biWarehouse,
    opsWarehouseName: names.opsWarehouse,
    reportingViews: reporting.all,
    grantAfter: [...coreTables.all],
    engineerRoleName: names.engineerRole,
    reporterRoleName: names.reporterRole,
    powerBiUserName: names.powerBiUser,
    powerBiPublicKey: config.snowflake.powerBiPublicKey,
    powerBiQueryTag: names.powerBiQueryTag,
    powerBiSecondPublicKey: config.snowflake.powerBiSecondPublicKey,
    powerBiAllowedIpRanges: config.snowflake.networkPolicies.powerBiAllowedIpRanges,
    powerBiNetworkPolicyName: names.powerBiNetworkPolicy,
    provider: stack.snowflakeAdmin,
  });
  return { coreTables, reporting, accessRoles };
}

/** What the ingestion side provides to the transformation. */
export interface IngestionOutputs {
  /** LANDING.READINGS_RAW. */
  readonly landingTable: Table;
  /** The SNS notification integration for pipe and task errors (reaches the alerts topic). */
  readonly errorIntegration: NotificationIntegration;
  /**
   * The owner role's USAGE on that integration: a task naming it may be created only after it
   * (user-guide/tasks-errors-integrate).
   */
  readonly errorIntegrationUsage: ITerraformDependable;
}

/**
 * Adds the stream, the transformation task and the freshness alert, once ingestion exists: call it
 * from the stack with the ingestion construct's `landingTable` and `errorIntegration`.
 */
export function addSnowflakeTransformation(
  stack: SensorPipelineStack,
  ingestion: IngestionOutputs,
): { transformation: SnowflakeTransformation; freshnessAlert: FreshnessAlert } {
  const { config, snowflakeDatabase: database, snowflakeServing } = stack;
  const { coreTables } = snowflakeServing;
  const settings = config.snowflake.transformation;
  const transformation = new SnowflakeTransformation(stack, "SnowflakeTransformation", {
    database,
    landingTable: ingestion.landingTable,
    coreTables,
    errorIntegration: ingestion.errorIntegration,
    errorIntegrationUsage: ingestion.errorIntegrationUsage,
    scheduleSeconds: settings.scheduleSeconds,
    timeoutSeconds: settings.timeoutSeconds,
    suspendAfterFailures: settings.suspendAfterFailures,
    sensorIdentity: settings.sensorIdentity,
    provider: stack.snowflakeOwner,
  });
  const freshnessAlert = new FreshnessAlert(stack, "FreshnessAlert", {
    database,
    coreTables,
    notificationIntegration: ingestion.errorIntegration,
    notificationIntegrationUsage: ingestion.errorIntegrationUsage,
    thresholdMinutes: config.snowflake.freshness.thresholdMinutes,
    checkIntervalMinutes: config.snowflake.freshness.checkIntervalMinutes,
    provider: stack.snowflakeOwner,
  });
  snowflakeServing.accessRoles.grantAfter(
    ingestion.landingTable,
    transformation.stream,
    transformation.task,
    freshnessAlert.task,
  );
  return { transformation, freshnessAlert };
}
