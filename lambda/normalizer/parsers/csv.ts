/**
 * CSV with a header row: comma, semicolon or tab separated (detected from the header), quoted
 * fields (also spanning lines), CRLF, and a decimal comma when the separator is a semicolon.
 * Long layout (a value column, one reading a row) or wide layout (one column per metric, one
 * reading per non-empty cell). Hand-written: a split per row is several times faster than a
 * general CSV library on the unquoted rows gateways mostly send.
 */
import { FastLane, type CsvColumns, type LaneRun } from "../lanes/fast-lane";
import { LineSplitter, type LineHandler } from "../lines";
import { truncateRaw } from "../raw-text";
import { buildReading, isReason, toObservedMs, toText, trimmed } from "../reading";
import { reason, type Reason } from "../reasons";
import { resolveUnit } from "../units";
import { assignRoles, fieldKey, roleOf } from "./columns";
import type { ContentParser, ParserContext } from "./parser";

const SEPARATORS = [",", ";", "\t"];

/** The most frequent separator outside quotes in the header line; comma when none occurs. */
export function detectSeparator(header: string): string {
  let best = ",";
  let bestCount = 0;
  for (const separator of SEPARATORS) {
    let count = 0;
    let quoted = false;
    for (const char of header) {
      if (char === '"') quoted = !quoted;
      else if (char === separator && !quoted) count++;
    }
    if (count > bestCount) {
      best = separator;
      bestCount = count;
    }
  }
  return best;
}

/** Splits one record into trimmed fields; null when a quoted field is still open at the end. */
export function splitFields(text: string, separator: string): string[] | null {
  if (!text.includes('"')) {
    const fields = text.split(separator);
    for (let i = 0; i < fields.length; i++) fields[i] = trimmed(fields[i]);
    return fields;
  }
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === " " || (text[i] === "\t" && separator !== "\t")) i++;
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) return null;
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      const next = text.indexOf(separator, i);
      // Text between the closing quote and the separator is kept rather than silently dropped.
      value += (next === -1 ? text.slice(i) : text.slice(i, next)).trim();
      fields.push(value);
      if (next === -1) return fields;
      i = next + separator.length;
    } else {
      const next = text.indexOf(separator, i);
      fields.push((next === -1 ? text.slice(i) : text.slice(i, next)).trim());
      if (next === -1) return fields;
      i = next + separator.length;
    }
  }
}

const HEADER_UNIT = /^(.*?)\s*[([]\s*([^)\]]*?)\s*[)\]]\s*$/;

interface MetricColumn {
  readonly index: number;
  readonly metric: string;
  readonly unit: string | null;
}

/**
 * The times a CSV lane reads (lanes/README.md, observed_at): UTC ISO 8601 to the second or the
 * millisecond. A file whose first row has another form (day-first local time, an offset, epoch
 * seconds) gets no lane at all, so lanes on costs it nothing over lanes off; the lane's give-up
 * rule still covers files that change form later.
 */
const LANE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

/** The time field of the row at chunk[from…] (trimmed of a CR), "" for a blank row. */
function firstRowTime(chunk: Buffer, from: number, to: number, layout: Layout): string | null {
  const newline = chunk.indexOf(0x0a, from);
  const row = chunk.toString("latin1", from, newline === -1 || newline > to ? to : newline);
  const line = row.endsWith("\r") ? row.slice(0, -1) : row;
  if (line.trim() === "") return "";
  return line.split(layout.separator)[layout.time] ?? null;
}

interface Layout extends CsvColumns {
  /** Wide layout: one column per metric. Empty in the long layout. */
  readonly metrics: readonly MetricColumn[];
  /** With separate date and time columns: the time column (`time` is then the date). */
  readonly timeOfDay: number;
  /** A Home Assistant history export: the metric is the entity id's object id. */
  readonly entityIds: boolean;
}

/**
 * Home Assistant's History panel "Download data" CSV: `entity_id,state,last_changed`, one state
 * change a row (`sensor.living_room_temperature,21.5,2026-11-26T10:00:00.000Z`). Its names are
 * matched exactly, not as aliases: `state` in other files is no value column.
 */
const HOME_ASSISTANT_HISTORY = ["entity_id", "last_changed", "state"];

function homeAssistantLayout(names: readonly string[], separator: string): Layout | null {
  const keys = names.map(fieldKey);
  if ([...keys].sort().join() !== HOME_ASSISTANT_HISTORY.join()) return null;
  return {
    separator,
    width: names.length,
    time: keys.indexOf("last_changed"),
    timeOfDay: -1,
    sensor: keys.indexOf("entity_id"),
    metric: -1,
    value: keys.indexOf("state"),
    unit: -1,
    metrics: [],
    valueUnit: null,
    entityIds: true,
  };
}

