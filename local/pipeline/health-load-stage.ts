/**
 * The two health pipes, locally: every `rejected/` and `ledger/` file not loaded yet goes into
 * `landing.rejected_records` and `landing.ingest_ledger` with the lineage Snowpipe adds, once per
 * file name, like the readings pipe (load-stage.ts). Their load history is kept per pipe, because
 * the three stages share stage-relative file names (an object's outputs have the same path).
 */
import { LEDGER_COLUMNS } from "../../contract/health";
import { inTransaction, sqlString, type PipelineDatabase } from "./database";
import { listBucketFiles, type BucketFile } from "./files";

/** One health pipe: which prefix it loads, into which table, with which SELECT per file. */
interface HealthPipe {
  readonly name: string;
  readonly prefix: string;
  /** How the pipe's file names end: rejected files are gzip NDJSON, ledger lines plain JSON. */
  readonly suffix: string;
  readonly table: string;
  readonly select: (path: string, fileName: string, loadedAt: string) => string;
}

const LEDGER_JSON = `{${LEDGER_COLUMNS.map((c) => `${c.source ?? c.name}: '${c.duckdbType}'`).join(", ")}}`;
const LEDGER_SELECT = LEDGER_COLUMNS.map((c) =>
  c.source === undefined ? c.name : `${c.source} AS ${c.name}`,
).join(", ");

/** The local pipes, named like their Snowflake counterparts (constructs/snowflake-health-ingestion.ts). */
export const HEALTH_PIPES: readonly HealthPipe[] = [
  {
    name: "REJECTED_RECORDS_PIPE",
    prefix: "rejected/",
    suffix: ".ndjson.gz",
    table: "landing.rejected_records",
    select: (path, fileName, loadedAt) =>
      `SELECT source_key, source_line, reason.code AS reason_code, reason.message AS reason_message, raw,
         ${fileName} AS file_name, row_number() OVER () AS file_row, ${loadedAt} AS loaded_at
       FROM read_json(${path}, format = 'newline_delimited',
         columns = {source_key: 'VARCHAR', source_line: 'BIGINT', reason: 'STRUCT(code VARCHAR, message VARCHAR)', raw: 'VARCHAR'})`,
  },
  {
    name: "INGEST_LEDGER_PIPE",
    prefix: "ledger/",
    suffix: ".json",
    table: "landing.ingest_ledger",
    select: (path, fileName, loadedAt) =>
      `SELECT ${LEDGER_SELECT}, ${fileName} AS file_name, ${loadedAt} AS loaded_at
       FROM read_json(${path}, format = 'newline_delimited', columns = ${LEDGER_JSON})`,
  },
];

export interface HealthLoadResult {
  /** Files loaded in this run, by pipe name. */
  readonly files: Readonly<Record<string, number>>;
  /** Files that could not be loaded, with DuckDB's error; like Snowpipe, they are not retried. */
  readonly failed: readonly {
    readonly pipe: string;
    readonly fileName: string;
    readonly error: string;
  }[];
}

async function loadedNames(database: PipelineDatabase, pipe: string): Promise<Set<string>> {
  const result = await database.connection.runAndReadAll(
    `SELECT file_name FROM local_state.health_load_history WHERE pipe_name = ${sqlString(pipe)}`,
  );
  return new Set(result.getRows().map((row) => String(row[0])));
}

/** Files per INSERT: one statement per batch, as the readings load does (load-stage.ts). */
const FILES_PER_STATEMENT = 256;

interface Pending {
  readonly file: BucketFile;
  readonly fileName: string;
}

async function loadBatch(
  database: PipelineDatabase,
  pipe: HealthPipe,
  batch: readonly Pending[],
  loadedAt: Date,
): Promise<void> {
  const at = `TIMESTAMP ${sqlString(loadedAt.toISOString())}`;
  const names = batch.map(({ fileName }) => sqlString(fileName)).join(", ");
  await inTransaction(database.connection, async () => {
    await database.connection.run(
      `INSERT INTO ${pipe.table} BY NAME ${batch
        .map(
          ({ file, fileName }) => `(${pipe.select(sqlString(file.path), sqlString(fileName), at)})`,
        )
        .join("\nUNION ALL\n")}`,
    );
    await database.connection.run(
      `INSERT INTO local_state.health_load_history
       SELECT ${sqlString(pipe.name)}, name, 'LOADED', coalesce(rows, 0), ${at}, NULL
       FROM unnest([${names}]) AS names(name)
       LEFT JOIN (SELECT file_name, count(*) AS rows FROM ${pipe.table} WHERE file_name IN (${names}) GROUP BY file_name)
         ON file_name = name`,
    );
  });
}

async function recordFailure(
  database: PipelineDatabase,
  pipe: HealthPipe,
  fileName: string,
  loadedAt: Date,
  message: string,
): Promise<void> {
  await database.connection.run(
    `INSERT INTO local_state.health_load_history VALUES (${sqlString(pipe.name)}, ${sqlString(fileName)}, 'LOAD_FAILED', 0, TIMESTAMP ${sqlString(loadedAt.toISOString())}, ${sqlString(message)})`,
  );
}

/** Loads the rejected/ and ledger/ files of the local bucket not loaded yet, oldest upload first. */
export async function runHealthLoadStage(
  database: PipelineDatabase,
  bucket: string,
  now: () => number = Date.now,
): Promise<HealthLoadResult> {
  const files: Record<string, number> = {};
  const failed: { pipe: string; fileName: string; error: string }[] = [];
  for (const pipe of HEALTH_PIPES) {
    const loaded = await loadedNames(database, pipe.name);
    const fresh = listBucketFiles(bucket, pipe.prefix.slice(0, -1))
      .filter((file) => file.key.endsWith(pipe.suffix))
      .map((file) => ({ file, fileName: file.key.slice(pipe.prefix.length) }))
      .filter(({ fileName }) => !loaded.has(fileName));
    files[pipe.name] = 0;
    for (let start = 0; start < fresh.length; start += FILES_PER_STATEMENT) {
      const batch = fresh.slice(start, start + FILES_PER_STATEMENT);
      const loadedAt = new Date(now());
      try {
        await loadBatch(database, pipe, batch, loadedAt);
        files[pipe.name] += batch.length;
      } catch {
        // One bad file must not block the others: retry the batch file by file to find it.
        for (const entry of batch) {
          try {
            await loadBatch(database, pipe, [entry], loadedAt);
            files[pipe.name]++;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            failed.push({ pipe: pipe.name, fileName: entry.fileName, error: message });
            await recordFailure(database, pipe, entry.fileName, loadedAt, message);
          }
        }
      }
    }
  }
  return { files, failed };
}
