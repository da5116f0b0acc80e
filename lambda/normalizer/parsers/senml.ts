/**
 * SenML JSON (RFC 8428): base name, time, unit and value carry forward through a pack; a time
 * below 2^28 seconds is relative to "now", which here is the raw object's upload time so the same
 * object always yields the same rows. Only numeric `v` values are readings; string, boolean, data
 * and sum values are rejected with UNSUPPORTED_VALUE_KIND.
 */
import { truncateRaw } from "../raw-text";
import { buildReading, isReason, toObservedMs, toText } from "../reading";
import { reason } from "../reasons";
import { toMetricName } from "../metric";
import { truncateToMs } from "../timestamps";
import { resolveUnit } from "../units";
import type { ParserContext } from "./parser";

const SENML_KEYS = ["bn", "bt", "bu", "bv", "bs", "bver", "n", "v", "vs", "vb", "vd", "ut"];
const BASE_KEYS = new Set(["bn", "bt", "bu", "bv", "bs", "bver"]);
const RELATIVE_LIMIT_SECONDS = 2 ** 28;

/** Whether a JSON object looks like a SenML record (it uses a SenML-only key). */
export function isSenmlRecord(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return SENML_KEYS.some((key) => key in value);
}

/**
 * Sensor and metric from a SenML record's names. RFC 8428 §4.5.1 defines only the resolved name
 * (base name + name); it names a device and, where the pack has several measurements, what is
 * measured. So with a base name the base is the sensor (without a trailing `:` `/` `;` `.`) and
 * the name the metric, as RFC 8428's own examples write them (`"bn":"urn:dev:ow:10e2073a01080063:"`,
 * `"n":"voltage"`). Without a base name the whole name is the sensor and the unit's quantity the
 * metric; only a last segment that spells that very quantity is cut off (§5.1.4's resolved
 * `urn:dev:ow:10e2073a0108006:voltage` with unit `V`). A name is never cut at a guessed
 * separator: ids such as `urn:dev:mac:0024befffe804ff1` are full of them.
 */
export function splitSenmlName(
  baseName: string,
  name: string,
  quantity: string | null,
): { sensor: string; metric: string | null } {
  if (baseName !== "")
    return { sensor: baseName.replace(/[:/;.]+$/, ""), metric: name === "" ? null : name };
  const cut = Math.max(name.lastIndexOf(":"), name.lastIndexOf("/"), name.lastIndexOf(";"));
  if (quantity !== null && cut > 0 && toMetricName(name.slice(cut + 1)) === quantity)
    return { sensor: name.slice(0, cut), metric: name.slice(cut + 1) };
  return { sensor: name, metric: null };
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
    const quantity = resolveUnit(unit)?.quantity ?? null;
    const { sensor, metric } = splitSenmlName(this.baseName, toText(record.n) ?? "", quantity);
    if (metric === null && !quantity && this.baseName === "" && sensor !== "") {
      reject(
        reason(
          "AMBIGUOUS_LAYOUT",
          `SenML name ${JSON.stringify(sensor)} without a base name or a unit with a known ` +
            'quantity: which part is the device and which the measurement is unknown; send "bn" ' +
            '(the device, e.g. "urn:dev:mac:0024befffe804ff1:") and "n" (the measurement)',
        ),
      );
      return;
    }
    const value_ = typeof record.v === "number" ? record.v + this.baseValue : record.v;
    const result = buildReading(
      {
        sensor,
        metric: metric ?? quantity,
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
