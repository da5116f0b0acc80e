/**
 * The local pipeline's DuckDB database: schemas `landing`, `core`, `reporting` and `monitoring` mirror Snowflake's;
 * `local_state` holds what the cloud services remember for us there (which raw objects were
 * normalized, Snowpipe's load history, the stream's offset) and exists only locally.
 */
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/**
 * The landing table, as Snowpipe fills it in Snowflake (LANDING.READINGS_RAW). Its DDL is the
 * shared one from sql/ (see cloud-sql.ts), like the CORE tables'.
 */
export const LANDING_TABLE = "landing.readings_raw";

const SCHEMA_STATEMENTS = [
  "CREATE SCHEMA IF NOT EXISTS landing",
  "CREATE SCHEMA IF NOT EXISTS core",
  "CREATE SCHEMA IF NOT EXISTS reporting",
  "CREATE SCHEMA IF NOT EXISTS monitoring",
  "CREATE SCHEMA IF NOT EXISTS local_state",
  // One row per raw object version the "Lambda" has processed: the S3 event that will not come twice.
  `CREATE TABLE IF NOT EXISTS local_state.normalized_objects (
     source_key VARCHAR NOT NULL,
     etag VARCHAR NOT NULL,
     normalized_key VARCHAR,
     rejected_key VARCHAR,
     format VARCHAR NOT NULL,
     gzip BOOLEAN NOT NULL,
     records BIGINT NOT NULL,
     accepted BIGINT NOT NULL,
     rejected BIGINT NOT NULL,
     rejected_by_reason JSON NOT NULL,
     normalized_at TIMESTAMP NOT NULL,
     PRIMARY KEY (source_key, etag))`,
  // Snowpipe's load history: a file name is loaded once, whatever happens to the file later.
  `CREATE TABLE IF NOT EXISTS local_state.load_history (
     file_name VARCHAR PRIMARY KEY,
     status VARCHAR NOT NULL,
     row_count BIGINT NOT NULL,
     loaded_at TIMESTAMP NOT NULL,
     error VARCHAR)`,
  // The health pipes' load history (health-load-stage.ts), kept per pipe: the stages share names.
  `CREATE TABLE IF NOT EXISTS local_state.health_load_history (
     pipe_name VARCHAR NOT NULL,
     file_name VARCHAR NOT NULL,
     status VARCHAR NOT NULL,
     row_count BIGINT NOT NULL,
     loaded_at TIMESTAMP NOT NULL,
     error VARCHAR,
     PRIMARY KEY (pipe_name, file_name))`,
  // Task runs, the stand-in for TASK_HISTORY behind monitoring.TASK_RUNS.
  `CREATE TABLE IF NOT EXISTS local_state.task_runs (
     task_name VARCHAR NOT NULL,
     state VARCHAR NOT NULL,
     started_at TIMESTAMP NOT NULL,
     completed_at TIMESTAMP,
     error_message VARCHAR)`,
  // Settings the CORE tables were built with (the sensor identity); --rebuild forgets them.
  `CREATE TABLE IF NOT EXISTS local_state.model_settings (
     name VARCHAR PRIMARY KEY,
     value VARCHAR NOT NULL)`,
  // The append-only stream's offset: landing rows (by rowid) that committed task runs consumed.
  `CREATE TABLE IF NOT EXISTS local_state.stream_offsets (
     stream_name VARCHAR PRIMARY KEY,
     consumed_rows BIGINT NOT NULL)`,
];

/** An open pipeline database. Close it to release the file. */
export interface PipelineDatabase {
  readonly connection: DuckDBConnection;
  close(): void;
}

/**
 * Opens (creating if needed) the database file and its schemas and state tables. `memoryLimit`
 * (DuckDB syntax, e.g. "1GB") caps DuckDB's memory; beyond it DuckDB spills to disk.
 */
export async function openPipelineDatabase(
  path: string,
  memoryLimit?: string,
): Promise<PipelineDatabase> {
  const instance = await DuckDBInstance.create(
    path,
    memoryLimit === undefined ? undefined : { memory_limit: memoryLimit },
  );
  const connection = await instance.connect();
  // Every timestamp in the contract is UTC; the session zone must not shift CURRENT_TIMESTAMP casts.
  await connection.run("SET TimeZone = 'UTC'");
  for (const statement of SCHEMA_STATEMENTS) await connection.run(statement);
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Quotes a string as an SQL literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Runs `work` in one transaction: all of it commits, or none of it. */
export async function inTransaction<T>(
  connection: DuckDBConnection,
  work: () => Promise<T>,
): Promise<T> {
  await connection.run("BEGIN TRANSACTION");
  try {
    const result = await work();
    await connection.run("COMMIT");
    return result;
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  }
}
