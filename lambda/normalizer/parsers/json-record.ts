/**
 * Readings in JSON objects, whatever the gateway's shape:
 * - long: `{ "sensor_id", "metric", "value", "unit", "timestamp" }` under any alias (columns.ts);
 * - wide: `{ "sensor", "ts", "temperature": 21.5, "humidity": 40 }`, one reading per other key;
 * - Telegraf JSON: `{ "name", "tags": { "sensor_id"… }, "fields": { … }, "timestamp" }`, one
 *   reading per field.
 * An array of such objects, or an object holding one under `readings`, `data` or `metrics`, is a
 * batch; an array of SenML records is a SenML pack.
 */
import { truncateRaw } from "../raw-text";
import { buildReading, isReason, toObservedMs, toText } from "../reading";
import { reason, type Reason } from "../reasons";
import { resolveUnit } from "../units";
import { roleOf, type FieldRole } from "./columns";
import type { ParserContext } from "./parser";
import { isSenmlRecord, SenmlPack } from "./senml";

/** Keys of an object that hold its batch of readings. */
export const BATCH_KEYS = ["readings", "data", "metrics"];

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The batch array of an object (`readings`, `data` or `metrics`), if it has one. */
export function batchOf(value: unknown): unknown[] | null {
  if (!isObject(value)) return null;
  for (const key of BATCH_KEYS) if (Array.isArray(value[key])) return value[key] as unknown[];
  return null;
}

const TELEGRAF_SENSOR_TAGS = ["sensor_id", "sensor", "device", "device_id", "host"];

/** Maps parsed JSON records to readings; one instance per object so SenML state stays per pack. */
export class JsonRecordMapper {
  constructor(private readonly context: ParserContext) {}

  /** A parsed top-level JSON value: a record, a batch object, or an array (batch or SenML pack). */
  value(value: unknown, sourceLine: number, raw: () => string): void {
    const batch = Array.isArray(value) ? value : batchOf(value);
    if (batch === null) {
      this.record(value, sourceLine, raw);
      return;
    }
    if (batch.length === 0) return;
    const pack = isSenmlRecord(batch.find(isObject)) ? new SenmlPack(this.context) : null;
    for (const element of batch) {
      const elementRaw = () => JSON.stringify(element);
      if (pack) pack.record(element, sourceLine, elementRaw);
      else this.record(element, sourceLine, elementRaw);
    }
  }

  /** One reading object (long, wide or Telegraf). */
  record(value: unknown, sourceLine: number, raw: () => string): void {
    const { sink } = this.context;
    if (!isObject(value)) {
      sink.read(1);
      sink.reject(
        sourceLine,
        reason(
          "NOT_A_RECORD",
          Array.isArray(value) ? "an array" : `a JSON ${value === null ? "null" : typeof value}`,
        ),
        truncateRaw(raw()),
      );
      return;
    }
    if (isObject(value.fields)) this.telegraf(value, value.fields, sourceLine, raw);
    else this.plain(value, sourceLine, raw);
  }

  private plain(record: JsonObject, sourceLine: number, raw: () => string): void {
    const roles: Partial<Record<FieldRole, unknown>> = {};
    const metrics: [string, unknown][] = [];
    for (const key in record) {
      const role = roleOf(key);
      if (role === undefined) metrics.push([key, record[key]]);
      else if (!(role in roles)) roles[role] = record[key];
    }
    const unit = typeof roles.unit === "string" ? roles.unit : undefined;
    if ("value" in roles) {
      const metric = toText(roles.metric) === null ? resolveUnit(unit)?.quantity : roles.metric;
      this.emit(sourceLine, raw, roles.time, [[metric, roles.value, unit]], roles.sensor);
    } else {
      this.emit(
        sourceLine,
        raw,
        roles.time,
        metrics.map(([metric, value]) => [metric, value, unit]),
        roles.sensor,
      );
    }
  }

  private telegraf(
    record: JsonObject,
    fields: JsonObject,
    sourceLine: number,
    raw: () => string,
  ): void {
    const tags = isObject(record.tags) ? record.tags : {};
    const sensorTag = TELEGRAF_SENSOR_TAGS.find((tag) => toText(tags[tag]) !== null);
    const time = record.timestamp ?? record.time;
    const cells = Object.entries(fields).map(([metric, value]): [unknown, unknown, undefined] => [
      metric,
      value,
      undefined,
    ]);
    this.emit(sourceLine, raw, time, cells, sensorTag ? tags[sensorTag] : undefined);
  }

  /** Emits one reading per [metric, value, unit] cell; a record with no cell is one rejection. */
  private emit(
    sourceLine: number,
    raw: () => string,
    time: unknown,
    cells: readonly (readonly [unknown, unknown, string | undefined])[],
    sensor: unknown,
  ): void {
    const { sink, reading } = this.context;
    const rejectAll = (count: number, why: Reason) => {
      const text = truncateRaw(raw());
      for (let i = 0; i < count; i++) sink.reject(sourceLine, why, text);
    };
    if (cells.length === 0) {
      sink.read(1);
      rejectAll(1, reason("MISSING_FIELD", "value"));
      return;
    }
    sink.read(cells.length);
    const observed = toObservedMs(time, reading);
    if (typeof observed !== "number") {
      rejectAll(cells.length, observed);
      return;
    }
    for (const [metric, value, unit] of cells) {
      const result = buildReading(
        { sensor, metric, value, unit, observedMs: observed },
        sourceLine,
        reading,
      );
      if (isReason(result)) sink.reject(sourceLine, result, truncateRaw(raw()));
      else sink.accept(result);
    }
  }
}
