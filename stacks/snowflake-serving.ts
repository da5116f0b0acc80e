import { dependable } from "cdktf";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { Table } from "@cdktf/provider-snowflake/lib/table";
import { BiWarehouse } from "../constructs/bi-warehouse";
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
  readonly biWarehouse: BiWarehouse;
  readonly accessRoles: SnowflakeAccessRoles;
}

/**
 * Adds the CORE tables, the REPORTING views, the BI warehouse and the roles to an environment
 * stack, from its configuration. Database objects are created by the owner role; the warehouse,
 * roles, user and grants by the admin role.
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
  const warehouseSettings = config.snowflake.biWarehouse;
  const biWarehouse = new BiWarehouse(stack, "BiWarehouse", {
    warehouseName: names.biWarehouse,
    resourceMonitorName: names.biResourceMonitor,
    createResourceMonitor: warehouseSettings.createResourceMonitor,
    size: warehouseSettings.size,
    autoSuspendSeconds: warehouseSettings.autoSuspendSeconds,
    statementTimeoutSeconds: warehouseSettings.statementTimeoutSeconds,
    monthlyCreditQuota: warehouseSettings.monthlyCreditQuota,
    provider: stack.snowflakeAdmin,
  });
  const accessRoles = new SnowflakeAccessRoles(stack, "SnowflakeAccessRoles", {
    database,
    biWarehouse: biWarehouse.warehouse,
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
    ownerRoleName: names.ownerRole,
    provider: stack.snowflakeAdmin,
  });
  // The owner provider reads views back on the BI warehouse, so it must be allowed to use it first.
  for (const view of reporting.all) {
    view.dependsOn = [...(view.dependsOn ?? []), dependable(accessRoles.ownerWarehouseGrant)];
  }
  return { coreTables, reporting, biWarehouse, accessRoles };
}

/** What the ingestion side provides to the transformation. */
export interface IngestionOutputs {
  /** LANDING.READINGS_RAW. */
  readonly landingTable: Table;
  /** The SNS notification integration for pipe and task errors (reaches the alerts topic). */
  readonly errorIntegration: NotificationIntegration;
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
