/**
 * The stream and the task, locally. An append-only stream on the landing table is an offset: the
 * rows after it are the changes. When there are any (SYSTEM$STREAM_HAS_DATA), the task's
 * statements run in one transaction against a snapshot of those rows, and the offset moves only
 * when that transaction commits, exactly as a Snowflake stream consumed in a task. Landing rows are
 * never deleted, so their rowids are dense and the offset is a row count.
 */
import { inTransaction, LANDING_TABLE, sqlString, type PipelineDatabase } from "./database";
import { landingRowCount } from "./load-stage";

/** The Snowflake stream this offset stands for. */
export const STREAM_NAME = "landing.readings_raw_changes";

/** The Snowflake task this stage stands for, as monitoring.TASK_RUNS names its runs. */
export const TRANSFORM_TASK_NAME = "TRANSFORM_READINGS";

/** The relation the task statements read the batch from (their `{{ CHANGES }}`). */
export const CHANGES_RELATION = "temp.main.readings_raw_changes";

/** One task statement, named for the summary. */
export interface TaskStatement {
  readonly name: string;
  readonly sql: string;
}

export interface TaskStageResult {
  /** Whether the stream had data, so the task ran. */
  readonly ran: boolean;
  /** Landing rows the run consumed. */
  readonly changes: number;
  /** Rows each statement inserted, updated or deleted, by statement name. */
  readonly rowsChanged: Readonly<Record<string, number>>;
  /** Seconds each statement took, by statement name. */
  readonly seconds: Readonly<Record<string, number>>;
}

async function consumedRows(database: PipelineDatabase): Promise<number> {
  const result = await database.connection.runAndReadAll(
    `SELECT consumed_rows FROM local_state.stream_offsets WHERE stream_name = '${STREAM_NAME}'`,
  );
  const rows = result.getRows();
  return rows.length === 0 ? 0 : Number(rows[0][0]);
}

/** Runs the task once if the stream has data; `statements` read the batch from CHANGES_RELATION. */
export async function runTaskStage(
  database: PipelineDatabase,
  statements: readonly TaskStatement[],
): Promise<TaskStageResult> {
  const offset = await consumedRows(database);
  const high = await landingRowCount(database);
  if (high <= offset) return { ran: false, changes: 0, rowsChanged: {}, seconds: {} };
  const startedAt = new Date();
  try {
    const result = await mergeChanges(database, statements, offset, high);
    await recordRun(database, startedAt, "SUCCEEDED", null);
    return result;
  } catch (error) {
    await recordRun(database, startedAt, "FAILED", (error as Error).message);
    throw error;
  }
}

/** Keeps the run for monitoring.TASK_RUNS, like Snowflake's TASK_HISTORY. */
async function recordRun(
  database: PipelineDatabase,
  startedAt: Date,
  state: "SUCCEEDED" | "FAILED",
  error: string | null,
): Promise<void> {
  await database.connection.run(
    `INSERT INTO local_state.task_runs VALUES (${[
      sqlString(TRANSFORM_TASK_NAME),
      sqlString(state),
      `TIMESTAMP ${sqlString(startedAt.toISOString())}`,
      `TIMESTAMP ${sqlString(new Date().toISOString())}`,
      error === null ? "NULL" : sqlString(error),
    ].join(", ")})`,
  );
}

async function mergeChanges(
  database: PipelineDatabase,
  statements: readonly TaskStatement[],
  offset: number,
  high: number,
): Promise<TaskStageResult> {
  const { connection } = database;
  return inTransaction(connection, async () => {
    // A view, not a copy: DuckDB pushes the rowid range into the scan, and inside this
    // transaction the rows cannot change (landing only grows, and only between runs).
    await connection.run(
      `CREATE OR REPLACE TEMP VIEW readings_raw_changes AS SELECT * FROM ${LANDING_TABLE} WHERE rowid >= ${offset} AND rowid < ${high}`,
    );
    const rowsChanged: Record<string, number> = {};
    const seconds: Record<string, number> = {};
    for (const statement of statements) {
      try {
        const started = Date.now();
        const result = await connection.run(statement.sql);
        rowsChanged[statement.name] = Number(result.rowsChanged);
        seconds[statement.name] = (Date.now() - started) / 1000;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`task statement ${statement.name} failed: ${message}`);
      }
    }
    await connection.run(
      `INSERT OR REPLACE INTO local_state.stream_offsets VALUES ('${STREAM_NAME}', ${high})`,
    );
    await connection.run(`DROP VIEW ${CHANGES_RELATION}`);
    return { ran: true, changes: high - offset, rowsChanged, seconds };
  });
}
