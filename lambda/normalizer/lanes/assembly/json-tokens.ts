/** JSON scalar tokens of one line: strings without escapes, numbers, and the three literals. */

/** JSON value kinds a flat record may hold. */
export const STRING: i32 = 1;
export const NUMBER: i32 = 2;
export const NULL: i32 = 3;
export const BOOLEAN: i32 = 4;

/** The token a scan found: its kind and, for strings, the bytes between the quotes. */
export let tokenKind: i32 = 0;
export let tokenAt: usize = 0;
export let tokenEnd: usize = 0;
export let tokenAscii: bool = true;

/** After spaces and tabs from p. */
@inline
export function skipSpace(p: usize, end: usize): usize {
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
export function scanString(p: usize, end: usize): usize {
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
export function scanNumber(p: usize, end: usize): usize {
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
export function scanValue(p: usize, end: usize): usize {
  if (p >= end) return 0;
  const c = load<u8>(p);
  if (c == 34) return scanString(p, end);
  if (c == 45 || (c >= 48 && c <= 57)) return scanNumber(p, end);
  return scanLiteral(p, end);
}