/** `sensor.living_room_temperature` → `living_room_temperature`; undefined without a domain. */
function objectIdOf(entityId: string | undefined): string | undefined {
  const dot = entityId?.indexOf(".") ?? -1;
  return dot > 0 ? entityId?.slice(dot + 1) : undefined;
}

/**
 * Reads the header: its layout, or why no rows can be read under it (no timestamp column, no
 * value or metric columns, or columns that can be read more than one way).
 */
export function readHeader(line: string): Layout | Reason {
  const unrecognized = reason(
    "UNRECOGNIZED_FORMAT",
    "the header has no timestamp column or no value columns",
  );
  const separator = detectSeparator(line);
  const fields = splitFields(line, separator);
  if (!fields) return unrecognized;
  const names: string[] = [];
  const units: (string | null)[] = [];
  for (const raw of fields) {
    const match = HEADER_UNIT.exec(raw);
    names.push(match ? match[1] : raw);
    units.push(match ? match[2] || null : null);
  }
  const homeAssistant = homeAssistantLayout(names, separator);
  if (homeAssistant) return homeAssistant;
  const roles = assignRoles(names);
  if ("ambiguous" in roles) return reason("AMBIGUOUS_LAYOUT", roles.ambiguous);
  const { index, timeOfDay } = roles;
  const metrics: MetricColumn[] = [];
  names.forEach((name, i) => {
    if (roleOf(name) === undefined && name !== "")
      metrics.push({ index: i, metric: name, unit: units[i] });
  });
  if (index.time === undefined) return unrecognized;
  const long = index.value !== undefined;
  if (!long && metrics.length === 0) return unrecognized;
  if (!long && index.unit !== undefined) {
    // A unit column in a wide layout: it can only belong to a single metric column.
    if (metrics.length > 1 || metrics[0].unit !== null)
      return reason(
        "AMBIGUOUS_LAYOUT",
        `one "${names[index.unit]}" column for the metric columns ` +
          `${metrics.map((m) => JSON.stringify(m.metric)).join(", ")}: put each unit in its ` +
          "column's header, e.g. `temperature (°C)`, or use the long layout (metric, value, unit)",
      );
  }
  return {
    separator,
    width: names.length,
    time: index.time,
    timeOfDay: timeOfDay ?? -1,
    sensor: index.sensor ?? -1,
    metric: index.metric ?? -1,
    value: index.value ?? -1,
    unit: index.unit ?? -1,
    metrics: long ? [] : metrics,
    valueUnit: long ? units[index.value as number] : null,
    entityIds: false,
  };
}

/** A row's timestamp field: the date and time columns joined when the header has both. */
function timeField(layout: Layout, fields: readonly string[]): string | undefined {
  const date = fields[layout.time];
  if (layout.timeOfDay < 0) return date;
  const time = fields[layout.timeOfDay] ?? "";
  return date === undefined || date === "" || time === "" ? undefined : `${date} ${time}`;
}

export class CsvParser implements ContentParser, LineHandler {
  private readonly lines: LineSplitter;
  /** The header's layout; a reason once a header was read that no row can be read under. */
  private layout: Layout | Reason | undefined;
  private decimalComma = false;
  /** A quoted field spans lines: the record so far and the line it started on. */
  private open: { text: string; line: number } | null = null;
  /** The fast lane once the layout is known; null when it cannot serve this layout. */
  private lane: FastLane | null | undefined = undefined;

  constructor(private readonly context: ParserContext) {
    this.lines = new LineSplitter(context.maxLineBytes, this);
  }

