/**
 * InfluxDB line protocol, Telegraf's default output (`data_format = "influx"`):
 * `measurement[,tag=value…] field=value[,field=value…] [timestamp]`, one point a line, blank lines
 * and `#` comments skipped. Rules from the InfluxDB v2 line protocol reference
 * (docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/):
 * - escapes: `\,` and `\ ` in the measurement; `\,` `\=` `\ ` in tag keys, tag values and field
 *   keys; `\"` and `\\` inside a string field value; any other backslash is literal;
 * - field values: float (`1`, `-1.5`, `1e3`), integer `12i`, unsigned `12u` (read as numbers,
 *   exact up to 2^53), string `"…"` and boolean (`t`, `true`, `F`, …) — the last two are not
 *   readings and are rejected as NON_NUMERIC_VALUE, one rejection per field;
 * - timestamp: integer nanoseconds since the epoch (the default precision, and what Telegraf
 *   writes), kept to the millisecond; a point without one is rejected (MISSING_FIELD) rather than
 *   stamped with a guessed time.
 * Points map onto readings exactly as Telegraf JSON does (telegraf.ts), so both formats give the
 * same rows. A line that is not line protocol is one BROKEN_LINE_PROTOCOL rejection.
 */
import { LineSplitter, type LineHandler } from "../lines";
import { truncateRaw } from "../raw-text";
import { buildReading, isReason, toObservedMs } from "../reading";
import { reason, type Reason } from "../reasons";
import type { ContentParser, ParserContext } from "./parser";
import { NO_IDENTITY_TAG, telegrafMetric, telegrafSensor } from "./telegraf";

/** One parsed point; a field value is a number or why it is not one. */
export interface LinePoint {
  readonly measurement: string;
  readonly tags: Record<string, string>;
  readonly fields: [string, number | Reason][];
  /** Nanoseconds since the epoch, or null when the point has none. */
  readonly timestampNs: bigint | null;
}

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+i$/;
const UNSIGNED = /^\d+u$/;
const BOOLEAN = /^(?:t|T|true|True|TRUE|f|F|false|False|FALSE)$/;
const TIMESTAMP = /^-?\d+$/;
/** The largest epoch milliseconds a JavaScript Date holds (ECMA-262 time values). */
const MAX_DATE_MS = 8.64e15;

/** Reads up to an unescaped stop character; `escapable` are the characters `\` escapes here. */
function token(line: string, from: number, stops: string, escapable: string): [string, number] {
  let text = "";
  let i = from;
  while (i < line.length && !stops.includes(line[i])) {
    if (line[i] === "\\" && i + 1 < line.length && escapable.includes(line[i + 1])) {
      text += line[i + 1];
      i += 2;
    } else text += line[i++];
  }
  return [text, i];
}

function fieldValue(text: string): number | Reason | null {
  if (INTEGER.test(text) || UNSIGNED.test(text)) return Number(text.slice(0, -1));
  if (FLOAT.test(text)) return Number(text);
  if (BOOLEAN.test(text)) return reason("NON_NUMERIC_VALUE", `the boolean field value ${text}`);
  return null;
}

/** Parses one line, or returns what is wrong with it. */
export function parseLinePoint(line: string): LinePoint | string {
  const [measurement, afterName] = token(line, 0, ", ", ", ");
  if (measurement === "") return "no measurement";
  const tags: Record<string, string> = {};
  let i = afterName;
  while (line[i] === ",") {
    const [key, afterKey] = token(line, i + 1, ",= ", ",= ");
    if (line[afterKey] !== "=" || key === "") return `a tag without key=value after ${measurement}`;
    const [value, afterValue] = token(line, afterKey + 1, ", ", ",= ");
    if (value === "") return `the tag ${key} has no value`;
    tags[key] = value;
    i = afterValue;
  }
  if (line[i] !== " ") return "no field set after the measurement and tags";
  const fields: [string, number | Reason][] = [];
  do {
    const [key, afterKey] = token(line, i + 1, ",= ", ",= ");
    if (line[afterKey] !== "=" || key === "") return "a field without key=value";
    i = afterKey + 1;
    if (line[i] === '"') {
      const [text, afterText] = token(line, i + 1, '"', '"\\');
      if (line[afterText] !== '"') return `the string value of the field ${key} is never closed`;
      fields.push([
        key,
        reason("NON_NUMERIC_VALUE", `the string field value ${JSON.stringify(text.slice(0, 64))}`),
      ]);
      i = afterText + 1;
    } else {
      const end = line.slice(i).search(/[ ,]/);
      const text = end === -1 ? line.slice(i) : line.slice(i, i + end);
      const value = fieldValue(text);
      if (value === null)
        return `the field ${key} has the value ${JSON.stringify(text)}, in no field type`;
      fields.push([key, value]);
      i += text.length;
    }
  } while (line[i] === ",");
  if (i >= line.length) return { measurement, tags, fields, timestampNs: null };
  if (line[i] !== " ") return `unexpected ${JSON.stringify(line[i])} after the field set`;
  const stamp = line.slice(i + 1);
  if (!TIMESTAMP.test(stamp)) return `the timestamp ${JSON.stringify(stamp)} is not an integer`;
  return { measurement, tags, fields, timestampNs: BigInt(stamp) };
}

export class LineProtocolParser implements ContentParser, LineHandler {
  private readonly lines: LineSplitter;

  constructor(private readonly context: ParserContext) {
    this.lines = new LineSplitter(context.maxLineBytes, this);
  }

  push(chunk: Buffer): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  takePending(): string {
    return this.lines.takePending();
  }

  badLine(lineNumber: number, why: Reason, raw: string): void {
    this.context.sink.read(1);
    this.context.sink.reject(lineNumber, why, raw);
  }

  line(text: string, lineNumber: number): void {
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (line.trim() === "" || line.startsWith("#")) return;
    const point = parseLinePoint(line);
    if (typeof point === "string") {
      this.badLine(lineNumber, reason("BROKEN_LINE_PROTOCOL", point), truncateRaw(line));
      return;
    }
    const { sink, reading } = this.context;
    const raw = truncateRaw(line);
    sink.read(point.fields.length);
    const rejectAll = (why: Reason) => {
      for (let i = 0; i < point.fields.length; i++) sink.reject(lineNumber, why, raw);
    };
    const sensor = telegrafSensor(point.tags);
    if (sensor === undefined) return rejectAll(reason("MISSING_FIELD", NO_IDENTITY_TAG));
    if (point.timestampNs === null)
      return rejectAll(
        reason("MISSING_FIELD", "observed_at (the point has no timestamp: let Telegraf write it)"),
      );
    // Kept to the millisecond, the canonical precision; BigInt so 19-digit values stay exact.
    const ms = Number(point.timestampNs / 1_000_000n);
    const observed =
      Math.abs(ms) <= MAX_DATE_MS
        ? toObservedMs(new Date(ms).toISOString(), reading)
        : reason("UNPARSEABLE_TIMESTAMP", `${point.timestampNs} ns is beyond any date`);
    if (typeof observed !== "number") return rejectAll(observed);
    for (const [field, value] of point.fields) {
      const result = isReason(value)
        ? value
        : buildReading(
            {
              sensor,
              metric: telegrafMetric(point.measurement, field),
              value,
              unit: undefined,
              observedMs: observed,
            },
            lineNumber,
            reading,
          );
      if (isReason(result)) sink.reject(lineNumber, result, raw);
      else sink.accept(result);
    }
  }
}
