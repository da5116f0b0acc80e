import { gunzipSync } from "node:zlib";
import type { CanonicalReading, RejectedRecord } from "../../contract/reading";
import {
  normalizeToBuffers,
  type NormalizeCounts,
  type NormalizeOptions,
} from "../../lambda/normalizer";

/** The upload time every test object pretends to have. */
export const UPLOADED_AT = new Date("2026-11-26T12:00:00Z");

export const OPTIONS: NormalizeOptions = {
  defaultTimeZone: "UTC",
  maxLineBytes: 65536,
  timestampMaxAgeDays: 365,
  timestampMaxFutureMinutes: 10,
  referenceTime: UPLOADED_AT,
};

/** Yields the bytes in chunks of the given sizes (cycled), to exercise every chunk boundary. */
export async function* chunked(
  bytes: Uint8Array,
  sizes: readonly number[] = [bytes.length || 1],
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length]);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

export interface Normalized {
  readonly counts: NormalizeCounts;
  readonly rows: CanonicalReading[];
  readonly rejected: RejectedRecord[];
  /** The raw gzip outputs, for byte-level comparisons. */
  readonly normalizedBytes?: Buffer;
  readonly rejectedBytes?: Buffer;
}

function lines(gz: Buffer | undefined): unknown[] {
  if (!gz) return [];
  const text = gunzipSync(gz).toString("utf8");
  return text === ""
    ? []
    : text
        .replace(/\n$/, "")
        .split("\n")
        .map((line) => JSON.parse(line));
}

/** Normalizes `content` as the object `raw/gw-1/<name>` and parses both outputs. */
export async function normalize(
  content: string | Uint8Array,
  name = "upload.csv",
  options: Partial<NormalizeOptions> = {},
  chunkSizes?: readonly number[],
): Promise<Normalized> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const sourceKey = `raw/gw-1/${name}`;
  const result = await normalizeToBuffers(chunked(bytes, chunkSizes), {
    sourceKey,
    gatewayId: "gw-1",
    options: { ...OPTIONS, ...options },
  });
  return {
    counts: result.counts,
    rows: lines(result.outputs.normalized) as CanonicalReading[],
    rejected: lines(result.outputs.rejected) as RejectedRecord[],
    normalizedBytes: result.outputs.normalized,
    rejectedBytes: result.outputs.rejected,
  };
}

/** The rejection codes of a result, in output order. */
export function codes(result: Normalized): string[] {
  return result.rejected.map((record) => record.reason.code);
}
