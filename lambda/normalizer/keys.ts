/**
 * Output keys. For one raw object version the keys are always the same:
 * `normalized/<yyyy>/<mm>/<dd>/<gateway_id>/<uploaded>-<name>-<hash>.ndjson.gz` and the same under
 * `rejected/`, where the date and `uploaded` (`20261126T235959Z`) are the object's upload time
 * (LastModified, UTC, whole seconds as S3 keeps it), `name` its base name without extensions, and
 * `hash` 16 hex digits of SHA-256 over the key and the version id (or the ETag when the bucket is
 * not versioned). Reprocessing a version overwrites the same keys with the same bytes, so Snowpipe
 * loads it once.
 *
 * The upload time travels in the key rather than in every row: the pipe's COPY reads it from
 * METADATA$FILENAME and the local loader from the file name, so "the newest upload wins" costs no
 * byte per row and leaves the canonical row (and the fast lanes that write it) unchanged.
 */
import { createHash } from "node:crypto";

/** What identifies one version of a raw object. */
export interface ObjectIdentity {
  /** S3 version id (versioned bucket). Preferred over the ETag when present. */
  readonly versionId?: string | null;
  /** S3 ETag, quotes included or not. */
  readonly eTag?: string | null;
  /** Upload time (S3 LastModified): gives the date path. */
  readonly lastModified: Date;
}

/** The output keys of one raw object version. */
export interface OutputKeys {
  /** From `raw/<gateway_id>/…`, or null when the key has no gateway segment. */
  readonly gatewayId: string | null;
  readonly normalizedKey: string;
  readonly rejectedKey: string;
}

/** Path segment used when the key names no gateway (its rows are all rejected). */
export const NO_GATEWAY_SEGMENT = "_no_gateway";
const RAW_KEY = /^raw\/([^/]+)\/(.+)$/;
const EXTENSIONS = /(\.(gz|gzip|csv|tsv|txt|json|ndjson|jsonl|ldjson|senml))+$/i;

/** The gateway of a raw key (`raw/<gateway_id>/<name…>`), or null. */
export function gatewayIdFromKey(sourceKey: string): string | null {
  const match = RAW_KEY.exec(sourceKey);
  return match ? match[1] : null;
}

/** The output keys of a raw object version. Throws when the identity has neither version nor ETag. */
export function outputKeysFor(sourceKey: string, identity: ObjectIdentity): OutputKeys {
  const version = identity.versionId
    ? `version:${identity.versionId}`
    : identity.eTag
      ? `etag:${identity.eTag.replace(/"/g, "")}`
      : null;
  if (version === null)
    throw new Error(
      `outputKeysFor(${sourceKey}): the object identity needs a versionId or an eTag`,
    );
  if (Number.isNaN(identity.lastModified.getTime()))
    throw new Error(`outputKeysFor(${sourceKey}): lastModified is not a valid date`);
  const gatewayId = gatewayIdFromKey(sourceKey);
  const hash = createHash("sha256").update(`${sourceKey}\n${version}`).digest("hex").slice(0, 16);
  const base = sourceKey.slice(sourceKey.lastIndexOf("/") + 1).replace(EXTENSIONS, "");
  const name = base.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 100) || "object";
  const date = identity.lastModified.toISOString().slice(0, 10).replace(/-/g, "/");
  const gateway =
    gatewayId === null ? NO_GATEWAY_SEGMENT : gatewayId.replace(/[^A-Za-z0-9._-]+/g, "_");
  const path = `${date}/${gateway}/${uploadStamp(identity.lastModified)}-${name}-${hash}.ndjson.gz`;
  return { gatewayId, normalizedKey: `normalized/${path}`, rejectedKey: `rejected/${path}` };
}

/**
 * The upload time inside an output key, as the pipe's COPY finds it in METADATA$FILENAME: the
 * first group is `YYYYMMDDTHHMISS` of the last path segment. POSIX ERE, so the same text serves
 * Snowflake's REGEXP_SUBSTR and JavaScript.
 */
export const UPLOAD_TIME_IN_KEY = "/([0-9]{8}T[0-9]{6})Z-[^/]+$";

/** `2026-11-26T23:59:59.123Z` → `20261126T235959Z`: S3 keeps LastModified in whole seconds. */
function uploadStamp(lastModified: Date): string {
  return `${lastModified.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/**
 * The upload time of the raw object an output key was written for (whole seconds, UTC), or null
 * when the key carries none (a file not written by this normalizer).
 */
export function uploadTimeOfOutputKey(key: string): Date | null {
  const stamp = new RegExp(UPLOAD_TIME_IN_KEY).exec(key)?.[1];
  if (stamp === undefined) return null;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) || time.toISOString().slice(0, 19) !== iso.slice(0, 19)
    ? null
    : time;
}
