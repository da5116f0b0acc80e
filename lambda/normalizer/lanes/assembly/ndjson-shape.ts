/**
 * The skeleton of the last plain NDJSON record: the literal bytes between its values (braces,
 * keys, colons, spaces, null/true/false) and each value's kind and role. Lines of one file mostly
 * differ only in their values, so a line is first matched against the skeleton: literals compared
 * as bytes, values scanned, no key read again. A line that does not match is parsed in full
 * (ndjson.ts), which records a new skeleton.
 */
import { put, same } from "./bytes";
import { ROLE_TIME, ROLE_UNIT, setPart } from "./json-keys";
import { scanNumber, scanString, STRING, tokenAscii, tokenEnd } from "./json-tokens";

const MAX_VALUES: i32 = 24;
const LITERALS_CAP: usize = 2048;
const LITERALS = memory.data(<i32>LITERALS_CAP);
/** Literal k (before value k; the last one ends the line): offset in LITERALS and length. */
const LITERAL_AT = memory.data((MAX_VALUES + 1) * 4);
const LITERAL_LEN = memory.data((MAX_VALUES + 1) * 4);
/** Value k: its JSON kind (STRING or NUMBER) and role (outside ROLE_TIME…ROLE_UNIT: its string must be ASCII). */
const VALUE_KIND = memory.data(MAX_VALUES * 4);
const VALUE_ROLE = memory.data(MAX_VALUES * 4);

let values: i32 = 0;
let literalsTop: usize = 0;
let literalFrom: usize = 0;
let recording = false;
let valid = false;

function literal(k: i32, from: usize, to: usize): bool {
  const length = to - from;
  if (literalsTop + length > LITERALS_CAP) return false;
  put(LITERALS + literalsTop, from, length);
  store<u32>(LITERAL_AT + <usize>k * 4, <u32>literalsTop);
  store<u32>(LITERAL_LEN + <usize>k * 4, <u32>length);
  literalsTop += length;
  return true;
}

/** Starts recording the skeleton of the record at `lineStart`. */
export function recordStart(lineStart: usize): void {
  recording = true;
  valid = false;
  values = 0;
  literalsTop = 0;
  literalFrom = lineStart;
}

/** A value of the record being parsed: a string's bytes between its quotes, or a number. */
export function recordValue(at: usize, end: usize, kind: i32, role: i32): void {
  if (!recording) return;
  if (values == MAX_VALUES || !literal(values, literalFrom, at)) {
    recording = false;
    return;
  }
  store<i32>(VALUE_KIND + <usize>values * 4, kind);
  store<i32>(VALUE_ROLE + <usize>values * 4, role);
  values++;
  literalFrom = end;
}

/** The record parsed as plain up to `stop`: it becomes the skeleton. */
export function recordEnd(stop: usize): void {
  valid = recording && literal(values, literalFrom, stop);
  recording = false;
}

/** Whether [i, stop) has the skeleton; then every role's part is set, as a full parse would. */
export function matchShape(i: usize, stop: usize): bool {
  if (!valid) return false;
  // A unit that is not a value of the skeleton is null or absent: no unit either way.
  setPart(ROLE_UNIT, 0, 0, 0);
  let p = i;
  for (let k = 0; k <= values; k++) {
    const length = <usize>load<u32>(LITERAL_LEN + <usize>k * 4);
    if (p + length > stop || !same(p, LITERALS + <usize>load<u32>(LITERAL_AT + <usize>k * 4), length))
      return false;
    p += length;
    if (k == values) break;
    const kind = load<i32>(VALUE_KIND + <usize>k * 4);
    const role = load<i32>(VALUE_ROLE + <usize>k * 4);
    let end: usize;
    if (kind == STRING) {
      // The literal took the opening quote; the next one starts with the closing quote.
      if (scanString(p - 1, stop) == 0) return false;
      end = tokenEnd;
    } else {
      end = scanNumber(p, stop);
      if (end == 0) return false;
    }
    if (role >= ROLE_TIME && role <= ROLE_UNIT) setPart(role, p, end, kind);
    else if (kind == STRING && !tokenAscii) return false;
    p = end;
  }
  return p == stop;
}
