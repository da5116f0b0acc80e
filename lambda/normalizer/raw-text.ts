import { MAX_REJECTED_RAW_CHARS } from "../../contract/reading";

/** The original text as a rejected record keeps it: cut at MAX_REJECTED_RAW_CHARS, marked with "…". */
export function truncateRaw(text: string): string {
  return text.length <= MAX_REJECTED_RAW_CHARS
    ? text
    : `${text.slice(0, MAX_REJECTED_RAW_CHARS - 1)}…`;
}

/** Enough leading bytes of a long record to fill a rejected record's raw text (UTF-8 is ≤ 4 bytes a char). */
export const RAW_HEAD_BYTES = MAX_REJECTED_RAW_CHARS * 4;

/** Text of bytes that may be invalid UTF-8, with replacement characters, for the raw field only. */
export function lossyText(bytes: Uint8Array): string {
  return truncateRaw(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  );
}

/** Appends to a raw-text head, stopping at RAW_HEAD_BYTES so the head never depends on chunking. */
export function growHead(head: Buffer, more: Uint8Array): Buffer {
  if (head.length >= RAW_HEAD_BYTES) return head;
  return Buffer.concat([head, more.subarray(0, RAW_HEAD_BYTES - head.length)]);
}
