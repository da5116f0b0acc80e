/**
 * Turns the loose fields a parser found (any JSON type or CSV text) into a canonical reading, or
 * into the reason it cannot be one. Every parser goes through here, so the rules are the same for
 * every format.
 */
import type { CanonicalReading } from "../../contract/reading";
import { toMetricName } from "./metric";
import { reason, type Reason } from "./reasons";
import { parseTimestamp } from "./timestamps";
import { resolveUnit } from "./units";

/** What every reading of one object shares, and the rules it is checked against. */
export interface ReadingContext {
  readonly gatewayId: string;
  readonly sourceKey: string;
  /** IANA zone for naive timestamps. */
  readonly timeZone: string;
  /** Earliest and latest plausible observed_at, epoch milliseconds (inclusive). */
  readonly earliestMs: number;
  readonly latestMs: number;
}

/** Where a parser reports what it found. */
export interface RecordSink {
  /** Counts records read; every one of them must end as exactly one accept or reject. */
  read(count: number): void;
  accept(reading: CanonicalReading): void;
  reject(sourceLine: number | null, why: Reason, raw: string): void;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * String#trim, skipped when both ends are printable ASCII (most fields): the check is cheaper
 * than the call. Non-ASCII ends (U+FEFF, U+00A0, …) still go through trim.
 */
export function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/** A reading's value as a finite number, or why not. `decimalComma` reads "21,5" as 21.5. */
export function toValue(raw: unknown, decimalComma = false): number | Reason {
  if (typeof raw === "number")
    return Number.isFinite(raw) ? raw : reason("NON_FINITE_VALUE", String(raw));
  if (raw === null || raw === undefined) return reason("MISSING_FIELD", "value");
  if (typeof raw !== "string") return reason("NON_NUMERIC_VALUE", `a JSON ${typeof raw}`);
  let text = trimmed(raw);
  if (text === "") return reason("MISSING_FIELD", "value");
  if (decimalComma && text.includes(",")) text = text.replace(",", ".");
  if (NUMBER.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : reason("NON_FINITE_VALUE", `${raw} overflows`);
  }
  if (NON_FINITE_WORD.test(text)) return reason("NON_FINITE_VALUE", text);
  return reason("NON_NUMERIC_VALUE", JSON.stringify(raw.slice(0, 64)));
}

/** A text field (sensor, metric, unit) as a trimmed string; numbers count as text. */
export function toText(raw: unknown): string | null {
  if (typeof raw === "string") {
    const text = trimmed(raw);
    return text === "" ? null : text;
  }
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  return null;
}

let cachedRaw: unknown = undefined;
let cachedContext: ReadingContext | null = null;
let cachedResult: number | Reason = NaN;

/**
 * observed_at as epoch milliseconds, or why it is unusable. Rows of one upload mostly share or
 * repeat timestamps, so the last answer is remembered.
 */
export function toObservedMs(raw: unknown, context: ReadingContext): number | Reason {
  if (raw === cachedRaw && context === cachedContext) return cachedResult;
  cachedResult = observedMs(raw, context);
  cachedRaw = raw;
  cachedContext = context;
  return cachedResult;
}

function observedMs(raw: unknown, context: ReadingContext): number | Reason {
  if (raw === null || raw === undefined || raw === "")
    return reason("MISSING_FIELD", "observed_at");
  const ms = parseTimestamp(raw, context.timeZone);
  if (Number.isNaN(ms))
    return reason("UNPARSEABLE_TIMESTAMP", JSON.stringify(String(raw).slice(0, 64)));
  if (ms < context.earliestMs || ms > context.latestMs)
    return reason(
      "IMPLAUSIBLE_TIMESTAMP",
      `${new Date(ms).toISOString()} is outside ${new Date(context.earliestMs).toISOString()} … ${new Date(context.latestMs).toISOString()}`,
    );
  return ms;
}

let lastMs = NaN;
let lastIso = "";

/** UTC ISO-8601 with milliseconds; consecutive readings often share a time, so the last is cached. */
function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** The fields of one reading as a parser found them, with the timestamp already resolved. */
export interface ReadingFields {
  readonly sensor: unknown;
  readonly metric: unknown;
  readonly value: unknown;
  readonly unit: unknown;
  readonly observedMs: number;
}

/**
 * Builds the canonical reading, or returns why it cannot be one. The unit table converts the value
 * where it documents a conversion; a metric is lower-snake-cased.
 */
export function buildReading(
  fields: ReadingFields,
  sourceLine: number,
  context: ReadingContext,
  decimalComma = false,
): CanonicalReading | Reason {
  const sensor = toText(fields.sensor);
  if (sensor === null) return reason("MISSING_FIELD", "sensor_id");
  const metricText = toText(fields.metric);
  const metric = metricText === null ? "" : toMetricName(metricText);
  if (metric === "") return reason("MISSING_FIELD", "metric");
  const value = toValue(fields.value, decimalComma);
  if (typeof value !== "number") return value;
  const unit = resolveUnit(typeof fields.unit === "string" ? fields.unit : null);
  const converted = unit?.convert ? unit.convert(value) : value;
  if (!Number.isFinite(converted))
    return reason("NON_FINITE_VALUE", `${value} after unit conversion`);
  return {
    sensor_id: sensor,
    metric,
    value: converted,
    unit: unit ? unit.unit : null,
    observed_at: isoOf(fields.observedMs),
    gateway_id: context.gatewayId,
    source_key: context.sourceKey,
    source_line: sourceLine,
  };
}

/** Whether a builder returned a reason rather than its result. */
export function isReason<T extends object | number>(result: T | Reason): result is Reason {
  return typeof result === "object" && "code" in result;
}
