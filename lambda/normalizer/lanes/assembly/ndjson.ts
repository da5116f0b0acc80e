/**
 * The NDJSON lane: one flat object a line (`{"key": scalar, …}`) with a value field; keys are
 * mapped to roles by the host's alias table, through the cache.
 */
import { put, same } from "./bytes";
import { lookup } from "./cache";
import { KIND_KEY } from "./host";
import { noUnit, takeMetric, takeSensor, takeTime, takeUnit, takeValue } from "./reading";

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

/**
 * The keys of the last record, in order: lines of one file mostly repeat them, so the k-th key is
 * first compared with the last record's k-th key before the cache is asked.
 */
const SHAPE_KEYS: i32 = 16;
const SHAPE_KEY_CAP: usize = 32;
const SHAPE = memory.data(<i32>(SHAPE_KEYS * <i32>SHAPE_KEY_CAP));
const SHAPE_LENGTHS = memory.data(SHAPE_KEYS * 4);
const SHAPE_ROLES = memory.data(SHAPE_KEYS * 4);

/** The role of the k-th key of a record at [p, p+len). */
function roleOfKey(k: i32, p: usize, len: usize): i32 {
  if (k >= SHAPE_KEYS || len > SHAPE_KEY_CAP) return lookup(KIND_KEY, p, len);
  const at = SHAPE + <usize>k * SHAPE_KEY_CAP;
  if (load<u32>(SHAPE_LENGTHS + <usize>k * 4) == <u32>len && same(at, p, len))
    return load<i32>(SHAPE_ROLES + <usize>k * 4);
  const role = lookup(KIND_KEY, p, len);
  put(at, p, len);
  store<u32>(SHAPE_LENGTHS + <usize>k * 4, <u32>len);
  store<i32>(SHAPE_ROLES + <usize>k * 4, role);
  return role;
}

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

/**
 * A string without escapes or control characters starting at the quote at p; returns after it, or
 * 0. 16 bytes a step: the first quote, backslash or control byte ends the scan.
 */
function scanString(p: usize, end: usize): usize {
  const quotes = i8x16.splat(34);
  const backslashes = i8x16.splat(92);
  const spaces = i8x16.splat(32);
  let i = p + 1;
  let high = 0;
  while (i < end) {
    const bytes = v128.load(i);
    let stops = i8x16.bitmask(
      v128.or(
        v128.or(i8x16.eq(bytes, quotes), i8x16.eq(bytes, backslashes)),
        i8x16.lt_u(bytes, spaces),
      ),
    );
    let highs = i8x16.bitmask(bytes);
    // Only bytes before `end` belong to the line.
    if (i + 16 > end) {
      const inside = (1 << <i32>(end - i)) - 1;
      stops &= inside;
      highs &= inside;
    }
    if (stops != 0) {
      const k = ctz(stops);
      const at = i + <usize>k;
      if (load<u8>(at) != 34) return 0;
      tokenKind = STRING;
      tokenAt = p + 1;
      tokenEnd = at;
      tokenAscii = (high | (highs & ((1 << k) - 1))) == 0;
      return at + 1;
    }
    high |= highs;
    i += 16;
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
export function ndjsonRecord(i: usize, stop: usize): bool {
  let p = skipSpace(i, stop);
  if (p >= stop || load<u8>(p) != 123) return false;
  p = skipSpace(p + 1, stop);
  let seen = 0;
  let timeAt: usize = 0;
  let timeEnd: usize = 0;
  let sensorAt: usize = 0;
  let sensorEnd: usize = 0;
  let metricAt: usize = 0;
  let metricEnd: usize = 0;
  let valueAt: usize = 0;
  let valueEnd: usize = 0;
  let unitKind = 0;
  let unitAt: usize = 0;
  let unitEnd: usize = 0;
  let k = 0;
  while (true) {
    if (p >= stop || load<u8>(p) != 34) return false;
    p = scanString(p, stop);
    if (p == 0 || !tokenAscii) return false;
    const role = roleOfKey(k++, tokenAt, tokenEnd - tokenAt);
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
        timeEnd = tokenEnd;
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
  if ((seen & required) != required) return false;
  if (!takeTime(timeAt, timeEnd - timeAt)) return false;
  if (!takeSensor(sensorAt, sensorEnd)) return false;
  if (!takeValue(valueAt, valueEnd, false)) return false;
  if (!takeMetric(metricAt, metricEnd)) return false;
  if (unitKind == STRING) return takeUnit(unitAt, unitEnd);
  noUnit();
  return true;
}

