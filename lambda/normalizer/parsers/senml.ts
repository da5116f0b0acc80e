/**
 * SenML JSON (RFC 8428): base name, time, unit and value carry forward through a pack; a time
 * below 2^28 seconds is relative to "now", which here is the raw object's upload time so the same
 * object always yields the same rows. Only numeric `v` values are readings; string, boolean, data
 * and sum values are rejected with UNSUPPORTED_VALUE_KIND.
 */
import { truncateRaw } from "../raw-text";
import { buildReading, isReason, toObservedMs, toText } from "../reading";
import { reason } from "../reasons";
import { truncateToMs } from "../timestamps";
import { resolveUnit } from "../units";
import type { ParserContext } from "./parser";

const SENML_KEYS = ["bn", "bt", "bu", "bv", "bs", "bver", "n", "v", "vs", "vb", "vd", "ut"];
const BASE_KEYS = new Set(["bn", "bt", "bu", "bv", "bs", "bver"]);
const RELATIVE_LIMIT_SECONDS = 2 ** 28;
/** A trailing segment that reads as a metric name (not a hex id or serial number). */
const METRIC_SEGMENT = /^(.+)[:/;]([A-Za-z][A-Za-z0-9_.-]*)$/;

/** Whether a JSON object looks like a SenML record (it uses a SenML-only key). */
export function isSenmlRecord(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return SENML_KEYS.some((key) => key in value);
}

/**
 * Sensor and metric from a resolved SenML name. With a base name the base is the sensor and the
 * name the metric; otherwise a trailing `:name`, `/name` or `;name` is the metric. Without a
 * metric, the unit's quantity (Cel → temperature) stands in.
 */
export function splitSenmlName(
  baseName: string,
  name: string,
): { sensor: string; metric: string | null } {
  if (baseName !== "" && name !== "")
    return { sensor: baseName.replace(/[:/;.]+$/, ""), metric: name };
  const full = (baseName + name).replace(/[:/;.]+$/, "");
  const match = METRIC_SEGMENT.exec(full);
  return match ? { sensor: match[1], metric: match[2] } : { sensor: full, metric: null };
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** One SenML pack (a JSON array): its base values carry from record to record. */
export class SenmlPack {
  private baseName = "";
  private baseTime = 0;
  private baseUnit: string | undefined;
  private baseValue = 0;

  constructor(private readonly context: ParserContext) {}

  record(value: unknown, sourceLine: number, raw: () => string): void {
    const { sink, reading, referenceMs } = this.context;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      sink.read(1);
      sink.reject(sourceLine, reason("NOT_A_RECORD"), truncateRaw(raw()));
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.bn === "string") this.baseName = record.bn;
    if (typeof record.bt === "number") this.baseTime = record.bt;
    if (typeof record.bu === "string") this.baseUnit = record.bu;
    if (typeof record.bv === "number") this.baseValue = record.bv;
    // A record of base fields only (RFC 8428 §5.1.6 starts with one) sets the base, measures nothing.
    const keys = Object.keys(record);
    if (keys.length > 0 && keys.every((key) => BASE_KEYS.has(key))) return;
    sink.read(1);
    const reject = (why: ReturnType<typeof reason>) =>
      sink.reject(sourceLine, why, truncateRaw(raw()));

    if (record.v === undefined) {
      const kind = ["vs", "vb", "vd", "s"].find((key) => record[key] !== undefined);
      reject(kind ? reason("UNSUPPORTED_VALUE_KIND", `"${kind}"`) : reason("MISSING_FIELD", "v"));
      return;
    }
    if (record.t !== undefined && typeof record.t !== "number") {
      reject(reason("UNPARSEABLE_TIMESTAMP", `"t" is ${JSON.stringify(record.t)}`));
      return;
    }
    const seconds = this.baseTime + num(record.t);
    const observedRaw =
      Math.abs(seconds) < RELATIVE_LIMIT_SECONDS
        ? referenceMs + truncateToMs(seconds * 1000)
        : truncateToMs(seconds * 1000);
    const observed = toObservedMs(observedRaw, reading);
    if (typeof observed !== "number") {
      reject(observed);
      return;
    }
    const unit = typeof record.u === "string" ? record.u : this.baseUnit;
    const { sensor, metric } = splitSenmlName(this.baseName, toText(record.n) ?? "");
    const value_ = typeof record.v === "number" ? record.v + this.baseValue : record.v;
    const result = buildReading(
      {
        sensor,
        metric: metric ?? resolveUnit(unit)?.quantity,
        value: value_,
        unit,
        observedMs: observed,
      },
      sourceLine,
      reading,
    );
    if (isReason(result)) reject(result);
    else sink.accept(result);
  }
}
