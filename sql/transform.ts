import { renderSql } from "./render";
import { CREATE_TABLES_FILES, type SqlEngine } from "./core-model";
import {
  batchWindowStatement,
  SNOWFLAKE_WINDOW_DECLARATIONS,
  WINDOW_REFERENCES,
} from "./batch-window";
import { SENSOR_KEY_EXPRESSIONS, type SensorIdentity } from "./sensor-identity";

/**
 * The SQL the Snowflake task and the local DuckDB pipeline both run, rendered from the files in
 * `sql/` so the two engines execute the same text. Every statement is written in the subset both
 * engines accept (MERGE, QUALIFY, DATE_TRUNC, ARRAY_* functions, INTERVAL arithmetic); only the
 * way they read the batch's window differs (sql/batch-window.ts).
 */

/** Names the transformation statements read and write. */
export interface TransformNames {
  /**
   * Relation holding the batch of newly loaded rows with the READINGS_RAW columns: the stream in
   * Snowflake (`DB.LANDING.READINGS_RAW_CHANGES`), a table or view of new rows locally.
   */
  readonly changes: string;
  /** Schema holding READINGS, SENSORS and READINGS_HOURLY: `DB.CORE` in Snowflake, `core` locally. */
  readonly coreSchema: string;
  /** What identifies a sensor (sql/sensor-identity.ts). @default "gateway" */
  readonly sensorIdentity?: SensorIdentity;
}

/** The transformation's statements, in the order they must run inside one transaction. */
export const TRANSFORM_FILES = [
  "merge_readings.sql",
  "merge_sensors.sql",
  "recompute_readings_hourly.sql",
] as const;

/**
 * The transformation as separate statements without trailing semicolons, for one engine. Run them
 * in this order in one transaction, after `batchWindowStatement` of the same engine: the hourly
 * recompute reads READINGS as merged, and every statement must see the same batch (a Snowflake
 * stream returns the same rows throughout a transaction).
 */
export function transformStatements(names: TransformNames, engine: SqlEngine): string[] {
  const window = WINDOW_REFERENCES[engine];
  return TRANSFORM_FILES.map((file) =>
    statementOf(
      renderSql(file, {
        CHANGES: names.changes,
        CORE_SCHEMA: names.coreSchema,
        SENSOR_KEY: SENSOR_KEY_EXPRESSIONS[names.sensorIdentity ?? "gateway"],
        ...(WINDOWED_FILES.has(file) ? { WINDOW_START: window.start, WINDOW_END: window.end } : {}),
      }),
    ),
  );
}

/** The statements bounded by the batch's window; SENSORS has no time axis to bound. */
const WINDOWED_FILES: ReadonlySet<string> = new Set([
  "merge_readings.sql",
  "recompute_readings_hourly.sql",
]);

/**
 * The Snowflake task body: one Snowflake Scripting block running the transformation statements in
 * one explicit transaction, rolled back and re-raised on error so the task run fails (and its
 * error integration reports it) with nothing half-applied and the stream offset unmoved.
 */
export function snowflakeTaskBody(names: TransformNames): string {
  const statements = [
    batchWindowStatement("snowflake", names.changes),
    ...transformStatements(names, "snowflake"),
  ].map((statement) => `${indent(statement)};`);
  return [
    "DECLARE",
    ...SNOWFLAKE_WINDOW_DECLARATIONS.map((declaration) => `  ${declaration}`),
    "BEGIN",
    "  BEGIN TRANSACTION;",
    ...statements,
    "  COMMIT;",
    "EXCEPTION",
    "  WHEN OTHER THEN",
    "    ROLLBACK;",
    "    RAISE;",
    // A Snowflake Scripting block ends in `END;` (developer-guide/snowflake-scripting/blocks).
    "END;",
  ].join("\n");
}

/** A column of a REPORTING view, as a report author sees it. */
export interface ReportingViewColumn {
  /** Upper-case column name. */
  readonly name: string;
  /** One sentence for the column comment; no commas or parentheses (the provider parses them). */
  readonly description: string;
}

/** A REPORTING view: its name, the file with its SELECT, and its columns in SELECT order. */
export interface ReportingView {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly columns: readonly ReportingViewColumn[];
}

const SENSOR_KEY = {
  name: "SENSOR_KEY",
  description: "The sensor's identity: gateway/sensor id or the sensor id where ids are global",
};
const SENSOR_ID = { name: "SENSOR_ID", description: "Sensor identifier as the gateway reports it" };
const METRIC = { name: "METRIC", description: "What was measured in lower snake case" };
const GATEWAY_ID = { name: "GATEWAY_ID", description: "Gateway that uploaded the reading" };
const LOADED_AT = { name: "LOADED_AT", description: "When Snowflake loaded the reading in UTC" };

