/**
 * The normalizer's fast lanes, in AssemblyScript (compiled to lanes.wasm, see ../README.md).
 *
 * A lane reads whole lines of one object straight from bytes and writes the canonical NDJSON of
 * every line it is sure the general parser would accept unchanged. At the first line it is not
 * sure of (quotes, escapes, offsets, epoch times, a rejection, anything unusual) it stops, and the
 * general TypeScript parser takes that line. So a lane never decides a rejection and never
 * changes an output byte: it only skips the per-field string work for the plain rows gateways
 * mostly send. Anything that needs JavaScript's own rules (unit table, metric names, field
 * aliases, number formatting after a unit conversion) is asked of the host once per spelling
 * through `intern` and cached here.
 *
 * Memory (byte addresses): static data below 64 KiB, then the regions below, then OUTPUT and
 * INPUT, whose sizes the host sets with `setup`.
 */

// ---- regions ----------------------------------------------------------------------------------
/** `","gateway_id":…,"source_key":…,"source_line":`, written by the host per object. */
export const TAIL: usize = 65536;
const TAIL_CAP: usize = 16384;
/** JSON of the unit (`"Cel"` or `null`) when a CSV has no unit column, written by the host. */
export const FIXED_UNIT: usize = TAIL + TAIL_CAP;
const FIXED_UNIT_CAP: usize = 512;
/** Where the host writes the answer of `intern` or `convert`. */
export const SCRATCH: usize = FIXED_UNIT + FIXED_UNIT_CAP;
export const SCRATCH_CAP: usize = 1024;
/** The current source_line as right-aligned decimal digits. */
const LINE_DIGITS: usize = SCRATCH + SCRATCH_CAP;
const LINE_DIGITS_CAP: usize = 24;
/** Uncached answers for metric and unit, kept apart so a later answer cannot overwrite them. */
const HOLD: usize = LINE_DIGITS + 32;
/** The intern cache: an open-addressing table of 16-byte slots, and the bytes they point at. */
const SLOTS: usize = HOLD + 2 * SCRATCH_CAP;
const SLOT_COUNT: u32 = 2048;
const SLOT_BYTES: usize = 16;
const ARENA: usize = SLOTS + <usize>SLOT_COUNT * SLOT_BYTES;
const ARENA_END: usize = ARENA + 262144;
/** Converted values by (conversion, value): 32-byte entries of f64, i32 conversion, i32 length, text. */
const CONVERTED: usize = ARENA_END;
const CONVERTED_COUNT: u32 = 4096;
const CONVERTED_BYTES: usize = 32;
const CONVERTED_TEXT_CAP: usize = 16;
const CONVERTED_END: usize = CONVERTED + <usize>CONVERTED_COUNT * CONVERTED_BYTES;
/** Canonical NDJSON written by the lanes; the host copies it out after every call. */
export const OUTPUT: usize = (CONVERTED_END + 65535) & ~(<usize>65535);

let outputEnd: usize = OUTPUT;
/** The input region starts right after the output region. */
export let input: usize = OUTPUT;
let inputCap: usize = 0;

// ---- host functions ---------------------------------------------------------------------------
/** Kinds of interned spellings. */
const KIND_KEY: i32 = 1;
const KIND_METRIC: i32 = 2;
const KIND_UNIT: i32 = 3;

/**
 * Resolves a spelling of `kind` at [ptr, ptr+len). Returns -1 when a lane must not handle it, a
 * role id for KIND_KEY, or `length | (conversion + 1) << 16` with the JSON bytes in SCRATCH.
 */
@external("lane", "intern")
declare function intern(kind: i32, ptr: usize, len: i32): i32;

/**
 * Converts `value` with unit conversion `conversion`, writing the JSON number to SCRATCH. Returns
 * its length, or -1 when the result is not finite.
 */
@external("lane", "convert")
declare function convert(conversion: i32, value: f64): i32;

