/**
 * Stable rejection codes. Operators query `rejected/` by these codes, so a code never changes
 * meaning; add a new one instead.
 */
export const REJECTION_CODES = {
  /** The value is text or another JSON type that is not a number. */
  NON_NUMERIC_VALUE: "the value is not a number",
  /** NaN, Infinity or a number too large for a double. */
  NON_FINITE_VALUE: "the value is not a finite number",
  /** A required field (sensor_id, metric, value, observed_at) is absent or empty. */
  MISSING_FIELD: "a required field is missing",
  /** The timestamp is in no supported format. */
  UNPARSEABLE_TIMESTAMP: "the timestamp cannot be parsed",
  /** The timestamp lies outside the plausibility window around the upload time. */
  IMPLAUSIBLE_TIMESTAMP: "the timestamp is outside the plausible window",
  /** A line or JSON record is longer than MAX_LINE_BYTES. */
  LINE_TOO_LONG: "the line is longer than MAX_LINE_BYTES",
  /** The bytes of the line or record are not valid UTF-8. */
  INVALID_UTF8: "the text is not valid UTF-8",
  /** The line or record is not valid JSON, or the JSON document is cut short. */
  BROKEN_JSON: "the JSON is malformed",
  /** A line that is not InfluxDB line protocol (`measurement,tags fields timestamp`). */
  BROKEN_LINE_PROTOCOL: "the line is not valid InfluxDB line protocol",
  /** A JSON value that is not an object where a reading was expected. */
  NOT_A_RECORD: "the JSON value is not an object",
  /** A SenML record carries a string, boolean, data or sum value instead of `v`. */
  UNSUPPORTED_VALUE_KIND: "the SenML record has no numeric value",
  /** A CSV row has more fields than its header. */
  WRONG_FIELD_COUNT: "the row has more fields than the header",
  /** A quoted CSV field is still open at the end of the object. */
  UNCLOSED_QUOTE: "a quoted CSV field is never closed",
  /** Text in no supported layout: no header with a timestamp column, not JSON. */
  UNRECOGNIZED_FORMAT: "the content is in no supported format",
  /** The object holds no record at all (zero bytes, whitespace, a header only, `[]`). */
  EMPTY_FILE: "the object contains no records",
  /** The gzip stream ends before its end marker: the upload was cut short. */
  TRUNCATED_GZIP: "the gzip stream is truncated",
  /** The gzip stream is damaged (bad header, bad block or checksum). */
  CORRUPT_GZIP: "the gzip stream is corrupt",
  /**
   * Bytes after the last valid gzip member that are neither gzip nor NUL padding (plain text
   * appended to a `.gz`): each of their lines is rejected, the members' rows are kept.
   */
  TRAILING_BYTES_AFTER_GZIP: "the bytes after the gzip data are not gzip",
  /**
   * The fields can be read more than one way (two fields of one role, one unit for several
   * metrics, a SenML name with no base name and no unit): rejected rather than guessed.
   */
  AMBIGUOUS_LAYOUT: "the layout is ambiguous",
  /**
   * A device status field or component whose meaning or unit no documentation settles (a Tasmota
   * field without a documented unit, a Shelly component not in the mapping): rejected, not guessed.
   */
  UNMAPPED_FIELD: "the field has no documented meaning or unit",
  /**
   * The object is larger than the function may read (MAX_OBJECT_BYTES, MAX_DECOMPRESSED_BYTES,
   * MAX_RECORDS_PER_OBJECT) or than it can read before its timeout: rejected whole.
   */
  OBJECT_TOO_LARGE: "the object is larger than the normalizer may read",
  /** The object key is not `raw/<gateway_id>/<name>`, so its gateway is unknown. */
  NO_GATEWAY_IN_KEY: "the object key names no gateway",
} as const;

/** A stable rejection code. */
export type RejectionCode = keyof typeof REJECTION_CODES;

/** A rejection reason as the contract stores it: the code plus a message for humans. */
export interface Reason {
  readonly code: RejectionCode;
  readonly message: string;
}

/** Builds a reason; `detail` makes the message specific (which field, which value). */
export function reason(code: RejectionCode, detail?: string): Reason {
  return { code, message: detail ? `${REJECTION_CODES[code]}: ${detail}` : REJECTION_CODES[code] };
}
