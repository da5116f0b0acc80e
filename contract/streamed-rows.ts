/**
 * What the landing table's lineage columns mean for a reading that arrived as an MQTT message
 * instead of in an uploaded file, so the MERGE's order (upload time, load time, file, row) stays
 * total and "a later message wins" holds on both paths:
 *
 * - SOURCE_KEY and FILE_NAME: `stream/<gateway_id>/<message_id>`, one per message. The message id
 *   starts with the UTC receive time (`20260105T080000123Z-…`), so within one load the later message
 *   sorts later, and ends with a part unique per message (a sequence locally, the IoT rule's
 *   `newuuid()` in the cloud). File names of uploads start with a year (`2026/…`), so the two
 *   never collide.
 * - SOURCE_LINE: the record number inside the message, as the normalizer counts it for a file.
 * - FILE_ROW: the reading's 1-based position among the message's accepted readings.
 * - UPLOADED_AT: when the message was received, which orders it against uploaded files (the
 *   newest upload wins, then load, file and row).
 * - LOADED_AT: when the micro-batch holding the message was inserted into the landing table
 *   (locally: the flush; in Snowflake: the statement that moves streamed rows into READINGS_RAW),
 *   strictly later than every earlier load.
 */

/** The prefix of every streamed row's SOURCE_KEY and FILE_NAME. */
export const STREAMED_KEY_PREFIX = "stream/";

const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, "");

/** `20260105T080000123Z-<unique>`: receive time first so ids sort in arrival order. */
export function streamedMessageId(receivedMs: number, unique: string): string {
  return `${compact(receivedMs)}-${unique}`;
}

/** SOURCE_KEY (and FILE_NAME) of every reading and rejection of one message. */
export function streamedSourceKey(gatewayId: string, messageId: string): string {
  return `${STREAMED_KEY_PREFIX}${gatewayId}/${messageId}`;
}

/**
 * Where a batch's rejected records of one gateway go: the file path's layout
 * (`rejected/<yyyy>/<mm>/<dd>/<gateway_id>/…`), named after the batch (a local load, or the
 * Firehose invocation in the cloud).
 */
export function streamedRejectedKey(gatewayKey: string, batchId: string, at: Date): string {
  const date = at.toISOString().slice(0, 10).replace(/-/g, "/");
  return `rejected/${date}/${gatewayKey}/stream-${batchId}.ndjson.gz`;
}
