import { renderSql } from "./render";
import { batchWindowStatement, SNOWFLAKE_WINDOW_DECLARATIONS } from "./batch-window";
import { type TransformNames, transformStatements } from "./merge-statements";
import { indent, statementOf } from "./statement-text";

// The Snowflake Scripting blocks the Snowflake tasks run: the transformation and the freshness check.

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
