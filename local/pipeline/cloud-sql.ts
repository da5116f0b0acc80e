/**
 * The SQL of the Snowflake side, rendered for DuckDB from the same `sql/` files: the table DDL
 * generated from the contract, the task's transformation statements (reading the batch from the
 * local stream's snapshot instead of the Snowflake stream), the REPORTING views and the MONITORING
 * views (with the local stand-ins for Snowflake's history functions, see sql/monitoring.ts).
 */
import { batchWindowStatement } from "../../sql/batch-window";
import type { SensorIdentity } from "../../sql/sensor-identity";
import { createTableStatements } from "../../sql/table-ddl";
import { REPORTING_VIEWS, viewStatements } from "../../sql/reporting-views";
import { TRANSFORM_FILES, transformStatements } from "../../sql/merge-statements";
import {
  HEALTH_DEFAULTS,
  MONITORING_VIEWS,
  monitoringViewStatements,
  NOW_SQL,
} from "../../sql/monitoring";
import type { PipelineSql } from "./run";
import { CHANGES_RELATION, TRANSFORM_TASK_NAME } from "./task-stage";

const SCHEMAS = { landingSchema: "landing", coreSchema: "core", reportingSchema: "reporting" };

/** `CREATE TABLE IF NOT EXISTS landing.READINGS_RAW (…` → `landing.READINGS_RAW`, for errors. */
function tableName(statement: string): string {
  return /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\S+)/i.exec(statement)?.[1] ?? "a table";
}

/**
 * The local pipeline's SQL. `sensorIdentity` is the environment setting
 * `snowflake.transformation.sensorIdentity`; a database keeps the identity it was built with
 * (`--rebuild` to change it).
 */
export function pipelineSql(sensorIdentity: SensorIdentity = "gateway"): PipelineSql {
  const tables = createTableStatements("duckdb", SCHEMAS).map((sql) => ({
    name: tableName(sql),
    sql,
  }));
  const views = viewStatements(SCHEMAS).map((sql, index) => ({
    name: `reporting.${REPORTING_VIEWS[index].name}`,
    sql,
  }));
  const window = { name: "batch_window", sql: batchWindowStatement("duckdb", CHANGES_RELATION) };
  const transform = transformStatements(
    { changes: CHANGES_RELATION, coreSchema: "core", sensorIdentity },
    "duckdb",
  ).map((sql, index) => ({ name: TRANSFORM_FILES[index].replace(/\.sql$/, ""), sql }));
  const monitoring = monitoringViewStatements({
    LANDING_SCHEMA: "landing",
    CORE_SCHEMA: "core",
    MONITORING_SCHEMA: "monitoring",
    NOW: NOW_SQL.duckdb,
    SILENCE_MINUTES: String(HEALTH_DEFAULTS.silenceMinutes),
    REJECTION_RATE_PERCENT: String(HEALTH_DEFAULTS.rejectionRatePercent),
    TRANSFORM_TASK: TRANSFORM_TASK_NAME,
  }).map((sql, index) => ({ name: `monitoring.${MONITORING_VIEWS[index].name}`, sql }));
  return {
    setup: [...tables, ...views, ...monitoring],
    task: [window, ...transform],
    sensorIdentity,
  };
}
