/**
 * The Lambda's part, locally: every raw object version not normalized yet goes through the same
 * normalizer core as the Lambda, into `normalized/` and `rejected/` under the keys the Lambda would
 * write. A version is processed once, as S3 sends one event per upload.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readSettings } from "../../lambda/normalizer";
import { readSimulatedUploads, uploadTimeLookup } from "../simulated-uploads";
import { sqlString, type PipelineDatabase } from "./database";
import type { BucketFile } from "./files";
import type { NormalizeJobResult } from "./normalize-file";
import { createNormalizePool } from "./worker-pool";

/** Totals of the normalize stage of one run. */
export interface NormalizeStageResult {
  /** Raw object versions normalized in this run. */
  readonly objects: number;
  /** Raw files seen but already normalized in an earlier run. */
  readonly alreadyNormalized: number;
  readonly records: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Record<string, number>>;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function processedVersions(database: PipelineDatabase): Promise<Set<string>> {
  const result = await database.connection.runAndReadAll(
    "SELECT source_key || '\n' || etag FROM local_state.normalized_objects",
  );
  return new Set(result.getRows().map((row) => String(row[0])));
}

async function remember(
  database: PipelineDatabase,
  file: BucketFile,
  etag: string,
  { counts, normalizedKey, rejectedKey }: NormalizeJobResult,
): Promise<void> {
  const optional = (key: string | null) => (key === null ? "NULL" : sqlString(key));
  await database.connection.run(
    `INSERT OR REPLACE INTO local_state.normalized_objects VALUES (${[
      sqlString(file.key),
      sqlString(etag),
      optional(normalizedKey),
      optional(rejectedKey),
      sqlString(counts.format),
      String(counts.gzip),
      counts.records,
      counts.accepted,
      counts.rejected,
      sqlString(JSON.stringify(counts.rejectedByReason)),
      `TIMESTAMP ${sqlString(new Date().toISOString())}`,
    ].join(", ")})`,
  );
}

/**
 * Normalizes the raw files not processed yet on `workers` worker threads (0: on this thread);
 * `onObject` reports progress.
 */
export async function runNormalizeStage(
  database: PipelineDatabase,
  bucket: string,
  rawFiles: readonly BucketFile[],
  workers: number,
  onObject: (done: number, total: number) => void,
): Promise<NormalizeStageResult> {
  // The same environment variables as the Lambda's (DEFAULT_TIME_ZONE, …), validated the same way.
  const settings = readSettings();
  const seen = await processedVersions(database);
  const uploadTime = uploadTimeLookup(readSimulatedUploads(bucket));
  const todo: { file: BucketFile; etag: string; uploadedAt: Date }[] = [];
  for (const file of rawFiles) {
    const etag = await md5Of(file.path);
    if (!seen.has(`${file.key}\n${etag}`))
      todo.push({ file, etag, uploadedAt: uploadTime(file.key, etag, file.lastModified) });
  }
  // In upload order, as S3 would have sent the events (a copied file's mtime is not its upload time).
  todo.sort((a, b) => a.uploadedAt.getTime() - b.uploadedAt.getTime());
  const totals = { records: 0, accepted: 0, rejected: 0 };
  const byReason: Record<string, number> = {};
  const pool = createNormalizePool(todo.length > 1 ? Math.min(workers, todo.length) : 0);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < todo.length) {
      const { file, etag, uploadedAt } = todo[next++];
      const result = await pool.run({
        bucket,
        path: file.path,
        key: file.key,
        etag,
        lastModifiedMs: uploadedAt.getTime(),
        settings,
      });
      await remember(database, file, etag, result);
      totals.records += result.counts.records;
      totals.accepted += result.counts.accepted;
      totals.rejected += result.counts.rejected;
      for (const [code, count] of Object.entries(result.counts.rejectedByReason))
        byReason[code] = (byReason[code] ?? 0) + (count ?? 0);
      onObject(++done, todo.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, workers) }, lane));
  } finally {
    await pool.close();
  }
  return {
    objects: todo.length,
    alreadyNormalized: rawFiles.length - todo.length,
    ...totals,
    rejectedByReason: byReason,
  };
}
