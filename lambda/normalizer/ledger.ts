/**
 * The per-object ledger: one JSON line per raw object version with what the normalizer read from
 * it, so "records in = accepted + rejected" can be checked per gateway and hour in SQL, and an
 * object rejected whole is visible as such. Written next to the outputs under its own prefix; the
 * same object version always gives the same key and bytes (nothing in it depends on the clock).
 */
import type { OutputKeys } from "./keys";
import type { NormalizeCounts } from "./normalize";

/** One ledger line; keys in this order. */
export interface LedgerEntry {
  readonly source_key: string;
  readonly version_id: string | null;
  readonly etag: string | null;
  readonly gateway_id: string | null;
  /** The raw object's upload time (S3 LastModified), ISO-8601 UTC. */
  readonly uploaded_at: string;
  readonly format: NormalizeCounts["format"];
  readonly gzip: boolean;
  readonly bytes_read: number;
  /** Always accepted + rejected. */
  readonly records: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly rejected_by_reason: NormalizeCounts["rejectedByReason"];
  /** The outputs written (null: none of that kind). */
  readonly normalized_key: string | null;
  readonly rejected_key: string | null;
}

/** What the ledger line is built from. */
export interface LedgerInput {
  readonly sourceKey: string;
  readonly versionId?: string | null;
  readonly eTag?: string | null;
  readonly lastModified: Date;
  readonly keys: OutputKeys;
  readonly counts: NormalizeCounts;
  readonly wrote: Readonly<Record<"normalized" | "rejected", boolean>>;
}

export function ledgerEntry(input: LedgerInput): LedgerEntry {
  const { counts, keys } = input;
  return {
    source_key: input.sourceKey,
    version_id: input.versionId ?? null,
    etag: input.eTag ? input.eTag.replace(/"/g, "") : null,
    gateway_id: keys.gatewayId,
    uploaded_at: input.lastModified.toISOString(),
    format: counts.format,
    gzip: counts.gzip,
    bytes_read: counts.bytesRead,
    records: counts.records,
    accepted: counts.accepted,
    rejected: counts.rejected,
    rejected_by_reason: { ...counts.rejectedByReason },
    normalized_key: input.wrote.normalized ? keys.normalizedKey : null,
    rejected_key: input.wrote.rejected ? keys.rejectedKey : null,
  };
}

/** The entry as one NDJSON line. */
export function ledgerLine(entry: LedgerEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/**
 * The ledger key of an object version: its normalized key's path under `prefix` (for example
 * `ledger/`), ending in `.json`.
 */
export function ledgerKeyFor(keys: OutputKeys, prefix: string): string {
  const path = keys.normalizedKey.replace(/^normalized\//, "").replace(/\.ndjson\.gz$/, "");
  return `${prefix}${path}.json`;
}
