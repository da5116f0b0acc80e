import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { AccountRole } from "@cdktf/provider-snowflake/lib/account-role";
import {
  GrantPrivilegesToAccountRole,
  type GrantPrivilegesToAccountRoleConfig,
} from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { Schema } from "@cdktf/provider-snowflake/lib/schema";
import { Table } from "@cdktf/provider-snowflake/lib/table";
import { Task } from "@cdktf/provider-snowflake/lib/task";
import { View } from "@cdktf/provider-snowflake/lib/view";
import {
  gatewayHealthCheckBody,
  HEALTH_DEFAULTS,
  MONITORING_VIEWS,
  monitoringViewBody,
  NOW_SQL,
} from "../sql/monitoring";
import type { SnowflakeDatabase } from "./snowflake-database";
import { HEALTH_OBJECT_NAMES, type SnowflakeHealthIngestion } from "./snowflake-health-ingestion";
import { schemaQualifier } from "./snowflake-schema-qualifier";
import { TRANSFORMATION_OBJECT_NAMES } from "./snowflake-transformation";

/** Properties of {@link SnowflakeMonitoring}. */
export interface SnowflakeMonitoringProps {
  /** The environment's database: the MONITORING schema goes in it. */
  readonly database: SnowflakeDatabase;
  /** Rejections, ledger and the ledger stream the views and the health task read. */
  readonly healthIngestion: SnowflakeHealthIngestion;
  /** Objects the views read that are declared elsewhere (READINGS_RAW, CORE tables, pipes, tasks). */
  readonly reads: readonly ITerraformDependable[];
  /** Name of the Power BI service user, whose queries POWER_BI_QUERIES lists. */
  readonly powerBiUserName: string;
  /** Notification integration the health task sends alerts and reports failures through. */
  readonly notificationIntegration: NotificationIntegration;
  /** What the task must wait for to use the integration (the owner's USAGE grant on it). @default - none */
  readonly notificationUsageGrant?: ITerraformDependable;
  /** The engineer role: reads every MONITORING view and table, operates the health task. */
  readonly engineer: AccountRole;
  /** The reporter role, when report authors may read MONITORING too. @default - not granted */
  readonly reporter?: AccountRole;
  /** Minutes without an upload after which a gateway is SILENT (5-10080). @default 60 */
  readonly gatewaySilenceMinutes?: number;
  /** Percent of a gateway's last hour of records rejected that is a REJECTION_SPIKE (1-100). @default 20 */
  readonly rejectionSpikePercent?: number;
  /** Minutes between checks of the ledger stream; checks with no new rows cost nothing. @default 5 */
  readonly checkIntervalMinutes?: number;
  /** Provider running as the pipeline owner role: it creates (so owns) the schema, views and task. */
  readonly ownerProvider: SnowflakeProvider;
  /** Provider for the grants (the admin role). */
  readonly adminProvider: SnowflakeProvider;
}

/** Defaults of {@link SnowflakeMonitoringProps}; the config schema reads them. */
export const SNOWFLAKE_MONITORING_DEFAULTS = {
  gatewaySilenceMinutes: HEALTH_DEFAULTS.silenceMinutes,
  rejectionSpikePercent: HEALTH_DEFAULTS.rejectionRatePercent,
  checkIntervalMinutes: 5,
} as const;

/** Names of the objects in MONITORING besides the views. */
export const MONITORING_OBJECT_NAMES = {
  schema: "MONITORING",
  alertsTable: "GATEWAY_ALERTS",
  checksTable: "HEALTH_CHECKS",
  healthTask: "CHECK_GATEWAY_HEALTH",
} as const;

/**
 * The MONITORING schema: views that answer the operator's questions (sql/monitoring.ts), and the
 * gateway health alert. Views over LANDING and CORE are the same SQL the local pipeline runs; the
 * history views read INFORMATION_SCHEMA table functions where freshness matters (COPY_HISTORY,
 * TASK_HISTORY, SYSTEM$PIPE_STATUS: no latency) and ACCOUNT_USAGE where history matters
 * (QUERY_HISTORY: 365 days, up to 45 minutes behind; the bootstrap SQL grants the owner role the
 * SNOWFLAKE database role that reads it). The views run with their owner's rights, so readers need
 * SELECT on them only.
 *
 * The health task runs only when the ledger stream has rows (`SYSTEM$STREAM_HAS_DATA` is evaluated
 * without starting compute), records unhealthy gateways in GATEWAY_ALERTS and sends one message
 * per check through the notification integration.
 */
