/** Numbers whose JSON text a lane can copy unchanged, and their exact double. */

// ---- field checks -----------------------------------------------------------------------------
/**
 * Whether [p, end) is a number whose JSON text is exactly these bytes (a decimal comma read as a
 * point): `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`, at most 15 significant digits (so it round-trips
 * through a double unchanged), at most five zeros after the point before the first digit (below
 * that JavaScript writes an exponent), and not -0.
 */
export function isCanonicalNumber(p: usize, end: usize, comma: bool): bool {
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

/**
 * The end of [p, end) without the zeros that end a fraction, and without the point when only
 * zeros followed it: `21.50` → `21.5`, `21.00` → `21`. The number's value is the same; a point
 * with no digit after it (`21.`) is left as it is, for the general parser.
 */
export function withoutTrailingZeros(p: usize, end: usize, comma: bool): usize {
  let point = p;
  while (point < end) {
    const c = load<u8>(point);
    if (c == 46 || (comma && c == 44)) break;
    point++;
  }
  if (point >= end - 1) return end;
  let e = end;
  while (e > point + 1 && load<u8>(e - 1) == 48) e--;
  if (e == point + 1 && load<u8>(e) == 48) e = point;
  return e;
}

/** 10⁰ … 10²², every one an exact double. */
export const POWERS_OF_TEN = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

/**
 * The double of a canonical number (isCanonicalNumber) exactly as JavaScript's Number() reads it:
 * its digits as an integer below 2^53 divided by a power of ten up to 1e22, both exact, so the one
 * correctly rounded division is the correctly rounded value (Clinger's fast path).
 */
export function canonicalValue(p: usize, end: usize): f64 {
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
  const scale: usize = fraction > 0 ? <usize>fraction : 0;
  const value = <f64>digits / load<f64>(POWERS_OF_TEN + (scale << 3));
  return negative ? -value : value;
}
