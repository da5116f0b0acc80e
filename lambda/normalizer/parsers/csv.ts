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
import { roleOf, type FieldRole } from "./columns";
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

interface Layout extends CsvColumns {
  /** Wide layout: one column per metric. Empty in the long layout. */
  readonly metrics: readonly MetricColumn[];
}

/** Reads the header; null when it names no timestamp column or no value/metric columns. */
export function readHeader(line: string): Layout | null {
  const separator = detectSeparator(line);
  const names = splitFields(line, separator);
  if (!names) return null;
  const index: Partial<Record<FieldRole, number>> = {};
  const units: (string | null)[] = [];
  const metrics: MetricColumn[] = [];
  names.forEach((raw, i) => {
    const match = HEADER_UNIT.exec(raw);
    const name = match ? match[1] : raw;
    units.push(match ? match[2] || null : null);
    const role = roleOf(name);
    if (role && index[role] === undefined) index[role] = i;
    if (!role && name !== "") metrics.push({ index: i, metric: name, unit: units[i] });
  });
  if (index.time === undefined) return null;
  const long = index.value !== undefined;
  if (!long && metrics.length === 0) return null;
  return {
    separator,
    width: names.length,
    time: index.time,
    sensor: index.sensor ?? -1,
    metric: index.metric ?? -1,
    value: index.value ?? -1,
    unit: index.unit ?? -1,
    metrics: long ? [] : metrics,
    valueUnit: long ? units[index.value as number] : null,
  };
}

export class CsvParser implements ContentParser, LineHandler {
  private readonly lines: LineSplitter;
  private layout: Layout | null | undefined;
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
    if (this.lane === undefined)
      this.lane =
        layout && layout.metrics.length === 0
          ? FastLane.forCsv(
              this.context.sink,
              this.context.reading,
              this.context.maxLineBytes,
              layout,
              this.decimalComma,
            )
          : null;
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
      if (this.layout) this.decimalComma = this.layout.separator === ";";
      else
        this.rejectLine(
          lineNumber,
          reason("UNRECOGNIZED_FORMAT", "the header has no timestamp column or no value columns"),
          text,
        );
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
    if (!layout) {
      this.rejectLine(
        lineNumber,
        reason("UNRECOGNIZED_FORMAT", "no usable header before this line"),
        text,
      );
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
    const observed = toObservedMs(fields[layout.time], reading);
    if (typeof observed !== "number") {
      sink.reject(lineNumber, observed, truncateRaw(text));
      return;
    }
    const unit = layout.unit >= 0 ? fields[layout.unit] : layout.valueUnit;
    let metric: unknown = layout.metric >= 0 ? fields[layout.metric] : undefined;
    if (toText(metric) === null) metric = resolveUnit(unit)?.quantity ?? undefined;
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
    const observed = toObservedMs(fields[layout.time], reading);
    const sensor = layout.sensor >= 0 ? fields[layout.sensor] : undefined;
    for (const column of cells) {
      const result =
        typeof observed === "number"
          ? buildReading(
              {
                sensor,
                metric: column.metric,
                value: fields[column.index],
                unit: column.unit,
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
