/**
 * One accepted reading: a lane sets its parts (positions in the input, or cached JSON), then
 * writeReading writes the canonical NDJSON line in the contract's key order.
 */
import { putOut } from "./bytes";
import { converted, foundBytes, lookup } from "./cache";
import { KIND_METRIC, KIND_UNIT } from "./host";
import { LINE_DIGITS, LINE_DIGITS_CAP, TAIL } from "./layout";
import { NUMBER_TEXT, numberText, numberTextLen, numberTextValue } from "./number-text";
import { canonicalValue, isCanonicalNumber, withoutTrailingZeros } from "./numbers";
import { observedMsCached } from "./timestamps";

const OPEN_SENSOR = memory.data<u8>([123, 34, 115, 101, 110, 115, 111, 114, 95, 105, 100, 34, 58, 34]); // {"sensor_id":"
const OPEN_SENSOR_LEN: usize = 14;
const METRIC_KEY = memory.data<u8>([34, 44, 34, 109, 101, 116, 114, 105, 99, 34, 58]); // ","metric":
const METRIC_KEY_LEN: usize = 11;
const VALUE_KEY = memory.data<u8>([44, 34, 118, 97, 108, 117, 101, 34, 58]); // ,"value":
const VALUE_KEY_LEN: usize = 9;
const UNIT_KEY = memory.data<u8>([44, 34, 117, 110, 105, 116, 34, 58]); // ,"unit":
const UNIT_KEY_LEN: usize = 8;
const OBSERVED_KEY = memory.data<u8>([
  44, 34, 111, 98, 115, 101, 114, 118, 101, 100, 95, 97, 116, 34, 58, 34,
]); // ,"observed_at":"
const OBSERVED_KEY_LEN: usize = 16;
const NULL_JSON = memory.data<u8>([110, 117, 108, 108]); // null

let tailLen: usize = 0;
let lineStart: usize = LINE_DIGITS + LINE_DIGITS_CAP;

/** The length of the tail the host wrote at TAIL. */
export function setTail(length: usize): void {
  tailLen = length;
}

/** Output bytes one more line may need at most, besides its own bytes. */
export function readingOverhead(): usize {
  return tailLen + 256;
}

/** The source_line of the next line a lane reads. */
export function setLine(line: f64): void {
  let n = <u64>line;
  let p = LINE_DIGITS + LINE_DIGITS_CAP;
  do {
    p--;
    store<u8>(p, <u8>(48 + n % 10));
    n /= 10;
  } while (n > 0);
  lineStart = p;
}

/** Adds one to the decimal source_line. */
@inline
export function nextLine(): void {
  let p = LINE_DIGITS + LINE_DIGITS_CAP - 1;
  while (true) {
    const digit = load<u8>(p);
    if (digit != 57) {
      store<u8>(p, digit + 1);
      return;
    }
    store<u8>(p, 48);
    if (p == lineStart) {
      lineStart = p - 1;
      store<u8>(lineStart, 49);
      return;
    }
    p--;
  }
}

let sensorAt: usize = 0;
let sensorEnd: usize = 0;
let metricJson: usize = 0;
let metricJsonLen: usize = 0;
let valueAt: usize = 0;
let valueEnd: usize = 0;
let valueComma: bool = false;
/** Whether the value's JSON text was rewritten (number-text.ts) rather than copied. */
let valueRewritten: bool = false;
let unitJson: usize = 0;
let unitJsonLen: usize = 0;
let unitConversion: i32 = -1;
let timeAt: usize = 0;
let timeLen: usize = 0;

/** observed_at at [p, p+len), if it is in the one shape a lane reads and plausible. */
export function takeTime(p: usize, len: usize): bool {
  timeAt = p;
  timeLen = len;
  return observedMsCached(p, len) >= 0;
}

/** A sensor id JSON.stringify writes unchanged: printable ASCII, no `"` or `\`, trimmed, not empty. */
export function takeSensor(p: usize, end: usize): bool {
  if (p >= end || load<u8>(p) == 32 || load<u8>(end - 1) == 32) return false;
  for (let i = p; i < end; i++) {
    const c = load<u8>(i);
    if (c < 32 || c > 126 || c == 34 || c == 92) return false;
  }
  sensorAt = p;
  sensorEnd = end;
  return true;
}