export class SnowflakeMonitoring extends Construct {
  /** The MONITORING schema. */
  readonly schema: Schema;
  /** The views, by name. */
  readonly views: Readonly<Record<string, View>>;
  /** MONITORING.GATEWAY_ALERTS: every alert the health task has sent. */
  readonly alertsTable: Table;
  /** MONITORING.HEALTH_CHECKS: one row per health check run. */
  readonly checksTable: Table;
  /** The gateway health task. */
  readonly healthTask: Task;

  constructor(scope: Construct, id: string, props: SnowflakeMonitoringProps) {
    super(scope, id);
    const { database, ownerProvider: provider, healthIngestion } = props;
    const defaults = SNOWFLAKE_MONITORING_DEFAULTS;
    const silenceMinutes = props.gatewaySilenceMinutes ?? defaults.gatewaySilenceMinutes;
    const spikePercent = props.rejectionSpikePercent ?? defaults.rejectionSpikePercent;
    const checkMinutes = props.checkIntervalMinutes ?? defaults.checkIntervalMinutes;
    check(silenceMinutes, 5, 10080, "gatewaySilenceMinutes");
    check(spikePercent, 1, 100, "rejectionSpikePercent");
    check(checkMinutes, 1, 60, "checkIntervalMinutes");
    const integrationName = props.notificationIntegration.nameInput;
    if (integrationName === undefined) {
      throw new Error("SnowflakeMonitoring: notificationIntegration must have a name.");
    }

    this.schema = new Schema(this, "Schema", {
      provider,
      database: database.database.name,
      name: MONITORING_OBJECT_NAMES.schema,
      withManagedAccess: "true",
      comment: "Pipeline health views and alerts (docs/monitoring.md)",
    });
    const monitoring = schemaQualifier(database, this.schema);
    const landing = schemaQualifier(database, database.landing);
    const core = schemaQualifier(database, database.core);
    const inMonitoring = { provider, database: this.schema.database, schema: this.schema.name };

    const views: Record<string, View> = {};
    const values = {
      LANDING_SCHEMA: landing.schemaName,
      CORE_SCHEMA: core.schemaName,
      MONITORING_SCHEMA: monitoring.schemaName,
      NOW: NOW_SQL.snowflake,
      SILENCE_MINUTES: String(silenceMinutes),
      REJECTION_RATE_PERCENT: String(spikePercent),
      TRANSFORM_TASK: TRANSFORMATION_OBJECT_NAMES.task,
      DATABASE: database.database.nameInput ?? "",
      POWER_BI_USER: props.powerBiUserName,
    };
    const reads = [...props.reads, ...healthIngestion.all];
    for (const model of MONITORING_VIEWS) {
      views[model.name] = new View(this, model.name, {
        ...inMonitoring,
        name: model.name,
        statement: monitoringViewBody(model, "snowflake", values),
        column: model.columns.map((column) => ({
          columnName: column.name,
          comment: column.description,
        })),
        copyGrants: true,
        comment: model.description,
        // The statements name their sources as text: Terraform needs the edges spelled out, and
        // END_TO_END_LAG reads TASK_RUNS, which is declared before it.
        dependsOn: [...reads, ...Object.values(views)],
      });
    }
    this.views = views;

    const column = (name: string, type: string, comment: string, nullable = false) => ({
      name,
      type,
      nullable,
      comment,
    });
    this.alertsTable = new Table(this, "AlertsTable", {
      ...inMonitoring,
      name: MONITORING_OBJECT_NAMES.alertsTable,
      column: [
        column("GATEWAY_ID", "VARCHAR", "Gateway alerted"),
        column("STATUS", "VARCHAR", "SILENT or REJECTION_SPIKE"),
        column("DETECTED_AT", "TIMESTAMP_NTZ(3)", "When the check found it in UTC"),
        column("LAST_UPLOAD_AT", "TIMESTAMP_NTZ(3)", "Newest upload of the gateway then", true),
        column("REJECTION_RATE_PERCENT", "FLOAT", "Rejected share of its last hour", true),
        column("TOP_REASON", "VARCHAR", "Most frequent rejection code", true),
      ],
      comment:
        "Every gateway alert the health check sent; one per silence and at most one spike an hour",
    });
    this.checksTable = new Table(this, "ChecksTable", {
      ...inMonitoring,
      name: MONITORING_OBJECT_NAMES.checksTable,
      column: [
        column("CHECKED_AT", "TIMESTAMP_NTZ(3)", "When the check ran in UTC"),
        column("LEDGER_ROWS", "NUMBER(38,0)", "Ledger rows the check consumed"),
      ],
      comment: "One row per gateway health check run",
    });

    const ledgerStream = landing.qualify(HEALTH_OBJECT_NAMES.ledgerStream);
    this.healthTask = new Task(this, "HealthTask", {
      ...inMonitoring,
      name: MONITORING_OBJECT_NAMES.healthTask,
      comment: `Alerts when a gateway is silent for ${silenceMinutes} minutes or has ${spikePercent} % of an hour rejected`,
      sqlStatement: gatewayHealthCheckBody({
        MONITORING_SCHEMA: monitoring.schemaName,
        LEDGER_STREAM: ledgerStream,
        DATABASE: values.DATABASE,
        NOTIFICATION_INTEGRATION: integrationName,
      }),
      userTaskManagedInitialWarehouseSize: "XSMALL",
      schedule: { minutes: checkMinutes },
      when: `SYSTEM$STREAM_HAS_DATA('${ledgerStream}')`,
      errorIntegration: props.notificationIntegration.name,
      suspendTaskAfterNumFailures: 10,
      userTaskTimeoutMs: 120_000,
      started: true,
      dependsOn: [
        healthIngestion.ledgerStream,
        this.alertsTable,
        this.checksTable,
        views.GATEWAY_HEALTH,
        ...(props.notificationUsageGrant ? [props.notificationUsageGrant] : []),
      ],
    });

    this.grantRead(props.adminProvider, "Engineer", props.engineer);
    if (props.reporter) this.grantRead(props.adminProvider, "Reporter", props.reporter);
    this.grant(
      props.adminProvider,
      "EngineerTasks",
      props.engineer,
      ["MONITOR", "OPERATE"],
      "TASKS",
      [this.healthTask],
    );
  }

