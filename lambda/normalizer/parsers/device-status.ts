/**
 * What a home-automation device's status message says (Tasmota, Shelly, Home Assistant): the
 * time it was taken and one cell per field, each a reading to check or the reason the field is
 * no reading. Every cell is one record, so `records = accepted + rejected` counts fields.
 */
import type { Reason } from "../reasons";
import { roleOf } from "./columns";

/** One field of a status message that maps to a reading. */
export interface StatusReading {
  readonly sensor: unknown;
  readonly metric: string;
  readonly value: unknown;
  /** As the device documents it; `null`: the quantity has no unit (a power factor). */
  readonly unit: string | null;
}

/** A field that is a reading, or why it is not. */
export type StatusCell = StatusReading | Reason;

export interface DeviceStatus {
  readonly time: unknown;
  readonly cells: readonly StatusCell[];
  /** Why a status with no cell at all is rejected (one record). */
  readonly emptyWhy: Reason;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether a generic reading would find no sensor, metric, value or unit in the record, and so
 * reject every field of it: only then may a device parser claim it, so none of them takes a
 * record the generic reading accepts. (A time or an ignored `gateway` key does not count.)
 */
export function hasNoGenericFields(record: JsonObject): boolean {
  for (const key in record) {
    const role = roleOf(key);
    if (role !== undefined && role !== "time" && role !== "ignored") return false;
  }
  return true;
}