/**
 * The value, if its JSON text is its own bytes once trailing fraction zeros are cut (`21.50` is
 * written `21.5`, `21.00` is `21`, as JavaScript writes the number) and `-0` is written `0` (as
 * JSON.stringify writes -0); else, if it has an exponent or JavaScript writes it with one, as
 * number-text.ts rewrites it. `comma`: a decimal comma stands for the point.
 */
export function takeValue(p: usize, end: usize, comma: bool): bool {
  let at = p;
  const copied = withoutTrailingZeros(p, end, comma);
  if (copied - at == 2 && load<u16>(at) == 0x302d) at++; // "-0"
  // Most values are copied; a text with an exponent never is (isCanonicalNumber stops at `e`).
  if (isCanonicalNumber(at, copied, comma)) {
    valueAt = at;
    valueEnd = copied;
    valueComma = comma;
    valueRewritten = false;
    return true;
  }
  if (!numberText(p, end, comma)) return false;
  valueAt = NUMBER_TEXT;
  valueEnd = NUMBER_TEXT + numberTextLen;
  valueComma = false;
  valueRewritten = true;
  return true;
}

/** The metric field's JSON via the cache; false when a lane must not take it. */
export function takeMetric(p: usize, end: usize): bool {
  const answer = lookup(KIND_METRIC, p, end - p);
  if (answer < 0) return false;
  metricJson = foundBytes;
  metricJsonLen = <usize>(answer & 0xffff);
  return true;
}

/** The unit field's JSON and conversion via the cache; false when a lane must not take it. */
export function takeUnit(p: usize, end: usize): bool {
  const answer = lookup(KIND_UNIT, p, end - p);
  if (answer < 0) return false;
  setUnit(foundBytes, <usize>(answer & 0xffff), (answer >> 16) - 1);
  return true;
}

/** A unit given as JSON bytes (`null`, or a CSV header's unit) and its conversion (-1: none). */
export function setUnit(json: usize, length: usize, conversion: i32): void {
  unitJson = json;
  unitJsonLen = length;
  unitConversion = conversion;
}

/** `null`: the record has no unit. */
export function noUnit(): void {
  setUnit(NULL_JSON, 4, -1);
}

/**
 * Writes the reading at `o`; returns the new end, or 0 when a conversion did not stay finite or
 * needs a double the lane cannot compute exactly (the general parser then takes the line).
 */
export function writeReading(o: usize): usize {
  o = putOut(o, OPEN_SENSOR, OPEN_SENSOR_LEN);
  o = putOut(o, sensorAt, sensorEnd - sensorAt);
  o = putOut(o, METRIC_KEY, METRIC_KEY_LEN);
  o = putOut(o, metricJson, metricJsonLen);
  o = putOut(o, VALUE_KEY, VALUE_KEY_LEN);
  if (unitConversion >= 0) {
    const value = valueRewritten ? numberTextValue : canonicalValue(valueAt, valueEnd);
    if (isNaN(value)) return 0;
    const len = converted(unitConversion, value);
    if (len < 0) return 0;
    o = putOut(o, foundBytes, <usize>len);
  } else if (valueComma) {
    for (let i = valueAt; i < valueEnd; i++) {
      const c = load<u8>(i);
      store<u8>(o++, c == 44 ? 46 : c);
    }
  } else o = putOut(o, valueAt, valueEnd - valueAt);
  o = putOut(o, UNIT_KEY, UNIT_KEY_LEN);
  o = putOut(o, unitJson, unitJsonLen);
  o = putOut(o, OBSERVED_KEY, OBSERVED_KEY_LEN);
  if (timeLen == 24) o = putOut(o, timeAt, 24);
  else {
    o = putOut(o, timeAt, 19);
    store<u32>(o, 0x3030302e); // ".000"
    o += 4;
    store<u8>(o++, 90);
  }
  o = putOut(o, TAIL, tailLen);
  o = putOut(o, lineStart, LINE_DIGITS + LINE_DIGITS_CAP - lineStart);
  store<u8>(o++, 125);
  store<u8>(o++, 10);
  return o;
}
