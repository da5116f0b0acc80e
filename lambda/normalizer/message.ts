/**
 * Record mode: one message (an MQTT payload, a Firehose record) goes through the same parsers,
 * validation, units and rejection reasons as an uploaded object, and its rows and rejections come
 * back in memory instead of as gzip NDJSON outputs. The local MQTT pipeline and the Firehose
 * processing Lambda normalize through here, so both ingestion paths accept and reject alike.
 */
import { gunzipSync } from "node:zlib";
import type { CanonicalReading, RejectedRecord } from "../../contract/reading";
import { normalizeToBuffers, type NormalizeCounts, type NormalizeOptions } from "./normalize";

/** What one message became: every record read is in exactly one of the two lists. */
export interface NormalizedMessage {
  readonly readings: readonly CanonicalReading[];
  readonly rejections: readonly RejectedRecord[];
  readonly counts: NormalizeCounts;
}

/** Identifies the message the way a raw object key identifies an upload. */
export interface MessageInput {
  /** Written to every row's source_key and every rejection's (see contract/streamed-rows.ts). */
  readonly sourceKey: string;
  /** The gateway the topic names; null rejects the message whole. */
  readonly gatewayId: string | null;
  /** Same rules as for objects; `referenceTime` is when the message was received. */
  readonly options: NormalizeOptions;
}

function lines<T>(gzipped: Buffer | undefined): T[] {
  if (gzipped === undefined) return [];
  const text = gunzipSync(gzipped).toString("utf8");
  const out: T[] = [];
  for (const line of text.split("\n")) if (line !== "") out.push(JSON.parse(line) as T);
  return out;
}

/** Normalizes one message payload; never throws for bad content (that becomes rejections). */
export async function normalizeMessage(
  payload: Uint8Array,
  input: MessageInput,
): Promise<NormalizedMessage> {
  const source = (async function* () {
    yield payload;
  })();
  // The compressed outputs cost a few microseconds per message and keep one code path with the
  // object mode, including the serializer's contract check.
  const result = await normalizeToBuffers(source, input);
  return {
    readings: lines<CanonicalReading>(result.outputs.normalized),
    rejections: lines<RejectedRecord>(result.outputs.rejected),
    counts: result.counts,
  };
}
