import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { StreamOnTable } from "@cdktf/provider-snowflake/lib/stream-on-table";
import type { Table } from "@cdktf/provider-snowflake/lib/table";
import { Task } from "@cdktf/provider-snowflake/lib/task";
import type { SensorIdentity } from "../sql/sensor-identity";
import type { TransformNames } from "../sql/merge-statements";
import { snowflakeTaskBody } from "../sql/task-bodies";
import type { SnowflakeCoreTables } from "./snowflake-core-tables";
import type { SnowflakeDatabase } from "./snowflake-database";
import { schemaQualifier } from "./snowflake-schema-qualifier";
import { Problems } from "./validation";

/** Defaults of {@link SnowflakeTransformationProps}; the one home of these values: stacks/config.ts fills its `.default(...)`s from here. */
export const SNOWFLAKE_TRANSFORMATION_DEFAULTS = {
  scheduleSeconds: 60,
  timeoutSeconds: 900,
  suspendAfterFailures: 10,
  sensorIdentity: "gateway",
} as const;

/** Properties of {@link SnowflakeTransformation}. */
export interface SnowflakeTransformationProps {
  /** The environment's database: the stream goes in LANDING, the task in CORE. */
  readonly database: SnowflakeDatabase;
  /** LANDING.READINGS_RAW, the table Snowpipe loads (with change tracking on). */
  readonly landingTable: Table;
  /** The CORE tables the task writes. */
  readonly coreTables: SnowflakeCoreTables;
  /** SNS notification integration the task reports failed runs to. */
  readonly errorIntegration: NotificationIntegration;
  /**
   * The grant of USAGE on that integration to this provider's role: Snowflake refuses to create a
   * task naming an integration its role cannot use, so the task waits for the grant.
   */
  readonly errorIntegrationUsage: ITerraformDependable;
  /** Seconds between checks of the stream (10-3600). @default 60 */
  readonly scheduleSeconds?: number;
  /** Longest a run may take before Snowflake cancels it, in seconds. @default 900 */
  readonly timeoutSeconds?: number;
  /** Consecutive failed runs after which Snowflake suspends the task. @default 10 */
  readonly suspendAfterFailures?: number;
  /**
   * What identifies a sensor: gateway and sensor id, or the sensor id alone where ids are unique
   * fleet-wide (sql/sensor-identity.ts). @default "gateway"
   */
  readonly sensorIdentity?: SensorIdentity;
  /** Provider running as the pipeline owner role, so that role owns the stream and the task. */
  readonly provider: SnowflakeProvider;
}

/** Names of the transformation objects. */
export const TRANSFORMATION_OBJECT_NAMES = {
  /** In LANDING. */
  stream: "READINGS_RAW_CHANGES",
  /** In CORE. */
  task: "TRANSFORM_READINGS",
} as const;

/**
 * Turns loaded rows into the curated model: an append-only stream on LANDING.READINGS_RAW and one
 * serverless task that, when the stream has data, runs the statements of `sql/` in one
 * transaction (MERGE READINGS, MERGE SENSORS, recompute the touched hours of READINGS_HOURLY),
 * each bounded by the batch's window of observation times (sql/batch-window.ts).
 *
 * Provider 2.11 cannot set TARGET_COMPLETION_INTERVAL, which a serverless task triggered by the
 * stream alone needs; so the task is scheduled every few seconds with
 * `WHEN SYSTEM$STREAM_HAS_DATA(...)`: a check without new rows is evaluated in the cloud services
 * layer and starts no compute, so an idle pipeline costs only that nominal charge.
 */
export class SnowflakeTransformation extends Construct {
  /** LANDING.READINGS_RAW_CHANGES: the rows loaded since the last successful run. */
  readonly stream: StreamOnTable;
  /** CORE.TRANSFORM_READINGS. */
  readonly task: Task;
  /** The task's SQL, rendered from the files in `sql/`. */
  readonly taskBody: string;

  constructor(scope: Construct, id: string, props: SnowflakeTransformationProps) {
    super(scope, id);
    const { database, provider } = props;
    const defaults = SNOWFLAKE_TRANSFORMATION_DEFAULTS;
    const scheduleSeconds = props.scheduleSeconds ?? defaults.scheduleSeconds;
    const timeoutSeconds = props.timeoutSeconds ?? defaults.timeoutSeconds;
    const suspendAfterFailures = props.suspendAfterFailures ?? defaults.suspendAfterFailures;
    validate(scheduleSeconds, timeoutSeconds, suspendAfterFailures);
    const landing = schemaQualifier(database, database.landing);
    const core = schemaQualifier(database, database.core);

    this.stream = new StreamOnTable(this, "Stream", {
      provider,
      database: database.landing.database,
      schema: database.landing.name,
      name: TRANSFORMATION_OBJECT_NAMES.stream,
      table: props.landingTable.fullyQualifiedName,
      appendOnly: "true",
      comment: "Rows loaded into READINGS_RAW since the transformation task last committed",
    });

    const names: TransformNames = {
      changes: landing.qualify(TRANSFORMATION_OBJECT_NAMES.stream),
      coreSchema: core.schemaName,
      sensorIdentity: props.sensorIdentity ?? defaults.sensorIdentity,
    };
    this.taskBody = snowflakeTaskBody(names);
    this.task = new Task(this, "Task", {
      provider,
      database: database.core.database,
      schema: database.core.name,
      name: TRANSFORMATION_OBJECT_NAMES.task,
      comment: "Merges new loads into READINGS and SENSORS and recomputes the touched hours",
      sqlStatement: this.taskBody,
      userTaskManagedInitialWarehouseSize: "XSMALL",
      schedule: { seconds: scheduleSeconds },
      when: `SYSTEM$STREAM_HAS_DATA('${names.changes}')`,
      errorIntegration: props.errorIntegration.name,
      suspendTaskAfterNumFailures: suspendAfterFailures,
      userTaskTimeoutMs: timeoutSeconds * 1000,
      started: true,
      // The SQL names the stream and tables as text, so Terraform needs these edges spelled out.
      dependsOn: [this.stream, ...props.coreTables.all, props.errorIntegrationUsage],
    });
  }
}

function validate(scheduleSeconds: number, timeoutSeconds: number, failures: number): void {
  new Problems("SnowflakeTransformation")
    .wholeNumber("scheduleSeconds", scheduleSeconds, 10, 3600, "seconds")
    .wholeNumber("timeoutSeconds", timeoutSeconds, 60, 86400, "seconds")
    .atLeast("suspendAfterFailures", failures, 1, "failures")
    .throwIfAny();
}
