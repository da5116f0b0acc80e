/**
 * Readings in JSON objects, whatever the gateway's shape:
 * - long: `{ "sensor_id", "metric", "value", "unit", "timestamp" }` under any alias (columns.ts);
 * - wide: `{ "sensor", "ts", "temperature": 21.5, "humidity": 40 }`, one reading per other key;
 * - LoRaWAN uplink events of The Things Stack and ChirpStack (lorawan.ts);
 * - Telegraf JSON: `{ "name", "tags": { "host"… }, "fields": { … }, "timestamp" }`, one
 *   reading per field (sensor and metric as telegraf.ts maps them);
 * - device status messages: Tasmota SENSOR telemetry (tasmota.ts), Shelly status frames
 *   (shelly.ts) and Home Assistant state objects and history arrays (home-assistant.ts).
 * An array of such objects, or an object holding one under `readings`, `data` or `metrics`, is a
 * batch; an array of SenML records is a SenML pack.
 */
import { truncateRaw } from "../raw-text";
import { buildReading, isReason, toObservedMs, toText } from "../reading";
import { reason, type Reason } from "../reasons";
import { resolveUnit } from "../units";
import { assignRoles, roleOf, type FieldRoles } from "./columns";
import type { DeviceStatus } from "./device-status";
import { HomeAssistantSeries, homeAssistantStatusOf, isHomeAssistantState } from "./home-assistant";
import type { ParserContext } from "./parser";
import { uplinkOf, type Uplink } from "./lorawan";
import { isSenmlRecord, SenmlPack } from "./senml";
import { shellyStatusOf } from "./shelly";
import { tasmotaStatusOf } from "./tasmota";
import { NO_IDENTITY_TAG, telegrafMetric, telegrafSensor } from "./telegraf";

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

/** Separate date and time fields as one timestamp text; undefined when either is missing. */
function joinDateAndTime(date: unknown, time: unknown): string | undefined {
  const d = toText(date);
  const t = toText(time);
  return d === null || t === null ? undefined : `${d} ${t}`;
}