// ---- state set by the host --------------------------------------------------------------------
let tailLen: usize = 0;
let fixedUnitLen: usize = 0;
let fixedUnitConversion: i32 = -1;
let earliestMs: f64 = 0;
let latestMs: f64 = 0;
let maxLineBytes: usize = 65536;
let lineStart: usize = LINE_DIGITS + LINE_DIGITS_CAP;

let separator: u32 = 44;
let decimalComma: bool = false;
let width: i32 = 0;
let timeColumn: i32 = -1;
let sensorColumn: i32 = -1;
let metricColumn: i32 = -1;
let valueColumn: i32 = -1;
let unitColumn: i32 = -1;

// ---- results of a call ------------------------------------------------------------------------
/** Offset into the input of the first line not handled. */
export let stoppedAt: usize = 0;
/** Lines handled (each one accepted reading). */
export let handled: u32 = 0;
/** End of the NDJSON written to OUTPUT. */
export let outputPos: usize = OUTPUT;

/** Why a call returned. */
const DONE: i32 = 0;
const FALLBACK: i32 = 1;
const OUTPUT_FULL: i32 = 2;

/** Sizes the output and input regions, growing memory as needed. */
export function setup(outputBytes: usize, inputBytes: usize): void {
  outputEnd = OUTPUT + outputBytes;
  input = outputEnd;
  inputCap = inputBytes;
  const needed = <i32>((input + inputCap + 65535) >>> 16);
  const have = memory.size();
  if (needed > have) memory.grow(needed - have);
  outputPos = OUTPUT;
}

/** Per object: the tail length, the plausible observed_at window and the longest line. */
export function configure(tail: usize, earliest: f64, latest: f64, maxLine: usize): void {
  tailLen = tail;
  earliestMs = earliest;
  latestMs = latest;
  maxLineBytes = maxLine;
}

