/**
 * Snowpipe's part, locally: every normalized file not in the load history is loaded into
 * `landing.readings_raw` with the lineage columns Snowpipe's COPY adds (file name relative to the
 * stage, row number in the file, load time, and the raw object's upload time read from the file
 * name). A file name is loaded once, like Snowpipe's load history; rejected/ is never loaded.
 */
import { READING_COLUMNS } from "../../contract/reading";
import { uploadTimeOfOutputKey } from "../../lambda/normalizer/keys";
import { inTransaction, LANDING_TABLE, sqlString, type PipelineDatabase } from "./database";
import type { BucketFile } from "./files";

/** The stage is on `normalized/`: file names in the landing table are relative to it. */
export const STAGE_PREFIX = "normalized/";

/**
 * Limits of one INSERT (one transaction, like one Snowpipe load). Bigger batches amortize DuckDB's
 * per-commit work (measured: 8 files per statement took 1.7x as long as 256 on 1,659 files).
 */
const FILES_PER_STATEMENT = 256;
const BYTES_PER_STATEMENT = 64 * 1024 * 1024;

export interface LoadStageResult {
  readonly files: number;
  readonly rows: number;
  readonly alreadyLoaded: number;
  /** Files that could not be loaded, with DuckDB's error; like Snowpipe, they are not retried. */
  readonly failed: readonly { readonly fileName: string; readonly error: string }[];
}

const JSON_COLUMNS = `{${READING_COLUMNS.map((c) => `${c.name}: '${c.duckdbType}'`).join(", ")}}`;
const CONTRACT_NAMES = READING_COLUMNS.map((c) => c.name).join(", ");

/**
 * One file's rows. `row_number() OVER ()` numbers the rows in file order: a gzip file is read by one
 * thread, and an empty window is evaluated as a stream that keeps that order.
 */
function selectFile({ file, fileName, loadedAt, uploadedAt }: LoadEntry): string {
  return `SELECT ${CONTRACT_NAMES}, ${sqlString(fileName)} AS file_name, row_number() OVER () AS file_row, TIMESTAMP ${sqlString(loadedAt.toISOString())} AS loaded_at, TIMESTAMP ${sqlString(uploadedAt.toISOString())} AS uploaded_at
  FROM read_json(${sqlString(file.path)}, format = 'newline_delimited', columns = ${JSON_COLUMNS})`;
}

/** One file of a load, with the times its rows carry. */
interface LoadEntry {
  readonly file: BucketFile;
  readonly fileName: string;
  readonly loadedAt: Date;
  readonly uploadedAt: Date;
}

async function loadedNames(database: PipelineDatabase): Promise<Set<string>> {
  const result = await database.connection.runAndReadAll(
    "SELECT file_name FROM local_state.load_history",
  );
  return new Set(result.getRows().map((row) => String(row[0])));
}

/**
 * Load times strictly increase in load order, so the tie-break after the upload time (loaded_at,
 * then file_name, file_row) follows load order even for files loaded within the same millisecond.
 */
class LoadClock {
  private lastMs = 0;

  constructor(private readonly now: () => number) {}

  next(): Date {
    this.lastMs = Math.max(this.now(), this.lastMs + 1);
    return new Date(this.lastMs);
  }

  async resume(database: PipelineDatabase): Promise<void> {
    const result = await database.connection.runAndReadAll(
      "SELECT CAST(epoch_ms(max(loaded_at)) AS DOUBLE) FROM local_state.load_history",
    );
    const last = result.getRows()[0][0];
    if (typeof last === "number") this.lastMs = Math.max(this.lastMs, last);
  }
}

/** Rows in the landing table; with no deletes ever, also the next rowid. */
export async function landingRowCount(database: PipelineDatabase): Promise<number> {
  const result = await database.connection.runAndReadAll(`SELECT count(*) FROM ${LANDING_TABLE}`);
  return Number(result.getRows()[0][0]);
}

