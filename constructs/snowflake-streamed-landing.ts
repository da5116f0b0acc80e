import { Construct } from "constructs";
import type { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { StreamOnTable } from "@cdktf/provider-snowflake/lib/stream-on-table";
import { Table } from "@cdktf/provider-snowflake/lib/table";
import { Task } from "@cdktf/provider-snowflake/lib/task";
import { unpackStreamedReadingsSql } from "../sql/unpack-streamed-readings";
import type { SnowflakeDatabase } from "./snowflake-database";
import { schemaQualifier } from "./snowflake-schema-qualifier";

/** Properties of {@link SnowflakeStreamedLanding}. */
export interface SnowflakeStreamedLandingProps {
  readonly database: SnowflakeDatabase;
  /** LANDING.READINGS_RAW, which the unpacked readings join. */
  readonly landingTable: Table;
  /** Where the task reports failures. */
  readonly errorIntegration: NotificationIntegration;
  /**
   * The owner role's USAGE on the error integration: creating a task that names the integration
   * needs it (docs.snowflake.com user-guide/tasks-errors-integrate), so the task waits for it.
   */
  readonly errorIntegrationUsage: GrantPrivilegesToAccountRole;
  /** Seconds between checks of the stream; a check without rows costs nothing (10-3600). @default 30 */
  readonly scheduleSeconds?: number;
  /** Runs as the pipeline owner role, which then owns the objects. */
  readonly provider: SnowflakeProvider;
}

/** Names of the streaming path's objects in LANDING. */
export const STREAMED_LANDING_OBJECT_NAMES = {
  table: "READINGS_STREAMED",
  contentColumn: "RECORD_CONTENT",
  stream: "READINGS_STREAMED_CHANGES",
  task: "UNPACK_STREAMED_READINGS",
} as const;

/**
 * Where Firehose writes (Snowpipe Streaming): READINGS_STREAMED, one VARIANT row per MQTT message
 * (`{"file_name", "uploaded_at", "readings": [...]}`), and a serverless task that runs only when its stream has
 * rows and moves each message's readings into READINGS_RAW (sql/unpack-streamed-readings.ts). One
 * row per message, not per reading: Firehose bills each record rounded up to 5 KB, and a record per
 * reading would also need IoT's batch mode, which bills a message per array element.
 */
export class SnowflakeStreamedLanding extends Construct {
  readonly table: Table;
  readonly stream: StreamOnTable;
  readonly task: Task;
  readonly taskBody: string;

  constructor(scope: Construct, id: string, props: SnowflakeStreamedLandingProps) {
    super(scope, id);
    const { database, provider } = props;
    const scheduleSeconds = props.scheduleSeconds ?? 30;
    if (!Number.isInteger(scheduleSeconds) || scheduleSeconds < 10 || scheduleSeconds > 3600)
      throw new Error(
        `SnowflakeStreamedLanding: scheduleSeconds ${scheduleSeconds} must be a whole number from 10 to 3600.`,
      );
    const landing = schemaQualifier(database, database.landing);
    const inLanding = {
      provider,
      database: database.landing.database,
      schema: database.landing.name,
    };
    const names = STREAMED_LANDING_OBJECT_NAMES;
    this.table = new Table(this, "Table", {
      ...inLanding,
      name: names.table,
      column: [
        {
          name: names.contentColumn,
          type: "VARIANT",
          nullable: false,
          comment: "One MQTT message: {file_name, uploaded_at, readings: [canonical readings]}",
        },
      ],
      changeTracking: true,
      comment:
        "Streamed messages as Firehose writes them; the task moves their readings to READINGS_RAW",
    });
    this.stream = new StreamOnTable(this, "Stream", {
      ...inLanding,
      name: names.stream,
      table: this.table.fullyQualifiedName,
      appendOnly: "true",
      comment: "Messages written since the unpack task last committed",
    });
    this.taskBody = unpackStreamedReadingsSql({
      streamedChanges: landing.qualify(names.stream),
      landingTable: landing.qualify(props.landingTable.nameInput ?? "READINGS_RAW"),
      contentColumn: names.contentColumn,
    });
    this.task = new Task(this, "Task", {
      ...inLanding,
      name: names.task,
      comment: "Moves streamed messages' readings into READINGS_RAW, one row per reading",
      sqlStatement: this.taskBody,
      userTaskManagedInitialWarehouseSize: "XSMALL",
      schedule: { seconds: scheduleSeconds },
      when: `SYSTEM$STREAM_HAS_DATA('${landing.qualify(names.stream)}')`,
      errorIntegration: props.errorIntegration.name,
      suspendTaskAfterNumFailures: 10,
      userTaskTimeoutMs: 300_000,
      started: true,
      // The SQL names the stream and READINGS_RAW as text, so these edges are declared.
      dependsOn: [this.stream, props.landingTable, props.errorIntegrationUsage],
    });
  }
}
