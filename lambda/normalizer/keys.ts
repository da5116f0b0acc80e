/**
 * Output keys. For one raw object version the keys are always the same:
 * `normalized/<yyyy>/<mm>/<dd>/<gateway_id>/<name>-<hash>.ndjson.gz` and the same under
 * `rejected/`, where the date is the object's upload date (LastModified, UTC), `name` its base
 * name without extensions, and `hash` 16 hex digits of SHA-256 over the key and the version id
 * (or the ETag when the bucket is not versioned). Reprocessing a version overwrites the same keys
 * with the same bytes, so Snowpipe loads it once.
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
  const path = `${date}/${gateway}/${name}-${hash}.ndjson.gz`;
  return { gatewayId, normalizedKey: `normalized/${path}`, rejectedKey: `rejected/${path}` };
}
