import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderSqlText, SQL_DIR } from "./render";
import type { ReportingViewColumn } from "./reporting-views";

/**
 * The MONITORING views: the operator's questions (is every gateway sending, what is rejected and
 * why, did every file load, did the task run, how late is the data, what does Power BI cost) as
 * SQL both engines run. Views over LANDING and CORE are one text for Snowflake and DuckDB; views
 * over Snowflake's history functions have a local stand-in over what `sensorctl local` records
 * (docs/monitoring.md lists each, its source and its lag).
 */

/** Engines a monitoring view is rendered for. */
export type MonitoringEngine = "snowflake" | "duckdb";

/** A MONITORING view: name, what it answers, columns in SELECT order, and its SQL per engine. */
export interface MonitoringView {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ReportingViewColumn[];
  /** One file under `sql/monitoring/` for both engines, or one per engine. */
  readonly file: string | Readonly<Record<MonitoringEngine, string>>;
}

/** The values the monitoring SQL names; each file uses the ones it needs. */
export interface MonitoringValues {
  /** Qualified LANDING schema: `DB.LANDING` in Snowflake, `landing` locally. */
  readonly LANDING_SCHEMA: string;
  /** Qualified CORE schema. */
  readonly CORE_SCHEMA: string;
  /** Qualified MONITORING schema. */
  readonly MONITORING_SCHEMA: string;
  /** The current time as a UTC timestamp without zone, in the engine's SQL. */
  readonly NOW: string;
  /** Minutes without an upload after which a gateway is SILENT. */
  readonly SILENCE_MINUTES: string;
  /** Share of a gateway's last hour of records, in percent, that makes a REJECTION_SPIKE. */
  readonly REJECTION_RATE_PERCENT: string;
  /** Name of the transform task (the merge), as TASK_RUNS names it. */
  readonly TRANSFORM_TASK: string;
  /** Snowflake only: the database, for its INFORMATION_SCHEMA table functions. */
  readonly DATABASE?: string;
  /** Snowflake only: the Power BI service user. */
  readonly POWER_BI_USER?: string;
}

/** `NOW` in each engine: a UTC timestamp without time zone, like every timestamp of the model. */
export const NOW_SQL: Readonly<Record<MonitoringEngine, string>> = {
  snowflake: "CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP())::TIMESTAMP_NTZ",
  duckdb: "CAST(current_timestamp AT TIME ZONE 'UTC' AS TIMESTAMP)",
};

/** Defaults of the health thresholds, shared by the views, the alert task and the docs. */
export const HEALTH_DEFAULTS = { silenceMinutes: 60, rejectionRatePercent: 20 } as const;

const GATEWAY = { name: "GATEWAY_ID", description: "Gateway from the raw key or (none)" };
const HOUR = { name: "HOUR_START", description: "Start of the UTC hour of upload" };
const at = (name: string, description: string) => ({ name, description });