async function insertBatch(
  database: PipelineDatabase,
  batch: readonly LoadEntry[],
): Promise<number> {
  return inTransaction(database.connection, async () => {
    // The landing table is append-only, so its rowids are dense: new rows start at the old count.
    const before = await landingRowCount(database);
    const inserted = await database.connection.run(
      `INSERT INTO ${LANDING_TABLE} BY NAME ${batch
        .map((entry) => `(${selectFile(entry)})`)
        .join("\nUNION ALL\n")}`,
    );
    const counts = await database.connection.runAndReadAll(
      `SELECT file_name, count(*) FROM ${LANDING_TABLE} WHERE rowid >= ${before} GROUP BY file_name`,
    );
    const rowsOf = new Map(counts.getRows().map((row) => [String(row[0]), Number(row[1])]));
    await database.connection.run(
      `INSERT INTO local_state.load_history VALUES ${batch
        .map(
          ({ fileName, loadedAt }) =>
            `(${sqlString(fileName)}, 'LOADED', ${rowsOf.get(fileName) ?? 0}, TIMESTAMP ${sqlString(loadedAt.toISOString())}, NULL)`,
        )
        .join(", ")}`,
    );
    return Number(inserted.rowsChanged);
  });
}

/** Loads the normalized files not loaded yet, oldest upload first. */
export async function runLoadStage(
  database: PipelineDatabase,
  normalizedFiles: readonly BucketFile[],
  onBatch: (filesDone: number, total: number) => void,
  now: () => number = Date.now,
): Promise<LoadStageResult> {
  const loaded = await loadedNames(database);
  const clock = new LoadClock(now);
  await clock.resume(database);
  // The pipe's pattern: only the normalizer's outputs, as the stage's file format expects them.
  const candidates = normalizedFiles
    .filter((file) => file.key.endsWith(".ndjson.gz"))
    .map((file) => ({ file, fileName: file.key.slice(STAGE_PREFIX.length) }));
  const unloaded = candidates.filter(({ fileName }) => !loaded.has(fileName));
  let rows = 0;
  let files = 0;
  const failed: { fileName: string; error: string }[] = [];
  const recordFailure = async (fileName: string, loadedAt: Date, error: string) => {
    failed.push({ fileName, error });
    await database.connection.run(
      `INSERT INTO local_state.load_history VALUES (${sqlString(fileName)}, 'LOAD_FAILED', 0, TIMESTAMP ${sqlString(loadedAt.toISOString())}, ${sqlString(error)})`,
    );
  };
  // Like the pipe's COPY, a name without the upload time fails its file instead of guessing one.
  const fresh: { file: BucketFile; fileName: string; uploadedAt: Date }[] = [];
  for (const entry of unloaded) {
    const uploadedAt = uploadTimeOfOutputKey(entry.file.key);
    if (uploadedAt !== null) fresh.push({ ...entry, uploadedAt });
    else
      await recordFailure(
        entry.fileName,
        clock.next(),
        `${entry.file.key}: the name carries no upload time (<YYYYMMDD>T<HHMMSS>Z-… as the normalizer writes it); only the normalizer's outputs belong under normalized/`,
      );
  }
  for (let start = 0; start < fresh.length;) {
    let end = start + 1;
    let bytes = fresh[start].file.size;
    while (end < fresh.length && end - start < FILES_PER_STATEMENT) {
      bytes += fresh[end].file.size;
      if (bytes > BYTES_PER_STATEMENT) break;
      end++;
    }
    const batch = fresh.slice(start, end).map((entry) => ({ ...entry, loadedAt: clock.next() }));
    start = end;
    try {
      rows += await insertBatch(database, batch);
      files += batch.length;
    } catch {
      // One bad file must not block the others: retry the batch file by file to find it.
      for (const entry of batch) {
        try {
          rows += await insertBatch(database, [entry]);
          files++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await recordFailure(entry.fileName, entry.loadedAt, message);
        }
      }
    }
    onBatch(end, fresh.length);
  }
  return { files, rows, alreadyLoaded: candidates.length - unloaded.length, failed };
}
