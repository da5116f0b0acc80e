/** One record a gateway sends: a reading, or (with `bad` set) a record the normalizer must reject. */
export interface Emission {
  readonly sensorId: string;
  readonly metric: string;
  /** The unit as this gateway spells it. */
  readonly unit: string;
  readonly value: number;
  readonly observedMs: number;
  readonly bad?: BadRecordKind;
}

/**
 * How a bad record is broken. A format that cannot express a kind (a wide CSV cell has no sensor
 * or time of its own, SenML has numeric times) breaks the value instead, so the record still
 * counts as exactly one rejection.
 */
export type BadRecordKind = "non_numeric_value" | "missing_sensor" | "unparseable_timestamp";

export const BAD_RECORD_KINDS: readonly BadRecordKind[] = [
  "non_numeric_value",
  "missing_sensor",
  "unparseable_timestamp",
];