/** Maps parsed JSON records to readings; one instance per object so SenML state stays per pack. */
export class JsonRecordMapper {
  /** The Home Assistant history of the array a JSON document is streaming, if any. */
  private series: HomeAssistantSeries | null = null;
  private readonly emitStatus = (status: DeviceStatus, sourceLine: number, raw: () => string) =>
    this.deviceStatus(status, sourceLine, raw);

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
    const history = new HomeAssistantSeries(this.emitStatus);
    for (const element of batch) {
      const elementRaw = () => JSON.stringify(element);
      if (pack) pack.record(element, sourceLine, elementRaw);
      else if (!history.take(element, sourceLine, elementRaw))
        this.record(element, sourceLine, elementRaw);
    }
    history.end();
  }

  /**
   * The elements of the array a JSON document is streaming are about to come (one by one, through
   * `record`): they may be one Home Assistant entity's history.
   */
  startSeries(): void {
    this.series = new HomeAssistantSeries(this.emitStatus);
  }

  /** The streamed array ended. */
  endSeries(): void {
    this.series?.end();
    this.series = null;
  }

  /** One reading object (long, wide, Telegraf, uplink or device status). */
  record(value: unknown, sourceLine: number, raw: () => string): void {
    if (this.series?.take(value, sourceLine, raw)) return;
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
    const uplink = uplinkOf(value);
    if (uplink) {
      this.uplink(uplink, sourceLine, raw);
      return;
    }
    if (isObject(value.fields)) {
      this.telegraf(value, value.fields, sourceLine, raw);
      return;
    }
    const status =
      tasmotaStatusOf(value) ??
      shellyStatusOf(value) ??
      (isHomeAssistantState(value) ? homeAssistantStatusOf(value) : null);
    if (status) this.deviceStatus(status, sourceLine, raw);
    else this.plain(value, sourceLine, raw);
  }

  /** A device status message: one record per cell, each a reading or its own rejection. */
  private deviceStatus(status: DeviceStatus, sourceLine: number, raw: () => string): void {
    const { sink, reading } = this.context;
    if (status.cells.length === 0) {
      sink.read(1);
      sink.reject(sourceLine, status.emptyWhy, truncateRaw(raw()));
      return;
    }
    sink.read(status.cells.length);
    const observed = toObservedMs(status.time, reading);
    for (const cell of status.cells) {
      const result = isReason(cell)
        ? cell
        : typeof observed !== "number"
          ? observed
          : buildReading({ ...cell, observedMs: observed }, sourceLine, reading);
      if (isReason(result)) sink.reject(sourceLine, result, truncateRaw(raw()));
      else sink.accept(result);
    }
  }

  /** A LoRaWAN uplink event (lorawan.ts): one reading per decoded field. */
  private uplink(uplink: Uplink, sourceLine: number, raw: () => string): void {
    if (uplink.fields === null) {
      const { sink } = this.context;
      sink.read(1);
      sink.reject(sourceLine, reason("MISSING_FIELD", uplink.payloadField), truncateRaw(raw()));
      return;
    }
    const cells = Object.entries(uplink.fields).map(
      ([metric, value]): [unknown, unknown, undefined] => [metric, value, undefined],
    );
    this.emit(sourceLine, raw, uplink.time, cells, uplink.sensor);
  }

  private plain(record: JsonObject, sourceLine: number, raw: () => string): void {
    const keys = Object.keys(record);
    const roles = assignRoles(keys);
    const metrics = keys.filter((key) => roleOf(key) === undefined);
    if ("ambiguous" in roles) {
      this.rejectRecord(sourceLine, raw, Math.max(1, metrics.length), roles.ambiguous);
      return;
    }
    const field = (role: keyof FieldRoles["index"]): unknown => {
      const i = roles.index[role];
      return i === undefined ? undefined : record[keys[i]];
    };
    const time =
      roles.timeOfDay === undefined
        ? field("time")
        : joinDateAndTime(field("time"), record[keys[roles.timeOfDay]]);
    const rawUnit = field("unit");
    const unit = typeof rawUnit === "string" ? rawUnit : undefined;
    if (roles.index.value !== undefined) {
      const metric =
        toText(field("metric")) === null ? resolveUnit(unit)?.quantity : field("metric");
      this.emit(sourceLine, raw, time, [[metric, field("value"), unit]], field("sensor"));
      return;
    }
    if (unit !== undefined && metrics.length > 1) {
      // One unit beside several metrics (`temperature`, `humidity`, `unit: "°F"`): which metric
      // it measures is a guess, and a wrong guess converts humidity 45 into 7.22 Cel.
      this.rejectRecord(
        sourceLine,
        raw,
        metrics.length,
        `one unit ${JSON.stringify(unit)} for the metrics ${metrics.map((m) => JSON.stringify(m)).join(", ")}: ` +
          "send one record per metric (metric, value, unit), or no record-level unit",
      );
      return;
    }
    this.emit(
      sourceLine,
      raw,
      time,
      metrics.map((metric) => [metric, record[metric], unit]),
      field("sensor"),
    );
  }

  /** `count` readings of one record, all rejected as ambiguous. */
  private rejectRecord(sourceLine: number, raw: () => string, count: number, why: string): void {
    const { sink } = this.context;
    sink.read(count);
    const text = truncateRaw(raw());
    for (let i = 0; i < count; i++) sink.reject(sourceLine, reason("AMBIGUOUS_LAYOUT", why), text);
  }

  private telegraf(
    record: JsonObject,
    fields: JsonObject,
    sourceLine: number,
    raw: () => string,
  ): void {
    const { sink } = this.context;
    const tags = isObject(record.tags) ? record.tags : {};
    const sensor = telegrafSensor(tags);
    const time = record.timestamp ?? record.time;
    const cells = Object.entries(fields).map(([field, value]): [unknown, unknown, undefined] => [
      telegrafMetric(record.name, field),
      value,
      undefined,
    ]);
    if (sensor === undefined && cells.length > 0) {
      sink.read(cells.length);
      const text = truncateRaw(raw());
      const why = reason("MISSING_FIELD", NO_IDENTITY_TAG);
      for (let i = 0; i < cells.length; i++) sink.reject(sourceLine, why, text);
      return;
    }
    this.emit(sourceLine, raw, time, cells, sensor);
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