/** The CSV layout: column indexes (-1 when absent); FIXED_UNIT holds the unit without a column. */
export function configureCsv(
  sep: u32,
  comma: bool,
  columns: i32,
  time: i32,
  sensor: i32,
  metric: i32,
  value: i32,
  unit: i32,
  fixedUnit: usize,
  fixedConversion: i32,
): void {
  separator = sep;
  decimalComma = comma;
  width = columns;
  timeColumn = time;
  sensorColumn = sensor;
  metricColumn = metric;
  valueColumn = value;
  unitColumn = unit;
  fixedUnitLen = fixedUnit;
  fixedUnitConversion = fixedConversion;
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
function nextLine(): void {
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

// ---- intern cache -----------------------------------------------------------------------------
/** Whether n bytes at a and b are equal (by word: these are short). */
@inline
function same(a: usize, b: usize, n: usize): bool {
  let k: usize = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  for (; k < n; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

let arenaTop: usize = ARENA;
let slotsUsed: u32 = 0;
/** Where the bytes of the last `lookup` answer are. */
let foundBytes: usize = 0;

/** The host's answer for a spelling, from the cache or asked once. */
function lookup(kind: i32, ptr: usize, len: usize): i32 {
  let hash: u32 = 2166136261 ^ <u32>kind;
  let i: usize = 0;
  for (; i + 4 <= len; i += 4) hash = (hash ^ load<u32>(ptr + i)) * 16777619;
  for (; i < len; i++) hash = (hash ^ load<u8>(ptr + i)) * 16777619;
  let slot = hash & (SLOT_COUNT - 1);
  while (true) {
    const at = SLOTS + <usize>slot * SLOT_BYTES;
    const keyAt = <usize>load<u32>(at + 4);
    if (keyAt == 0) break;
    if (
      load<u32>(at) == hash &&
      <usize>load<u16>(at + 8) == len &&
      <i32>load<u8>(at + 10) == kind &&
      same(keyAt, ptr, len)
    ) {
      foundBytes = keyAt + len;
      return load<i32>(at + 12);
    }
    slot = (slot + 1) & (SLOT_COUNT - 1);
  }
  const answer = intern(kind, ptr, <i32>len);
  const resultLen: usize = answer < 0 || kind == KIND_KEY ? 0 : <usize>(answer & 0xffff);
  foundBytes = HOLD + (kind == KIND_UNIT ? SCRATCH_CAP : 0);
  memory.copy(foundBytes, SCRATCH, resultLen);
  // Cache it while the table is under 3/4 full and the arena has room; else ask again next time.
  if (len <= 0xffff && slotsUsed < (SLOT_COUNT * 3) / 4 && arenaTop + len + resultLen <= ARENA_END) {
    const at = SLOTS + <usize>slot * SLOT_BYTES;
    memory.copy(arenaTop, ptr, len);
    memory.copy(arenaTop + len, SCRATCH, resultLen);
    store<u32>(at, hash);
    store<u32>(at + 4, <u32>arenaTop);
    store<u16>(at + 8, <u16>len);
    store<u8>(at + 10, <u8>kind);
    store<i32>(at + 12, answer);
    foundBytes = arenaTop + len;
    arenaTop += len + resultLen;
    slotsUsed++;
  }
  return answer;
}

// ---- field checks -----------------------------------------------------------------------------
/**
 * Whether [p, end) is a number whose JSON text is exactly these bytes (a decimal comma read as a
 * point): `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`, at most 15 significant digits (so it round-trips
 * through a double unchanged), at most five zeros after the point before the first digit (below
 * that JavaScript writes an exponent), and not -0.
 */
function isCanonicalNumber(p: usize, end: usize, comma: bool): bool {
  if (p >= end) return false;
  let i = p;
  const negative = load<u8>(i) == 45;
  if (negative) i++;
  if (i >= end) return false;
  let first = load<u8>(i);
  let significant = 0;
  let zeroInteger = false;
  if (first == 48) {
    zeroInteger = true;
    i++;
  } else if (first >= 49 && first <= 57) {
    while (i < end) {
      const c = load<u8>(i);
      if (c < 48 || c > 57) break;
      significant++;
      i++;
    }
  } else return false;
  if (i == end) return !(negative && zeroInteger) && significant <= 15;
  const point = load<u8>(i);
  if (point != 46 && !(comma && point == 44)) return false;
  i++;
  if (i >= end) return false;
  let leadingZeros = 0;
  let counting = zeroInteger;
  while (i < end) {
    const c = load<u8>(i);
    if (c < 48 || c > 57) return false;
    if (counting && c == 48) leadingZeros++;
    else {
      counting = false;
      significant++;
    }
    i++;
  }
  if (load<u8>(end - 1) == 48) return false;
  if (zeroInteger && leadingZeros > 5) return false;
  return significant > 0 && significant <= 15;
}

const POWERS_OF_TEN = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

/**
 * The double of a canonical number (isCanonicalNumber) exactly as JavaScript's Number() reads it:
 * its digits as an integer below 2^53 divided by a power of ten up to 1e22, both exact, so the one
 * correctly rounded division is the correctly rounded value (Clinger's fast path).
 */
function canonicalValue(p: usize, end: usize): f64 {
  let digits: u64 = 0;
  let fraction = -1;
  const negative = load<u8>(p) == 45;
  for (let i = negative ? p + 1 : p; i < end; i++) {
    const c = load<u8>(i);
    if (c == 46 || c == 44) fraction = 0;
    else {
      digits = digits * 10 + <u64>(c - 48);
      if (fraction >= 0) fraction++;
    }
  }
  const value = <f64>digits / load<f64>(POWERS_OF_TEN + <usize>(fraction > 0 ? fraction : 0) * 8);
  return negative ? -value : value;
}

/** Two ASCII digits at p as a number, or -1. */
@inline
function twoDigits(p: usize): i32 {
  const a = <i32>load<u8>(p) - 48;
  const b = <i32>load<u8>(p + 1) - 48;
  if (<u32>a > 9 || <u32>b > 9) return -1;
  return a * 10 + b;
}

const DAYS_IN_MONTH = memory.data<u8>([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);

/** The last timestamp accepted: rows of one upload mostly repeat it. */
const LAST_TIME = memory.data(24);
let lastTimeLen: usize = 0;
let lastTimeMs: f64 = -1;

/** observedMs, remembering the last accepted timestamp's bytes. */
function observedMsCached(p: usize, len: usize): f64 {
  if (len == lastTimeLen && same(p, LAST_TIME, len)) return lastTimeMs;
  const ms = observedMs(p, len);
  if (ms >= 0) {
    put(LAST_TIME, p, len);
    lastTimeLen = len;
    lastTimeMs = ms;
  }
  return ms;
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.mmmZ` at [p, p+len) inside the
 * plausible window, or -1: the same checks as the general parser's fast ISO path.
 */
function observedMs(p: usize, len: usize): f64 {
  if ((len != 20 && len != 24) || load<u8>(p + len - 1) != 90) return -1;
  if (
    load<u8>(p + 4) != 45 ||
    load<u8>(p + 7) != 45 ||
    load<u8>(p + 10) != 84 ||
    load<u8>(p + 13) != 58 ||
    load<u8>(p + 16) != 58
  )
    return -1;
  const high = twoDigits(p);
  const low = twoDigits(p + 2);
  const month = twoDigits(p + 5);
  const day = twoDigits(p + 8);
  const hour = twoDigits(p + 11);
  const minute = twoDigits(p + 14);
  const second = twoDigits(p + 17);
  let millis = 0;
  if (len == 24) {
    if (load<u8>(p + 19) != 46) return -1;
    const a = <i32>load<u8>(p + 20) - 48;
    const bc = twoDigits(p + 21);
    if (<u32>a > 9 || bc < 0) return -1;
    millis = a * 100 + bc;
  }
  if ((high | low | month | day | hour | minute | second) < 0) return -1;
  const year = high * 100 + low;
  // Date.UTC reads years below 100 as 19xx: leave those to the general parser.
  if (year < 100 || month < 1 || month > 12 || day < 1) return -1;
  if (day > <i32>load<u8>(DAYS_IN_MONTH + <usize>(month - 1))) return -1;
  if (hour > 23 || minute > 59 || second > 59) return -1;
  const leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (month == 2 && day == 29 && !leap) return -1;
  // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year;
  const era = y / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  const days = era * 146097 + dayOfEra - 719468;
  const ms =
    <f64>days * 86400000 + <f64>(hour * 3600000 + minute * 60000 + second * 1000 + millis);
  if (ms < earliestMs || ms > latestMs) return -1;
  return ms;
}

/** A sensor id JSON.stringify writes unchanged: printable ASCII, no `"` or `\`, trimmed, not empty. */
function isPlainText(p: usize, end: usize): bool {
  if (p >= end || load<u8>(p) == 32 || load<u8>(end - 1) == 32) return false;
  for (let i = p; i < end; i++) {
    const c = load<u8>(i);
    if (c < 32 || c > 126 || c == 34 || c == 92) return false;
  }
  return true;
}

/** Whether [p, end) holds only ASCII (so it cannot hide invalid UTF-8). */
function isAscii(p: usize, end: usize): bool {
  for (let i = p; i < end; i++) if (load<u8>(i) >= 128) return false;
  return true;
}

// ---- output -----------------------------------------------------------------------------------
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

/** Copies n bytes; small pieces by word, as memory.copy's call costs more than it saves here. */
@inline
function put(dst: usize, src: usize, n: usize): usize {
  let k: usize = 0;
  while (k + 8 <= n) {
    store<u64>(dst + k, load<u64>(src + k));
    k += 8;
  }
  while (k < n) {
    store<u8>(dst + k, load<u8>(src + k));
    k++;
  }
  return dst + n;
}

/** The parts of one accepted reading, found by a lane. */
let sensorAt: usize = 0;
let sensorEnd: usize = 0;
let metricJson: usize = 0;
let metricJsonLen: usize = 0;
let valueAt: usize = 0;
let valueEnd: usize = 0;
let unitJson: usize = 0;
let unitJsonLen: usize = 0;
let unitConversion: i32 = -1;
let timeAt: usize = 0;
let timeLen: usize = 0;

/** The metric field's JSON via the cache; false when a lane must not take it. */
function takeMetric(p: usize, end: usize): bool {
  const answer = lookup(KIND_METRIC, p, end - p);
  if (answer < 0) return false;
  metricJson = foundBytes;
  metricJsonLen = <usize>(answer & 0xffff);
  return true;
}

/** The unit field's JSON and conversion via the cache; false when a lane must not take it. */
function takeUnit(p: usize, end: usize): bool {
  const answer = lookup(KIND_UNIT, p, end - p);
  if (answer < 0) return false;
  unitJson = foundBytes;
  unitJsonLen = <usize>(answer & 0xffff);
  unitConversion = (answer >> 16) - 1;
  return true;
}

/**
 * The JSON text of `value` after `conversion` (at foundBytes), or -1 when not finite: from the
 * cache, or asked of the host, whose number formatting the output must match.
 */
function converted(conversion: i32, value: f64): i32 {
  const bits = reinterpret<u64>(value);
  const hash = <u32>((bits ^ (bits >>> 29) ^ <u64>conversion) * 0x9e3779b97f4a7c15 >>> 52);
  const at = CONVERTED + <usize>(hash & (CONVERTED_COUNT - 1)) * CONVERTED_BYTES;
  const cachedLen = load<i32>(at + 12);
  if (cachedLen > 0 && load<u64>(at) == bits && load<i32>(at + 8) == conversion) {
    foundBytes = at + 16;
    return cachedLen;
  }
  const len = convert(conversion, value);
  foundBytes = SCRATCH;
  if (len > 0 && <usize>len <= CONVERTED_TEXT_CAP) {
    store<u64>(at, bits);
    store<i32>(at + 8, conversion);
    store<i32>(at + 12, len);
    put(at + 16, SCRATCH, <usize>len);
    foundBytes = at + 16;
  }
  return len;
}

/** Writes the reading at `o`; returns the new end, or 0 when a conversion did not stay finite. */
function writeReading(o: usize, comma: bool): usize {
  o = put(o, OPEN_SENSOR, OPEN_SENSOR_LEN);
  o = put(o, sensorAt, sensorEnd - sensorAt);
  o = put(o, METRIC_KEY, METRIC_KEY_LEN);
  o = put(o, metricJson, metricJsonLen);
  o = put(o, VALUE_KEY, VALUE_KEY_LEN);
  if (unitConversion >= 0) {
    const len = converted(unitConversion, canonicalValue(valueAt, valueEnd));
    if (len < 0) return 0;
    o = put(o, foundBytes, <usize>len);
  } else {
    for (let i = valueAt; i < valueEnd; i++) {
      const c = load<u8>(i);
      store<u8>(o++, c == 44 ? 46 : c);
    }
  }
  o = put(o, UNIT_KEY, UNIT_KEY_LEN);
  o = put(o, unitJson, unitJsonLen);
  o = put(o, OBSERVED_KEY, OBSERVED_KEY_LEN);
  if (timeLen == 24) o = put(o, timeAt, 24);
  else {
    o = put(o, timeAt, 19);
    store<u32>(o, 0x3030302e); // ".000"
    o += 4;
    store<u8>(o++, 90);
  }
  o = put(o, TAIL, tailLen);
  const digits = LINE_DIGITS + LINE_DIGITS_CAP - lineStart;
  o = put(o, lineStart, digits);
  store<u8>(o++, 125);
  store<u8>(o++, 10);
  return o;
}

/** Room for one more line's output, at most: its bytes, the cached JSON pieces and the tail. */
@inline
function fits(o: usize, lineBytes: usize): bool {
  return o + lineBytes + tailLen + SCRATCH_CAP * 3 + 256 <= outputEnd;
}

/** The end of a line's content: before the newline at `newline`, and before one CR. */
@inline
function contentEnd(start: usize, newline: usize): usize {
  return newline > start && load<u8>(newline - 1) == 13 ? newline - 1 : newline;
}

function finish(o: usize, at: usize, status: i32): i32 {
  outputPos = o;
  stoppedAt = at - input;
  return status;
}

// ---- CSV --------------------------------------------------------------------------------------
const FIELD_STARTS = memory.data(64 * 4);
const MAX_FIELDS: i32 = 64;

/**
 * Long-layout CSV rows from input[from, to); `to` is just after a newline. Stops at the first row
 * the general parser must read, or when OUTPUT is nearly full.
 */
export function csvLines(from: usize, to: usize): i32 {
  const end = input + to;
  let i = input + from;
  let o = OUTPUT;
  handled = 0;
  outputPos = OUTPUT;
  while (i < end) {
    let newline = i;
    while (newline < end && load<u8>(newline) != 10) newline++;
    if (newline >= end) return finish(o, i, DONE);
    const stop = contentEnd(i, newline);
    if (stop == i || stop - i > maxLineBytes) return finish(o, i, FALLBACK);
    if (!fits(o, stop - i)) return finish(o, i, OUTPUT_FULL);
    // Split: field k is [FIELD_STARTS[k], FIELD_STARTS[k+1] - 1).
    let fields = 1;
    let high: u32 = 0;
    store<u32>(FIELD_STARTS, <u32>i);
    for (let p = i; p < stop; p++) {
      const c = <u32>load<u8>(p);
      high |= c;
      if (c == separator) {
        if (fields == MAX_FIELDS) return finish(o, i, FALLBACK);
        store<u32>(FIELD_STARTS + <usize>fields * 4, <u32>(p + 1));
        fields++;
      } else if (c == 34 || c < 32) return finish(o, i, FALLBACK);
    }
    store<u32>(FIELD_STARTS + <usize>fields * 4, <u32>(stop + 1));
    if (fields < width) return finish(o, i, FALLBACK);
    // Extra fields are allowed only when empty, as the general parser allows.
    for (let k = width; k < fields; k++)
      if (fieldEnd(k) != fieldStart(k)) return finish(o, i, FALLBACK);
    // Columns nobody reads must still be valid UTF-8: take only ASCII ones.
    if (high >= 128)
      for (let k = 0; k < width; k++)
        if (k != metricColumn && k != unitColumn && !isAscii(fieldStart(k), fieldEnd(k)))
          return finish(o, i, FALLBACK);
    timeAt = fieldStart(timeColumn);
    timeLen = fieldEnd(timeColumn) - timeAt;
    if (observedMsCached(timeAt, timeLen) < 0) return finish(o, i, FALLBACK);
    sensorAt = fieldStart(sensorColumn);
    sensorEnd = fieldEnd(sensorColumn);
    if (!isPlainText(sensorAt, sensorEnd)) return finish(o, i, FALLBACK);
    valueAt = fieldStart(valueColumn);
    valueEnd = fieldEnd(valueColumn);
    if (!isCanonicalNumber(valueAt, valueEnd, decimalComma)) return finish(o, i, FALLBACK);
    if (!takeMetric(fieldStart(metricColumn), fieldEnd(metricColumn)))
      return finish(o, i, FALLBACK);
    if (unitColumn >= 0) {
      if (!takeUnit(fieldStart(unitColumn), fieldEnd(unitColumn))) return finish(o, i, FALLBACK);
    } else {
      unitJson = FIXED_UNIT;
      unitJsonLen = fixedUnitLen;
      unitConversion = fixedUnitConversion;
    }
    const written = writeReading(o, decimalComma);
    if (written == 0) return finish(o, i, FALLBACK);
    o = written;
    nextLine();
    handled++;
    i = newline + 1;
  }
  return finish(o, i, DONE);
}

@inline
function fieldStart(k: i32): usize {
  return <usize>load<u32>(FIELD_STARTS + <usize>k * 4);
}

@inline
function fieldEnd(k: i32): usize {
  return <usize>load<u32>(FIELD_STARTS + <usize>(k + 1) * 4) - 1;
}

// ---- NDJSON -----------------------------------------------------------------------------------
const ROLE_TIME: i32 = 1;
const ROLE_SENSOR: i32 = 2;
const ROLE_METRIC: i32 = 3;
const ROLE_VALUE: i32 = 4;
const ROLE_UNIT: i32 = 5;

/** JSON value kinds a flat record may hold. */
const STRING: i32 = 1;
const NUMBER: i32 = 2;
const NULL: i32 = 3;
const BOOLEAN: i32 = 4;

/** The token a scan found: its kind and, for strings, the bytes between the quotes. */
let tokenKind: i32 = 0;
let tokenAt: usize = 0;
let tokenEnd: usize = 0;
let tokenAscii: bool = true;

@inline
function skipSpace(p: usize, end: usize): usize {
  while (p < end) {
    const c = load<u8>(p);
    if (c != 32 && c != 9) break;
    p++;
  }
  return p;
}

/** A string without escapes or control characters starting at the quote at p; returns after it, or 0. */
function scanString(p: usize, end: usize): usize {
  let i = p + 1;
  let ascii = true;
  while (i < end) {
    const c = load<u8>(i);
    if (c == 34) {
      tokenKind = STRING;
      tokenAt = p + 1;
      tokenEnd = i;
      tokenAscii = ascii;
      return i + 1;
    }
    if (c == 92 || c < 32) return 0;
    if (c >= 128) ascii = false;
    i++;
  }
  return 0;
}

/** A JSON number (strict grammar) starting at p; returns after it, or 0. */
function scanNumber(p: usize, end: usize): usize {
  let i = p;
  if (i < end && load<u8>(i) == 45) i++;
  if (i >= end) return 0;
  const first = load<u8>(i);
  if (first == 48) i++;
  else if (first >= 49 && first <= 57) {
    while (i < end && load<u8>(i) >= 48 && load<u8>(i) <= 57) i++;
  } else return 0;
  if (i < end && load<u8>(i) == 46) {
    i++;
    const digitsAt = i;
    while (i < end && load<u8>(i) >= 48 && load<u8>(i) <= 57) i++;
    if (i == digitsAt) return 0;
  }
  if (i < end && (load<u8>(i) == 101 || load<u8>(i) == 69)) {
    i++;
    if (i < end && (load<u8>(i) == 43 || load<u8>(i) == 45)) i++;
    const digitsAt = i;
    while (i < end && load<u8>(i) >= 48 && load<u8>(i) <= 57) i++;
    if (i == digitsAt) return 0;
  }
  tokenKind = NUMBER;
  tokenAt = p;
  tokenEnd = i;
  tokenAscii = true;
  return i;
}

/** `null`, `true` or `false` at p (their bytes as one word); returns after it, or 0. */
function scanLiteral(p: usize, end: usize): usize {
  if (p + 4 <= end) {
    const word = load<u32>(p);
    if (word == 0x6c6c756e) {
      tokenKind = NULL;
      return p + 4;
    }
    if (word == 0x65757274) {
      tokenKind = BOOLEAN;
      return p + 4;
    }
    if (word == 0x736c6166 && p + 5 <= end && load<u8>(p + 4) == 101) {
      tokenKind = BOOLEAN;
      return p + 5;
    }
  }
  return 0;
}

/** One scalar value at p; returns after it, or 0 for anything else (objects, arrays, bad JSON). */
function scanValue(p: usize, end: usize): usize {
  if (p >= end) return 0;
  const c = load<u8>(p);
  if (c == 34) return scanString(p, end);
  if (c == 45 || (c >= 48 && c <= 57)) return scanNumber(p, end);
  return scanLiteral(p, end);
}

/**
 * One flat record on [i, stop): `{"key": scalar, …}` with a value field. Returns whether the
 * reading's parts were all found and plain.
 */
function ndjsonRecord(i: usize, stop: usize): bool {
  let p = skipSpace(i, stop);
  if (p >= stop || load<u8>(p) != 123) return false;
  p = skipSpace(p + 1, stop);
  let seen = 0;
  let valueKind = 0;
  let unitKind = 0;
  let unitAt: usize = 0;
  let unitEnd: usize = 0;
  let metricAt: usize = 0;
  let metricEnd: usize = 0;
  while (true) {
    if (p >= stop || load<u8>(p) != 34) return false;
    p = scanString(p, stop);
    if (p == 0 || !tokenAscii) return false;
    const role = lookup(KIND_KEY, tokenAt, tokenEnd - tokenAt);
    if (role < 0) return false;
    p = skipSpace(p, stop);
    if (p >= stop || load<u8>(p) != 58) return false;
    p = scanValue(skipSpace(p + 1, stop), stop);
    if (p == 0) return false;
    if (role >= ROLE_TIME && role <= ROLE_UNIT) {
      // The same role twice: which one wins is the general parser's business.
      if (seen & (1 << role)) return false;
      seen |= 1 << role;
      if (role == ROLE_TIME) {
        if (tokenKind != STRING) return false;
        timeAt = tokenAt;
        timeLen = tokenEnd - tokenAt;
      } else if (role == ROLE_SENSOR) {
        if (tokenKind != STRING) return false;
        sensorAt = tokenAt;
        sensorEnd = tokenEnd;
      } else if (role == ROLE_METRIC) {
        if (tokenKind != STRING) return false;
        metricAt = tokenAt;
        metricEnd = tokenEnd;
      } else if (role == ROLE_VALUE) {
        if (tokenKind != NUMBER && tokenKind != STRING) return false;
        valueKind = tokenKind;
        valueAt = tokenAt;
        valueEnd = tokenEnd;
      } else {
        if (tokenKind != STRING && tokenKind != NULL) return false;
        unitKind = tokenKind;
        unitAt = tokenAt;
        unitEnd = tokenEnd;
      }
    } else if (tokenKind == STRING && !tokenAscii) return false;
    p = skipSpace(p, stop);
    if (p >= stop) return false;
    const c = load<u8>(p);
    if (c == 125) {
      p++;
      break;
    }
    if (c != 44) return false;
    p = skipSpace(p + 1, stop);
  }
  if (skipSpace(p, stop) != stop) return false;
  const required = (1 << ROLE_TIME) | (1 << ROLE_SENSOR) | (1 << ROLE_METRIC) | (1 << ROLE_VALUE);
  if ((seen & required) != required || valueKind == 0) return false;
  if (observedMsCached(timeAt, timeLen) < 0) return false;
  if (!isPlainText(sensorAt, sensorEnd)) return false;
  if (!isCanonicalNumber(valueAt, valueEnd, false)) return false;
  if (!takeMetric(metricAt, metricEnd)) return false;
  if (unitKind == STRING) {
    if (!takeUnit(unitAt, unitEnd)) return false;
  } else {
    unitJson = NULL_JSON;
    unitJsonLen = 4;
    unitConversion = -1;
  }
  return true;
}

/** Flat NDJSON records from input[from, to); `to` is just after a newline. */
export function ndjsonLines(from: usize, to: usize): i32 {
  const end = input + to;
  let i = input + from;
  let o = OUTPUT;
  handled = 0;
  outputPos = OUTPUT;
  while (i < end) {
    let newline = i;
    while (newline < end && load<u8>(newline) != 10) newline++;
    if (newline >= end) return finish(o, i, DONE);
    const stop = contentEnd(i, newline);
    if (stop == i || stop - i > maxLineBytes) return finish(o, i, FALLBACK);
    if (!fits(o, stop - i)) return finish(o, i, OUTPUT_FULL);
    if (!ndjsonRecord(i, stop)) return finish(o, i, FALLBACK);
    const written = writeReading(o, false);
    if (written == 0) return finish(o, i, FALLBACK);
    o = written;
    nextLine();
    handled++;
    i = newline + 1;
  }
  return finish(o, i, DONE);
}