/** The REPORTING views Power BI reads; see docs/power-bi.md for what each is for. */
export const REPORTING_VIEWS: readonly ReportingView[] = [
  {
    name: "READINGS",
    file: "views/readings.sql",
    description: "Every reading: one row per sensor and metric and observation time",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      METRIC,
      { name: "VALUE", description: "Measured value in the canonical unit" },
      { name: "UNIT", description: "Canonical unit or empty when the gateway sent none" },
      { name: "OBSERVED_AT", description: "When the value was measured in UTC" },
      { name: "OBSERVED_DATE", description: "UTC date of OBSERVED_AT for the date table" },
      GATEWAY_ID,
      LOADED_AT,
      { name: "UPLOADED_AT", description: "When the gateway uploaded the file holding it in UTC" },
    ],
  },
  {
    name: "READINGS_HOURLY",
    file: "views/readings_hourly.sql",
    description: "Hourly count and min and max and average and sum per sensor and metric",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      METRIC,
      { name: "HOUR_START", description: "Start of the UTC hour" },
      { name: "HOUR_DATE", description: "UTC date of HOUR_START for the date table" },
      { name: "READING_COUNT", description: "Number of readings in the hour" },
      { name: "VALUE_MIN", description: "Smallest value in the hour" },
      { name: "VALUE_MAX", description: "Largest value in the hour" },
      { name: "VALUE_AVG", description: "Mean value in the hour" },
      { name: "VALUE_SUM", description: "Sum of the values in the hour" },
    ],
  },
  {
    name: "SENSORS",
    file: "views/sensors.sql",
    description: "One row per sensor with its gateway and metrics and first and last observation",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      { name: "GATEWAY_ID", description: "Gateway of the latest observation" },
      {
        name: "GATEWAYS",
        description: "Every gateway the sensor reported through sorted and comma separated",
      },
      { name: "METRICS", description: "Metrics the sensor reports sorted and comma separated" },
      { name: "FIRST_SEEN_AT", description: "Earliest observation in UTC" },
      { name: "LAST_SEEN_AT", description: "Latest observation in UTC" },
    ],
  },
  {
    name: "LATEST_READINGS",
    file: "views/latest_readings.sql",
    description: "The most recent reading of every sensor and metric",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      METRIC,
      { name: "VALUE", description: "Latest measured value in the canonical unit" },
      { name: "UNIT", description: "Canonical unit or empty when the gateway sent none" },
      { name: "OBSERVED_AT", description: "When the latest value was measured in UTC" },
      GATEWAY_ID,
      LOADED_AT,
    ],
  },
];

/** The SELECT of a REPORTING view, reading from `coreSchema` (qualify it fully in Snowflake). */
export function viewBody(view: ReportingView, names: Pick<TransformNames, "coreSchema">): string {
  return statementOf(renderSql(view.file, { CORE_SCHEMA: names.coreSchema }));
}

/** `CREATE OR REPLACE VIEW` statements of every REPORTING view, for the local pipeline. */
export function viewStatements(
  names: Pick<TransformNames, "coreSchema"> & { readonly reportingSchema: string },
): string[] {
  return REPORTING_VIEWS.map(
    (view) =>
      `CREATE OR REPLACE VIEW ${names.reportingSchema}.${view.name} (${view.columns
        .map((column) => column.name)
        .join(", ")}) AS\n${viewBody(view, names)}`,
  );
}

/** Schemas the table DDL creates its tables in. */
export interface SchemaNames {
  readonly landingSchema: string;
  readonly coreSchema: string;
}

/** The CREATE TABLE statements of LANDING.READINGS_RAW and the CORE tables for one engine. */
export function createTableStatements(engine: SqlEngine, names: SchemaNames): string[] {
  const text = renderSql(CREATE_TABLES_FILES[engine], {
    LANDING_SCHEMA: names.landingSchema,
    CORE_SCHEMA: names.coreSchema,
  });
  return text
    .split(/;\s*\n/)
    .map(statementOf)
    .filter((statement) => statement.length > 0);
}

/** Snowflake-only body of the freshness task (see sql/freshness_check.sql). */
export function freshnessCheckBody(params: {
  readonly coreSchema: string;
  readonly thresholdMinutes: number;
  readonly checkIntervalMinutes: number;
  readonly notificationIntegration: string;
}): string {
  // A Snowflake Scripting block ends in `END;` (developer-guide/snowflake-scripting/blocks).
  const block = statementOf(
    renderSql("freshness_check.sql", {
      CORE_SCHEMA: params.coreSchema,
      THRESHOLD_MINUTES: String(params.thresholdMinutes),
      CHECK_INTERVAL_MINUTES: String(params.checkIntervalMinutes),
      NOTIFICATION_INTEGRATION: params.notificationIntegration,
    }),
  );
  return `${block};`;
}

/** The statement without its leading comment lines, trailing semicolon or surrounding blank space. */
function statementOf(text: string): string {
  const lines = text.split("\n");
  while (lines.length > 0 && (lines[0].trim() === "" || lines[0].trimStart().startsWith("--"))) {
    lines.shift();
  }
  return lines.join("\n").trim().replace(/;$/, "").trimEnd();
}

function indent(statement: string): string {
  return statement
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