  /** USAGE on MONITORING and SELECT on its views and tables, current and future. */
  private grantRead(provider: SnowflakeProvider, id: string, role: AccountRole): void {
    new GrantPrivilegesToAccountRole(this, `${id}Schema`, {
      provider,
      accountRoleName: role.name,
      privileges: ["USAGE"],
      onSchema: { schemaName: this.schema.fullyQualifiedName },
    });
    this.grant(provider, `${id}Views`, role, ["SELECT"], "VIEWS", Object.values(this.views));
    this.grant(provider, `${id}Tables`, role, ["SELECT"], "TABLES", [
      this.alertsTable,
      this.checksTable,
    ]);
  }

  /** Privileges on the current objects of a kind in MONITORING (after they exist), and future ones. */
  private grant(
    provider: SnowflakeProvider,
    id: string,
    role: AccountRole,
    privileges: string[],
    objectTypePlural: string,
    after: readonly ITerraformDependable[],
  ): void {
    const on = (kind: "all" | "future"): GrantPrivilegesToAccountRoleConfig => ({
      provider,
      accountRoleName: role.name,
      privileges,
      onSchemaObject: { [kind]: { objectTypePlural, inSchema: this.schema.fullyQualifiedName } },
    });
    new GrantPrivilegesToAccountRole(this, `${id}Current`, {
      ...on("all"),
      dependsOn: [...after],
    });
    new GrantPrivilegesToAccountRole(this, `${id}Future`, on("future"));
  }
}

function check(value: number, min: number, max: number, name: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `SnowflakeMonitoring: ${name} ${value} must be a whole number from ${min} to ${max}.`,
    );
  }
}
