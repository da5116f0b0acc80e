/**
 * Normalizes one raw file of the local bucket exactly as the Lambda normalizes one S3 object: same
 * core, same settings, same output keys (the file's MD5 stands in for the ETag, its mtime for
 * LastModified). Runs on the main thread or in a worker (normalize-worker.ts).
 */
import { createReadStream, utimesSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  ledgerEntry,
  ledgerKeyFor,
  ledgerLine,
  normalizeObject,
  openFileOutput,
  optionsFromSettings,
  outputKeysFor,
  type NormalizeCounts,
  type NormalizerSettings,
  type OutputKind,
} from "../../lambda/normalizer";

/** Where the local "Lambda" writes its ledger: LEDGER_PREFIX as the deployed function sets it. */
export const LOCAL_LEDGER_PREFIX = "ledger/";

/** One raw file to normalize; plain data, so it can be posted to a worker. */
export interface NormalizeJob {
  readonly bucket: string;
  readonly path: string;
  readonly key: string;
  readonly etag: string;
  readonly lastModifiedMs: number;
  readonly settings: NormalizerSettings;
}

export interface NormalizeJobResult {
  readonly counts: NormalizeCounts;
  readonly normalizedKey: string | null;
  readonly rejectedKey: string | null;
}

/**
 * Writes to a dot file first and renames it on success, so the loader never sees half a file
 * (and a discarded output never at all); the output's "upload time" follows its raw object, so
 * the loader keeps upload order.
 */
function openOutputFile(bucket: string, key: string, lastModified: Date, done: Promise<void>[]) {
  return openFileOutput(join(bucket, ...key.split("/")), done, (target) =>
    utimesSync(target, lastModified, lastModified),
  );
}

/** Writes a small output whole, through a dot file, with the raw object's upload time. */
function writeOutputFile(bucket: string, key: string, bytes: Buffer, lastModified: Date): void {
  const target = join(bucket, ...key.split("/"));
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(partial, bytes);
  renameSync(partial, target);
  utimesSync(target, lastModified, lastModified);
}

export async function normalizeRawFile(job: NormalizeJob): Promise<NormalizeJobResult> {
  const lastModified = new Date(job.lastModifiedMs);
  const keys = outputKeysFor(job.key, { eTag: job.etag, lastModified });
  const written: Promise<void>[] = [];
  const result = await normalizeObject(createReadStream(job.path, { highWaterMark: 1 << 20 }), {
    sourceKey: job.key,
    gatewayId: keys.gatewayId,
    options: optionsFromSettings(job.settings, lastModified),
    openOutput: (kind: OutputKind) =>
      openOutputFile(
        job.bucket,
        kind === "normalized" ? keys.normalizedKey : keys.rejectedKey,
        lastModified,
        written,
      ),
  });
  await Promise.all(written);
  // Like the Lambda: the ledger line last, once both outputs are complete.
  writeOutputFile(
    job.bucket,
    ledgerKeyFor(keys, LOCAL_LEDGER_PREFIX),
    Buffer.from(
      ledgerLine(
        ledgerEntry({
          sourceKey: job.key,
          eTag: job.etag,
          lastModified,
          keys,
          counts: result.counts,
          wrote: result.wrote,
        }),
      ),
    ),
    lastModified,
  );
  return {
    counts: result.counts,
    normalizedKey: result.wrote.normalized ? keys.normalizedKey : null,
    rejectedKey: result.wrote.rejected ? keys.rejectedKey : null,
  };
}