  push(chunk: Buffer): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
    if (this.open) {
      const { text, line } = this.open;
      this.open = null;
      this.rejectLine(line, reason("UNCLOSED_QUOTE"), text);
    }
  }

  dispose(): void {
    this.lane?.release();
    this.lane = null;
  }

  takePending(): string {
    const open = this.open ? `${this.open.text}\n` : "";
    this.open = null;
    return truncateRaw(open + this.lines.takePending());
  }

  /** Plain long-layout rows go through the fast lane (see lanes/fast-lane.ts). */
  fastLines(chunk: Buffer, from: number, to: number, lineNumber: number): LaneRun | null {
    if (!this.context.fastLanes || this.lane === null || this.lane?.active === false) return null;
    // Before the header, and inside a quoted field, lines come one at a time so the lane can
    // start right after them.
    if (this.layout === undefined || this.open) return { next: from, lines: 0 };
    const layout = this.layout;
    if (this.lane === undefined) {
      const time = isReason(layout) ? null : firstRowTime(chunk, from, to, layout);
      // A blank first row says nothing yet: it goes to the general parser, the next row decides.
      if (time === "") return { next: from, lines: 0 };
      this.lane =
        !isReason(layout) &&
        time !== null &&
        LANE_TIME.test(time) &&
        layout.metrics.length === 0 &&
        layout.timeOfDay < 0 &&
        !layout.entityIds
          ? FastLane.forCsv(
              this.context.sink,
              this.context.reading,
              this.context.maxLineBytes,
              layout,
              this.decimalComma,
            )
          : null;
    }
    return this.lane ? this.lane.lines(chunk, from, to, lineNumber) : null;
  }

  badLine(lineNumber: number, why: Reason, raw: string): void {
    if (this.open) {
      // A bad line inside an open quoted field ends that record too: both are rejected.
      this.rejectLine(this.open.line, why, this.open.text);
      this.open = null;
    }
    this.rejectLine(lineNumber, why, raw);
  }

  line(text: string, lineNumber: number): void {
    if (this.open) {
      this.open.text += `\n${text}`;
      if (this.open.text.length > this.context.maxLineBytes) {
        const { text: record, line } = this.open;
        this.open = null;
        this.rejectLine(line, reason("LINE_TOO_LONG"), record);
        return;
      }
      this.record(this.open.text, this.open.line);
      return;
    }
    if (trimmed(text) === "") return;
    if (this.layout === undefined) {
      this.layout = readHeader(text);
      if (isReason(this.layout)) this.rejectLine(lineNumber, this.layout, text);
      else this.decimalComma = this.layout.separator === ";";
      return;
    }
    this.record(text, lineNumber);
  }

  private rejectLine(lineNumber: number, why: Reason, raw: string): void {
    this.context.sink.read(1);
    this.context.sink.reject(lineNumber, why, truncateRaw(raw));
  }

  private record(text: string, lineNumber: number): void {
    const layout = this.layout;
    if (layout === undefined || isReason(layout)) {
      // Under an ambiguous header every row is ambiguous for the same reason.
      const why =
        layout?.code === "AMBIGUOUS_LAYOUT"
          ? { ...layout, message: `${layout.message} (in the header)` }
          : reason("UNRECOGNIZED_FORMAT", "no usable header before this line");
      this.rejectLine(lineNumber, why, text);
      return;
    }
    const fields = splitFields(text, layout.separator);
    if (!fields) {
      this.open = this.open ?? { text, line: lineNumber };
      return;
    }
    this.open = null;
    if (fields.length > layout.width && fields.slice(layout.width).some((field) => field !== "")) {
      this.rejectLine(
        lineNumber,
        reason("WRONG_FIELD_COUNT", `${fields.length} fields, header has ${layout.width}`),
        text,
      );
      return;
    }
    if (layout.metrics.length === 0) this.longRecord(layout, fields, text, lineNumber);
    else this.wideRecord(layout, fields, text, lineNumber);
  }

  private longRecord(layout: Layout, fields: string[], text: string, lineNumber: number): void {
    const { sink, reading } = this.context;
    sink.read(1);
    const observed = toObservedMs(timeField(layout, fields), reading);
    if (typeof observed !== "number") {
      sink.reject(lineNumber, observed, truncateRaw(text));
      return;
    }
    const unit = layout.unit >= 0 ? fields[layout.unit] : layout.valueUnit;
    let metric: unknown = layout.metric >= 0 ? fields[layout.metric] : undefined;
    if (layout.entityIds) metric = objectIdOf(fields[layout.sensor]);
    else if (toText(metric) === null) metric = resolveUnit(unit)?.quantity ?? undefined;
    const result = buildReading(
      {
        sensor: fields[layout.sensor],
        metric,
        value: fields[layout.value],
        unit,
        observedMs: observed,
      },
      lineNumber,
      reading,
      this.decimalComma,
    );
    if (isReason(result)) sink.reject(lineNumber, result, truncateRaw(text));
    else sink.accept(result);
  }

  private wideRecord(layout: Layout, fields: string[], text: string, lineNumber: number): void {
    const { sink, reading } = this.context;
    const cells = layout.metrics.filter((column) => (fields[column.index] ?? "") !== "");
    if (cells.length === 0) {
      this.rejectLine(
        lineNumber,
        reason("MISSING_FIELD", "value (every metric column is empty)"),
        text,
      );
      return;
    }
    sink.read(cells.length);
    const observed = toObservedMs(timeField(layout, fields), reading);
    const sensor = layout.sensor >= 0 ? fields[layout.sensor] : undefined;
    for (const column of cells) {
      const result =
        typeof observed === "number"
          ? buildReading(
              {
                sensor,
                metric: column.metric,
                value: fields[column.index],
                unit: layout.unit >= 0 ? fields[layout.unit] : column.unit,
                observedMs: observed,
              },
              lineNumber,
              reading,
              this.decimalComma,
            )
          : observed;
      if (isReason(result))
        sink.reject(
          lineNumber,
          { ...result, message: `${column.metric}: ${result.message}` },
          truncateRaw(text),
        );
      else sink.accept(result);
    }
  }
}
