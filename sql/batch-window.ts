import type { SqlEngine } from "./core-model";

/**
 * The batch's window: the whole UTC hours its observations fall in, `[WINDOW_START, WINDOW_END)`.
 * Every reading the batch can match, and every hour it touches, lies inside, so the statements
 * bound CORE by it and their cost follows the batch instead of the table's history.
 *
 * It is computed once, before the statements, into values the statements see as constants:
 * Snowflake prunes micro-partitions on constants but "does not prune micro-partitions based on a
 * predicate with a subquery, even if the subquery results in a constant" (docs.snowflake.com
 * user-guide/tables-clustering-micropartitions, "Query pruning"). In the task's Snowflake Scripting
 * block they are variables bound into each statement; in DuckDB, a session variable that
 * `getvariable` folds into the scan's filter (EXPLAIN ANALYZE shows the bounds as literals).
 */
const WINDOW_START = "DATE_TRUNC('HOUR', MIN(OBSERVED_AT))";
const WINDOW_END = "DATE_TRUNC('HOUR', MAX(OBSERVED_AT)) + INTERVAL '1 HOUR'";

/** How the statements refer to the window's bounds, per engine (`{{ WINDOW_START }}`, …). */
export const WINDOW_REFERENCES: Readonly<Record<SqlEngine, { start: string; end: string }>> = {
  snowflake: { start: ":window_start", end: ":window_end" },
  duckdb: {
    start: "getvariable('batch_window').window_start",
    end: "getvariable('batch_window').window_end",
  },
};

/** Snowflake Scripting declarations of the window's variables, for the task body's DECLARE. */
export const SNOWFLAKE_WINDOW_DECLARATIONS = [
  "window_start TIMESTAMP_NTZ(3);",
  "window_end TIMESTAMP_NTZ(3);",
];

/**
 * The statement that computes the window from `changes`; run it inside the transaction, before
 * the transformation, so it reads the same batch.
 */
export function batchWindowStatement(engine: SqlEngine, changes: string): string {
  return engine === "snowflake"
    ? `SELECT ${WINDOW_START}, ${WINDOW_END} INTO :window_start, :window_end FROM ${changes}`
    : `SET VARIABLE batch_window = (SELECT {'window_start': ${WINDOW_START}, 'window_end': ${WINDOW_END}} FROM ${changes})`;
}
