import { renderSql } from "./render";
import type { SqlEngine } from "./core-model";
import { WINDOW_REFERENCES } from "./batch-window";
import { SENSOR_KEY_EXPRESSIONS, type SensorIdentity } from "./sensor-identity";
import { statementOf } from "./statement-text";

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
