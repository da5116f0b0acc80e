/**
 * The NDJSON lane: one flat object a line (`{"key": scalar, …}`) with a value field. A line with
 * the last record's skeleton is matched (ndjson-shape.ts); any other is parsed here, keys mapped
 * to roles by the host's alias table (json-keys.ts), and becomes the skeleton.
 */
import {
  partAt,
  partEnd,
  partKind,
  ROLE_METRIC,
  ROLE_SENSOR,
  ROLE_TIME,
  ROLE_UNIT,
  ROLE_VALUE,
  roleOfKey,
  setPart,
} from "./json-keys";
import {
  NULL,
  NUMBER,
  scanString,
  scanValue,
  skipSpace,
  STRING,
  tokenAscii,
  tokenAt,
  tokenEnd,
  tokenKind,
} from "./json-tokens";
import { matchShape, recordEnd, recordStart, recordValue } from "./ndjson-shape";
import { noUnit, takeMetric, takeSensor, takeTime, takeUnit, takeValue } from "./reading";

/** One record on [i, stop): whether it is plain and its reading's parts are set. */
export function ndjsonRecord(i: usize, stop: usize): bool {
  if (!matchShape(i, stop) && !parseRecord(i, stop)) return false;
  if (!takeTime(partAt(ROLE_TIME), partEnd(ROLE_TIME) - partAt(ROLE_TIME))) return false;
  if (!takeSensor(partAt(ROLE_SENSOR), partEnd(ROLE_SENSOR))) return false;
  if (!takeValue(partAt(ROLE_VALUE), partEnd(ROLE_VALUE), false)) return false;
  if (!takeMetric(partAt(ROLE_METRIC), partEnd(ROLE_METRIC))) return false;
  if (partKind(ROLE_UNIT) == STRING) return takeUnit(partAt(ROLE_UNIT), partEnd(ROLE_UNIT));
  noUnit();
  return true;
}

/**
 * Parses `{"key": scalar, …}` on [i, stop) and sets the parts of its roles: time, sensor and
 * metric strings, a value number or string, an optional unit string or null. False for anything
 * else (nesting, escapes, a role twice, a missing role, bad JSON), left to the general parser.
 */
function parseRecord(i: usize, stop: usize): bool {
  recordStart(i);
  let p = skipSpace(i, stop);
  if (p >= stop || load<u8>(p) != 123) return false;
  p = skipSpace(p + 1, stop);
  let seen = 0;
  setPart(ROLE_UNIT, 0, 0, 0);
  while (true) {
    if (p >= stop || load<u8>(p) != 34) return false;
    p = scanString(p, stop);
    if (p == 0 || !tokenAscii) return false;
    const role = roleOfKey(tokenAt, tokenEnd - tokenAt);
    if (role < 0) return false;
    p = skipSpace(p, stop);
    if (p >= stop || load<u8>(p) != 58) return false;
    p = scanValue(skipSpace(p + 1, stop), stop);
    if (p == 0) return false;
    const kind = tokenKind;
    if (role >= ROLE_TIME && role <= ROLE_UNIT) {
      // The same role twice: which one wins is the general parser's business.
      if (seen & (1 << role)) return false;
      seen |= 1 << role;
      const text = kind == STRING;
      if (role == ROLE_VALUE ? !text && kind != NUMBER : role == ROLE_UNIT ? !text && kind != NULL : !text)
        return false;
      // A null unit is no unit: its part stays empty.
      if (kind != NULL) setPart(role, tokenAt, tokenEnd, kind);
    } else if (kind == STRING && !tokenAscii) return false;
    if (kind == STRING || kind == NUMBER) recordValue(tokenAt, tokenEnd, kind, role);
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
  recordEnd(stop);
  return true;
}
