/**
 * The checks behind `sensorctl local`'s options: each mistake ends in one line naming the option,
 * the path or value, and the fix, instead of an empty run or DuckDB's own words.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { openPipelineDatabase, type PipelineDatabase } from "../../local/pipeline/database";

/** DuckDB's memory_limit syntax: a number and a unit (https://duckdb.org/docs/stable/configuration/overview). */
const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Throws unless `input` is a local bucket: a directory holding `raw/` (with files, unless watching). */
export function checkInputBucket(input: string, watching: boolean): void {
  const example = "e.g. --input ./demo (`sensorctl simulate --out ./demo` writes one)";
  if (!existsSync(input))
    throw new Error(
      `--input ${input} does not exist.\n  Fix: give the local bucket directory that holds raw/, ${example}.`,
    );
  if (!statSync(input).isDirectory())
    throw new Error(
      `--input ${input} is a file, not a directory.\n  Fix: give the local bucket directory that holds raw/, ${example}.`,
    );
  const raw = join(input, "raw");
  if (!existsSync(raw)) {
    if (basename(input) === "raw")
      throw new Error(
        `--input ${input} is the raw/ folder itself.\n  Fix: give the directory that holds it: --input ${dirname(input)}.`,
      );
    throw new Error(
      `--input ${input} has no raw/ directory.\n  Fix: put uploads under ${raw}/<gateway>/, or give the directory that holds raw/, ${example}.`,
    );
  }
  if (!watching && !hasFile(raw))
    throw new Error(
      `--input ${input} has no files under raw/.\n  Fix: add uploads under ${raw}/<gateway>/ (or simulate some), or use --watch to wait for them.`,
    );
}

function hasFile(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some(
    (entry) =>
      !entry.name.startsWith(".") &&
      (entry.isFile() || (entry.isDirectory() && hasFile(join(dir, entry.name)))),
  );
}

/** Throws unless `size` is a memory size DuckDB accepts. */
export function checkMemoryLimit(size: string | undefined): void {
  if (size !== undefined && !MEMORY_LIMIT.test(size.trim()))
    throw new Error(
      `--memory-limit ${size} is not a memory size.\n  Fix: give a number and a unit, e.g. --memory-limit 1GB or --memory-limit 512MB.`,
    );
}

/**
 * Opens the pipeline database. With `create` false a missing file is an error (a mistyped --db
 * must not silently start an empty database); with `create` true a new file is announced through
 * `announce`. DuckDB's lock error becomes the reason and the fix.
 */
export async function openDatabaseOption(
  db: string,
  memoryLimit: string | undefined,
  create: boolean,
  announce: (line: string) => void,
): Promise<PipelineDatabase> {
  checkMemoryLimit(memoryLimit);
  const isNew = !existsSync(db);
  if (isNew && !create)
    throw new Error(
      `--db ${db} does not exist.\n  Fix: check the path, or create the database by running the pipeline: sensorctl local --input <dir> --db ${db}.`,
    );
  if (isNew && !existsSync(dirname(db)))
    throw new Error(
      `--db ${db}: the directory ${dirname(db)} does not exist.\n  Fix: create it, or give a path in an existing directory.`,
    );
  let database: PipelineDatabase;
  try {
    database = await openPipelineDatabase(db, memoryLimit?.trim());
  } catch (error) {
    const message = (error as Error).message;
    const holder = /Conflicting lock is held in .*\(PID (\d+)\)/.exec(message);
    if (/Could not set lock on file/.test(message))
      throw new Error(
        `--db ${db} is open in another process${holder ? ` (PID ${holder[1]})` : ""}, e.g. a running \`sensorctl local --watch\`; DuckDB lets one process open a database file at a time.\n  Fix: stop that process (Ctrl-C), then run this again.`,
      );
    throw new Error(`--db ${db} cannot be opened: ${message}`);
  }
  if (isNew) announce(`created a new database ${db}`);
  return database;
}
