/**
 * A replay generation names one replay run: `r` plus the UTC start time to the second
 * (`r20261126T221500Z`). It goes into the object identity the normalizer hashes into its output
 * keys, so a replay writes NEW keys:
 *
 * - Snowpipe skips a file name it loaded in the last 14 days even if its content changed, so
 *   re-writing the original key would silently load nothing.
 * - The MERGE into CORE.READINGS keeps the latest load per (sensor_id, metric, observed_at), so the
 *   replayed rows replace the earlier ones instead of duplicating them.
 * - Re-running the same generation (after an interruption) writes the same keys again, which
 *   Snowpipe skips: a resumed replay does not load twice.
 */
export function replayGeneration(startedAt: Date): string {
  return `r${startedAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")}`;
}

/** Checks a generation given on the command line: it becomes part of object keys' hash input. */
export function validateGeneration(generation: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(generation)) {
    throw new Error(
      `--generation "${generation}" must be 1-64 letters, digits, '.', '_' or '-' (for example r20261126T221500Z).`,
    );
  }
  return generation;
}

/** The identity of one raw object version, in the shape the normalizer's `outputKeysFor` takes. */
export interface ReplayIdentity {
  /** The version (or ETag) with the replay generation appended: the hash input of the new keys. */
  readonly versionId: string;
  /** Upload time: the normalizer's date path and its timestamp-plausibility anchor stay as before. */
  readonly lastModified: Date;
}

/**
 * The identity a replayed object is normalized under: its S3 version id (or, on an unversioned
 * store, its ETag) plus the replay generation, and its original upload time.
 */
export function replayIdentity(
  object: { readonly versionId?: string; readonly eTag?: string },
  key: string,
  lastModified: Date,
  generation: string,
): ReplayIdentity {
  const eTag = object.eTag?.replace(/"/g, "");
  const version = object.versionId || (eTag ? `etag:${eTag}` : undefined);
  if (!version) throw new Error(`${key}: the store returned neither a version id nor an ETag`);
  return { versionId: `${version}+replay.${generation}`, lastModified };
}