/** The MONITORING views in creation order (END_TO_END_LAG reads TASK_RUNS). */
export const MONITORING_VIEWS: readonly MonitoringView[] = [
  {
    name: "GATEWAY_HEALTH",
    description:
      "Per gateway: last upload and the last hour of readings and rejections with a status",
    file: "gateway_health.sql",
    columns: [
      GATEWAY,
      at("LAST_UPLOAD_AT", "Newest upload of the gateway in UTC"),
      at("MINUTES_SINCE_UPLOAD", "Minutes since that upload"),
      at("READINGS_LAST_HOUR", "Records accepted from uploads of the last hour"),
      at("REJECTIONS_LAST_HOUR", "Records rejected from uploads of the last hour"),
      at("REJECTION_RATE_PERCENT", "Rejected share of the last hour in percent"),
      at("TOP_REASON", "Most frequent rejection code of the last hour"),
      at("STATUS", "OK or SILENT or REJECTION_SPIKE"),
    ],
  },
  {
    name: "INGEST_BY_GATEWAY_HOUR",
    description: "Per gateway and upload hour: records read against readings and rejections loaded",
    file: "ingest_by_gateway_hour.sql",
    columns: [
      GATEWAY,
      HOUR,
      at("OBJECTS", "Raw objects normalized"),
      at("RECORDS_READ", "Records the normalizer read"),
      at("RECORDS_ACCEPTED", "Records it wrote as readings"),
      at("RECORDS_REJECTED", "Records it rejected"),
      at("READINGS_LOADED", "Readings rows loaded into LANDING"),
      at("REJECTIONS_LOADED", "Rejected records loaded into LANDING"),
      at("RECORDS_UNACCOUNTED", "Read minus loaded: zero once every file has loaded"),
    ],
  },
  {
    name: "REJECTIONS_BY_REASON",
    description: "Rejected records per gateway and upload hour and reason code",
    file: "rejections_by_reason.sql",
    columns: [
      GATEWAY,
      HOUR,
      at("REASON_CODE", "Stable rejection code"),
      at("REJECTIONS", "Rejected records"),
      at("EXAMPLE_MESSAGE", "One of their messages"),
      at("EXAMPLE_SOURCE_KEY", "One of their raw objects"),
    ],
  },
  {
    name: "FILE_LOADS",
    description: "File loads of the last 24 hours into the LANDING tables with their errors",
    file: { snowflake: "snowflake/file_loads.sql", duckdb: "duckdb/file_loads.sql" },
    columns: [
      at("TABLE_NAME", "LANDING table loaded"),
      at("PIPE_NAME", "Pipe that loaded it"),
      at("FILE_NAME", "File loaded"),
      at("STATUS", "LOADED or LOAD_FAILED or PARTIALLY_LOADED"),
      at("ROW_COUNT", "Rows loaded"),
      at("ERROR_COUNT", "Errors in the file"),
      at("FIRST_ERROR_MESSAGE", "First error"),
      at("LAST_LOAD_AT", "When it loaded in UTC"),
    ],
  },
  {
    name: "TASK_RUNS",
    description: "Runs of the database's tasks over the last 6 days",
    file: { snowflake: "snowflake/task_runs.sql", duckdb: "duckdb/task_runs.sql" },
    columns: [
      at("TASK_NAME", "Task"),
      at("SCHEMA_NAME", "Schema of the task"),
      at("STATE", "SCHEDULED or EXECUTING or SUCCEEDED or FAILED or SKIPPED or CANCELLED"),
      at("SCHEDULED_AT", "When the run was scheduled in UTC"),
      at("STARTED_AT", "When it started in UTC"),
      at("COMPLETED_AT", "When it completed in UTC"),
      at("ERROR_MESSAGE", "Why it failed"),
    ],
  },
  {
    name: "PIPES",
    description: "State of the three pipes now",
    file: { snowflake: "snowflake/pipes.sql", duckdb: "duckdb/pipes.sql" },
    columns: [
      at("PIPE_NAME", "Pipe in LANDING"),
      at("EXECUTION_STATE", "RUNNING when healthy"),
      at("PENDING_FILE_COUNT", "Files queued for loading"),
      at("LAST_INGESTED_AT", "Newest file ingested in UTC"),
      at("ERROR", "Last error if any"),
    ],
  },
  {
    name: "FRESHNESS",
    description: "Newest upload and load and merged load and their ages in minutes",
    file: "freshness.sql",
    columns: [
      at("LAST_UPLOAD_AT", "Newest upload in UTC"),
      at("LAST_LOAD_AT", "Newest load into LANDING in UTC"),
      at("LAST_MERGED_LOAD_AT", "Newest load merged into CORE in UTC"),
      at("MINUTES_SINCE_LOAD", "Minutes since the newest load"),
      at("MINUTES_SINCE_MERGE", "Minutes since the newest merged load"),
    ],
  },
  {
    name: "END_TO_END_LAG",
    description: "Per gateway and upload hour: seconds from upload to load and to merge",
    file: "end_to_end_lag.sql",
    columns: [
      GATEWAY,
      HOUR,
      at("FILES", "Normalized files uploaded in the hour"),
      at("AVG_UPLOAD_TO_LOAD_SECONDS", "Mean seconds from upload to load"),
      at("MAX_UPLOAD_TO_LOAD_SECONDS", "Largest seconds from upload to load"),
      at("AVG_UPLOAD_TO_MERGE_SECONDS", "Mean seconds from upload to merge"),
      at("MAX_UPLOAD_TO_MERGE_SECONDS", "Largest seconds from upload to merge"),
      at("FILES_NOT_MERGED", "Files no successful task run has merged yet"),
    ],
  },
  {
    name: "POWER_BI_QUERIES",
    description:
      "Queries of the Power BI user over the last 30 days with duration and cost drivers",
    file: { snowflake: "snowflake/power_bi_queries.sql", duckdb: "duckdb/power_bi_queries.sql" },
    columns: [
      at("QUERY_ID", "Snowflake query id"),
      at("STARTED_AT", "When it started in UTC"),
      at("USER_NAME", "The Power BI service user"),
      at("ROLE_NAME", "Role it ran as"),
      at("WAREHOUSE_NAME", "Warehouse it ran on"),
      at("QUERY_TAG", "Tag set on the Power BI user"),
      at("EXECUTION_STATUS", "SUCCESS or FAIL or INCIDENT"),
      at("DURATION_MS", "Total elapsed milliseconds"),
      at("QUEUED_MS", "Milliseconds queued for provisioning or repair or overload"),
      at("BYTES_SCANNED", "Bytes scanned"),
      at("ROWS_PRODUCED", "Rows returned"),
      at("ERROR_MESSAGE", "Why it failed"),
      at("QUERY_TEXT", "The SQL Power BI sent truncated to 2000 characters"),
    ],
  },
];

