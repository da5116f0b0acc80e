/**
 * The NDJSON lane: one flat object a line (`{"key": scalar, …}`) with a value field; keys are
 * mapped to roles by the host's alias table, through the cache.
 */
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

