/**
 * The simulator's record of when each file it wrote was "uploaded". A local file's mtime is a poor
 * stand-in for S3's LastModified: `cp`, `git checkout` or an unzip set it to now, and then readings
 * simulated for an older `--start` look implausibly old to the normalizer and are rejected. So the
 * simulator records each upload's time by key and content, and `sensorctl local` takes it from here
 * for those files (a copy under another name included); any other file keeps its mtime, so a file
 * dropped in by hand behaves like a fresh upload.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** File beside `raw/` in the local bucket that holds the record. */
export const SIMULATED_UPLOADS_FILE = "simulated-uploads.json";

/** One simulated upload: its content's MD5 (the local ETag) and its upload time. */
export interface SimulatedUpload {
  readonly md5: string;
  readonly uploadedAt: string;
}

/** Simulated uploads by object key (`raw/<gateway>/<name>`). */
export type SimulatedUploads = Readonly<Record<string, SimulatedUpload>>;

/** MD5 of an upload's bytes, as S3 gives a single-part object's ETag. */
export function md5Hex(bytes: Buffer): string {
  return createHash("md5").update(bytes).digest("hex");
}

/** Reads the record of a local bucket; an absent file is an empty record. */
export function readSimulatedUploads(bucket: string): SimulatedUploads {
  const path = join(bucket, SIMULATED_UPLOADS_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return {};
    throw error;
  }
  try {
    return JSON.parse(text) as SimulatedUploads;
  } catch {
    throw new Error(
      `${path} is not JSON.\n  Fix: delete it (its files then count as uploaded at their mtime) or simulate again.`,
    );
  }
}

/** Adds uploads to the record, keeping earlier simulations into the same bucket. */
export function recordSimulatedUploads(bucket: string, uploads: SimulatedUploads): void {
  const merged = { ...readSimulatedUploads(bucket), ...uploads };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(join(bucket, SIMULATED_UPLOADS_FILE), `${JSON.stringify(sorted, null, 1)}\n`);
}

/** Finds a raw object's upload time; built once per run from the bucket's record. */
export type UploadTimeLookup = (key: string, md5: string, mtime: Date) => Date;

/**
 * Upload time of a raw object: the simulated one when the simulator wrote these bytes under this
 * key, else the earliest simulated upload of the same bytes (a copy), else its mtime.
 */
export function uploadTimeLookup(uploads: SimulatedUploads): UploadTimeLookup {
  const earliestByContent = new Map<string, string>();
  for (const { md5, uploadedAt } of Object.values(uploads)) {
    const known = earliestByContent.get(md5);
    if (known === undefined || uploadedAt < known) earliestByContent.set(md5, uploadedAt);
  }
  return (key, md5, mtime) => {
    const own = uploads[key];
    if (own?.md5 === md5) return new Date(own.uploadedAt);
    const copied = earliestByContent.get(md5);
    return copied === undefined ? mtime : new Date(copied);
  };
}