const PLACEHOLDER = /\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g;

/** The file of a view for an engine, relative to `sql/`. */
export function monitoringViewFile(view: MonitoringView, engine: MonitoringEngine): string {
  return join("monitoring", typeof view.file === "string" ? view.file : view.file[engine]);
}

/** The SELECT of a view for an engine: its file without comment lines, placeholders filled in. */
export function monitoringViewBody(
  view: MonitoringView,
  engine: MonitoringEngine,
  values: MonitoringValues,
): string {
  const file = monitoringViewFile(view, engine);
  const text = readFileSync(join(SQL_DIR, file), "utf8");
  const body = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .trim();
  const named = new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]));
  const params = Object.fromEntries(
    Object.entries(values).filter(([name, value]) => named.has(name) && value !== undefined),
  );
  return renderSqlText(body, params, `sql/${file}`);
}

/** `CREATE OR REPLACE VIEW` statements of every MONITORING view, for the local pipeline. */
export function monitoringViewStatements(values: MonitoringValues): string[] {
  return MONITORING_VIEWS.map(
    (view) =>
      `CREATE OR REPLACE VIEW ${values.MONITORING_SCHEMA}.${view.name} (${view.columns
        .map((column) => column.name)
        .join(", ")}) AS\n${monitoringViewBody(view, "duckdb", values)}`,
  );
}

/** The gateway health task's body (Snowflake only; see the file's header). */
export function gatewayHealthCheckBody(values: {
  readonly MONITORING_SCHEMA: string;
  readonly LEDGER_STREAM: string;
  readonly DATABASE: string;
  readonly NOTIFICATION_INTEGRATION: string;
}): string {
  const file = "monitoring/snowflake/gateway_health_check.sql";
  const body = readFileSync(join(SQL_DIR, file), "utf8")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .trim();
  return renderSqlText(body, values, `sql/${file}`);
}
