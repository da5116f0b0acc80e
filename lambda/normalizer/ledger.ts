/**
 * The per-object ledger: one gzip NDJSON line per raw object version, written under `ledger/` at
 * the path of its outputs once both are complete. Everything in it derives from the object version
 * (no processing time), so a retry writes the same bytes to the same key and Snowpipe loads it once.
 */
import { gzipSync } from "node:zlib";
import type { LedgerEntry } from "../../contract/health";
import type { OutputKeys } from "./keys";
import type { NormalizeCounts } from "./normalize";

/** Key prefix of the ledger objects. */
export const LEDGER_PREFIX = "ledger/";

/** `normalized/<path>` → `ledger/<path>`: the ledger shares its outputs' stage-relative name. */
export function ledgerKeyFor(keys: Pick<OutputKeys, "normalizedKey">): string {
  return `${LEDGER_PREFIX}${keys.normalizedKey.slice(keys.normalizedKey.indexOf("/") + 1)}`;
}

/** The ledger line of one normalized object. */
export function ledgerEntry(
  sourceKey: string,
  gatewayId: string | null,
  uploadedAt: Date,
  counts: NormalizeCounts,
): LedgerEntry {
  return {
    source_key: sourceKey,
    gateway_id: gatewayId,
    uploaded_at: uploadedAt.toISOString(),
    format: counts.format,
    gzip: counts.gzip,
    bytes_read: counts.bytesRead,
    records_read: counts.records,
    records_accepted: counts.accepted,
    records_rejected: counts.rejected,
  };
}

/** The object's bytes: the entry as one JSON line, gzip (the format the LANDING stages read). */
export function ledgerObject(entry: LedgerEntry): Buffer {
  return gzipSync(`${JSON.stringify(entry)}\n`);
}
