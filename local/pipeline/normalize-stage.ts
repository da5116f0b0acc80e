/**
 * The Lambda's part, locally: every raw object version not normalized yet goes through the same
 * normalizer core as the Lambda, into `normalized/` and `rejected/` under the keys the Lambda would
 * write. A version is processed once, as S3 sends one event per upload.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, renameSync, utimesSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  normalizeObject,
  optionsFromSettings,
  outputKeysFor,
  readSettings,
  type NormalizeCounts,
  type NormalizerSettings,
  type OutputKind,
} from "../../lambda/normalizer";
import { sqlString, type PipelineDatabase } from "./database";
import type { BucketFile } from "./files";

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

/** Writes to a dot file first and renames it on success, so the loader never sees half a file. */
function openOutputFile(bucket: string, key: string, lastModified: Date, done: Promise<void>[]) {
  const target = join(bucket, ...key.split("/"));
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  mkdirSync(dirname(target), { recursive: true });
  const file = createWriteStream(partial);
  done.push(
    new Promise((resolve, reject) => {
      file.on("error", reject).on("close", () => {
        renameSync(partial, target);
        // The output's "upload time" follows its raw object, so the loader keeps upload order.
        utimesSync(target, lastModified, lastModified);
        resolve();
      });
    }),
  );
  return file;
}

async function normalizeOne(
  bucket: string,
  file: BucketFile,
  etag: string,
  settings: NormalizerSettings,
): Promise<{ counts: NormalizeCounts; normalizedKey: string | null; rejectedKey: string | null }> {
  const keys = outputKeysFor(file.key, { eTag: etag, lastModified: file.lastModified });
  const written: Promise<void>[] = [];
  const result = await normalizeObject(createReadStream(file.path, { highWaterMark: 1 << 20 }), {
    sourceKey: file.key,
    gatewayId: keys.gatewayId,
    options: optionsFromSettings(settings, file.lastModified),
    openOutput: (kind: OutputKind) =>
      openOutputFile(
        bucket,
        kind === "normalized" ? keys.normalizedKey : keys.rejectedKey,
        file.lastModified,
        written,
      ),
  });
  await Promise.all(written);
  return {
    counts: result.counts,
    normalizedKey: result.wrote.normalized ? keys.normalizedKey : null,
    rejectedKey: result.wrote.rejected ? keys.rejectedKey : null,
  };
}

/** Normalizes the raw files not processed yet; `onObject` reports progress. */
export async function runNormalizeStage(
  database: PipelineDatabase,
  bucket: string,
  rawFiles: readonly BucketFile[],
  onObject: (done: number, total: number) => void,
): Promise<NormalizeStageResult> {
  // The same environment variables as the Lambda's (DEFAULT_TIME_ZONE, …), validated the same way.
  const settings = readSettings();
  const seen = await processedVersions(database);
  const totals = { objects: 0, alreadyNormalized: 0, records: 0, accepted: 0, rejected: 0 };
  const byReason: Record<string, number> = {};
  for (const [index, file] of rawFiles.entries()) {
    const etag = await md5Of(file.path);
    if (seen.has(`${file.key}\n${etag}`)) {
      totals.alreadyNormalized++;
      continue;
    }
    const { counts, normalizedKey, rejectedKey } = await normalizeOne(bucket, file, etag, settings);
    await database.connection.run(
      `INSERT OR REPLACE INTO local_state.normalized_objects VALUES (${[
        sqlString(file.key),
        sqlString(etag),
        normalizedKey === null ? "NULL" : sqlString(normalizedKey),
        rejectedKey === null ? "NULL" : sqlString(rejectedKey),
        sqlString(counts.format),
        String(counts.gzip),
        counts.records,
        counts.accepted,
        counts.rejected,
        sqlString(JSON.stringify(counts.rejectedByReason)),
        `TIMESTAMP ${sqlString(new Date().toISOString())}`,
      ].join(", ")})`,
    );
    totals.objects++;
    totals.records += counts.records;
    totals.accepted += counts.accepted;
    totals.rejected += counts.rejected;
    for (const [code, count] of Object.entries(counts.rejectedByReason))
      byReason[code] = (byReason[code] ?? 0) + (count ?? 0);
    onObject(index + 1, rawFiles.length);
  }
  return { ...totals, rejectedByReason: byReason };
}
