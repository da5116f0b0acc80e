/**
 * Encoders for the upload formats gateways use in the field. Each produces text the normalizer
 * accepts (see lambda/normalizer/README.md, "Inputs") and in which every emission is exactly one
 * record, so the simulator knows how many records each file holds.
 */
import type { Emission } from "./emission";

export type UploadFormat =
  "csv" | "csv-european" | "csv-wide" | "json" | "json-array" | "ndjson" | "senml";

export const UPLOAD_FORMATS: readonly UploadFormat[] = [
  "csv",
  "csv-european",
  "csv-wide",
  "json",
  "json-array",
  "ndjson",
  "senml",
];

/** File extension per format (before any `.gz`). */
export const EXTENSION: Readonly<Record<UploadFormat, string>> = {
  csv: ".csv",
  "csv-european": ".csv",
  "csv-wide": ".tsv",
  json: ".json",
  "json-array": ".json",
  ndjson: ".ndjson",
  senml: ".senml.json",
};

const BAD_TEXT_VALUE = "n/a";
const BAD_TIMESTAMP = "not-a-time";

const iso = (ms: number) => new Date(ms).toISOString();
const isoSeconds = (ms: number) => iso(ms).replace(/\.\d{3}Z$/, "Z");
const pad2 = (n: number) => String(n).padStart(2, "0");

/** `2026-01-01T01:00:00+01:00` for an instant at 00:00Z: gateways on local time with an offset. */
function isoPlusOneHour(ms: number): string {
  return `${isoSeconds(ms + 3_600_000).slice(0, -1)}+01:00`;
}

/** `01.01.2026 00:00:00`: day-first, naive (the normalizer reads it in its default zone, UTC). */
function dayFirst(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${d
    .toISOString()
    .slice(11, 19)}`;
}

function csvLong(emissions: readonly Emission[]): string {
  const lines = ["timestamp,sensor_id,metric,value,unit"];
  for (const e of emissions) {
    const time = e.bad === "unparseable_timestamp" ? BAD_TIMESTAMP : isoSeconds(e.observedMs);
    const sensor = e.bad === "missing_sensor" ? "" : e.sensorId;
    const value = e.bad === "non_numeric_value" ? BAD_TEXT_VALUE : String(e.value);
    lines.push(`${time},${sensor},${e.metric},${value},${e.unit}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Semicolons, decimal comma, quoted sensor ids, CRLF and a BOM: a spreadsheet export. */
function csvEuropean(emissions: readonly Emission[]): string {
  const lines = ["Zeit;Device;Type;Reading;Unit"];
  for (const e of emissions) {
    const time = e.bad === "unparseable_timestamp" ? BAD_TIMESTAMP : dayFirst(e.observedMs);
    const sensor = e.bad === "missing_sensor" ? "" : `"${e.sensorId}"`;
    const value =
      e.bad === "non_numeric_value" ? BAD_TEXT_VALUE : String(e.value).replace(".", ",");
    lines.push(`${time};${sensor};${e.metric};${value};${e.unit}`);
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/**
 * Tab-separated, one column per metric (`temperature (°C)`), one row per sensor and time. A bad
 * record is a broken cell. A metric seen twice for the same row starts a new row, so each emission
 * stays one cell.
 */
function csvWide(emissions: readonly Emission[]): string {
  const columns: string[] = [];
  const columnOf = new Map<string, number>();
  for (const e of emissions) {
    const name = `${e.metric} (${e.unit})`;
    if (!columnOf.has(name)) {
      columnOf.set(name, columns.length);
      columns.push(name);
    }
  }
  const rows: { sensorId: string; observedMs: number; cells: string[] }[] = [];
  const open = new Map<string, (typeof rows)[number]>();
  for (const e of emissions) {
    const column = columnOf.get(`${e.metric} (${e.unit})`) as number;
    const rowKey = `${e.sensorId}\u0000${e.observedMs}`;
    let row = open.get(rowKey);
    if (!row || row.cells[column] !== "") {
      row = { sensorId: e.sensorId, observedMs: e.observedMs, cells: columns.map(() => "") };
      open.set(rowKey, row);
      rows.push(row);
    }
    row.cells[column] = e.bad ? BAD_TEXT_VALUE : String(e.value);
  }
  const lines = [["ts", "sensor", ...columns].join("\t")];
  for (const row of rows)
    lines.push([String(row.observedMs / 1000), row.sensorId, ...row.cells].join("\t"));
  return `${lines.join("\n")}\n`;
}

function jsonReadings(emissions: readonly Emission[], gatewayId: string): string {
  const readings = emissions.map((e) => ({
    ...(e.bad === "missing_sensor" ? {} : { sensor_id: e.sensorId }),
    metric: e.metric,
    value: e.bad === "non_numeric_value" ? BAD_TEXT_VALUE : e.value,
    unit: e.unit,
    timestamp: e.bad === "unparseable_timestamp" ? BAD_TIMESTAMP : isoPlusOneHour(e.observedMs),
  }));
  return JSON.stringify({ gateway: gatewayId, readings });
}

function jsonArray(emissions: readonly Emission[]): string {
  const records = emissions.map((e) => ({
    ...(e.bad === "missing_sensor" ? {} : { device: e.sensorId }),
    type: e.metric,
    reading: e.bad === "non_numeric_value" ? BAD_TEXT_VALUE : e.value,
    uom: e.unit,
    ts: e.bad === "unparseable_timestamp" ? BAD_TIMESTAMP : e.observedMs,
  }));
  return JSON.stringify(records, null, 1);
}

function ndjson(emissions: readonly Emission[]): string {
  let text = "";
  for (const e of emissions) {
    const record = {
      ...(e.bad === "missing_sensor" ? {} : { sensor: e.sensorId }),
      metric: e.metric,
      value: e.bad === "non_numeric_value" ? BAD_TEXT_VALUE : e.value,
      unit: e.unit,
      observed_at: e.bad === "unparseable_timestamp" ? BAD_TIMESTAMP : iso(e.observedMs),
    };
    text += `${JSON.stringify(record)}\n`;
  }
  return text;
}

/**
 * SenML (RFC 8428) with absolute times; a bad record carries a string value (`vs`). The sensor
 * is the base name and the metric the name, as RFC 8428's examples write them: without a base
 * name the normalizer keeps the whole name as the sensor.
 */
function senml(emissions: readonly Emission[]): string {
  const records = emissions.map((e) => {
    const base = { bn: `${e.sensorId}:`, n: e.metric, u: e.unit, t: e.observedMs / 1000 };
    return e.bad ? { ...base, vs: BAD_TEXT_VALUE } : { ...base, v: e.value };
  });
  return JSON.stringify(records);
}

/** The upload's text in `format`. */
export function encode(format: UploadFormat, emissions: readonly Emission[], gatewayId: string) {
  switch (format) {
    case "csv":
      return csvLong(emissions);
    case "csv-european":
      return csvEuropean(emissions);
    case "csv-wide":
      return csvWide(emissions);
    case "json":
      return jsonReadings(emissions, gatewayId);
    case "json-array":
      return jsonArray(emissions);
    case "ndjson":
      return ndjson(emissions);
    case "senml":
      return senml(emissions);
  }
}
