/**
 * Numbers a lane cannot copy as they are (an exponent, `1.5e3`, `2.15E+01`, `-3.2e-4`, as Telegraf,
 * SenML and C's `%e`/`%g` print them; or a plain decimal JavaScript writes with one, `0.0000001`),
 * rewritten as the JSON text JavaScript writes for `Number(text)`.
 *
 * Why the digits can be taken from the text: with at most 15 significant digits (C's DBL_DIG) and
 * the value inside the normal double range, the text round-trips through the nearest double, so
 * its digits without leading and trailing zeros are the shortest that identify that double, which
 * are the digits s of Number::toString (ECMA-262 §6.1.6.1.20 Number::toString, its n, k and s:
 * https://262.ecma-international.org/14.0/#sec-numeric-types-number-tostring). Only where it
 * writes them (plain or exponential) is computed here. Anything else goes to the general parser.
 */
import { POWERS_OF_TEN } from "./numbers";

/** Where numberText writes the JSON text (at most 23 bytes; putOut may read 16 past them). */
export const NUMBER_TEXT = memory.data(48);
/** The length of the text numberText wrote. */
export let numberTextLen: usize = 0;
/**
 * The double Number() reads from the text, or NaN when the lane cannot compute it exactly (then a
 * unit conversion, which needs it, is left to the general parser).
 */
export let numberTextValue: f64 = NaN;

/** Exponent digits a lane reads after its leading zeros: more would be far outside the range. */
const EXPONENT_DIGITS_CAP: i32 = 4;
/**
 * The decimal position n (value = 0.d₁…d_k × 10ⁿ) is kept inside [-299, 300], so 1e-300 ≤ |value|
 * < 1e300: normal doubles (≥ 2.2e-308, where 15 digits round-trip) that stay finite.
 */
const LOWEST_POSITION: i32 = -299;
const HIGHEST_POSITION: i32 = 300;
/** Number::toString writes plain notation for -6 < n ≤ 21, else an exponent. */
const PLAIN_BELOW: i32 = -6;
const PLAIN_UP_TO: i32 = 21;
/** 10ⁱ for i ≤ 22 are exact doubles: Clinger's fast path. */
const EXACT_POWERS: i32 = 22;

/** The significant digits, most significant first. */
const DIGITS = memory.data(16);

@inline
function isDigit(c: u32): bool {
  return c - 48 < 10;
}

/**
 * Whether [p, end) is `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (`comma`: a decimal comma
 * may stand for the point) with at most 15 significant digits and a value of zero or inside the
 * range above; then its JSON text is at NUMBER_TEXT and its double in numberTextValue.
 */
export function numberText(p: usize, end: usize, comma: bool): bool {
  let i = p;
  const negative = i < end && load<u8>(i) == 45;
  if (negative) i++;
  if (i >= end || !isDigit(load<u8>(i))) return false;
  // A leading zero only as the whole integer part, as in JSON (Number() would take `01`).
  if (load<u8>(i) == 48 && i + 1 < end && isDigit(load<u8>(i + 1))) return false;
  // value = significand × 10^(exponent - fractionDigits + pendingZeros), where the significand
  // holds the digits from the first non-zero one to the last, and pendingZeros the zeros since.
  let significand: u64 = 0;
  let k: i32 = 0;
  let pendingZeros: i32 = 0;
  let fractionDigits: i32 = 0;
  let inFraction = false;
  for (; i < end; i++) {
    const c = <u32>load<u8>(i);
    if (isDigit(c)) {
      if (inFraction) fractionDigits++;
      if (c == 48) {
        if (k > 0) pendingZeros++;
        continue;
      }
      if (k + pendingZeros + 1 > 15) return false;
      for (; pendingZeros > 0; pendingZeros--) {
        significand *= 10;
        store<u8>(DIGITS + <usize>(k++), 48);
      }
      significand = significand * 10 + <u64>(c - 48);
      store<u8>(DIGITS + <usize>(k++), <u8>c);
    } else if (!inFraction && (c == 46 || (comma && c == 44))) {
      inFraction = true;
      // At least one digit after the point (`21.` is the general parser's).
      if (i + 1 >= end || !isDigit(load<u8>(i + 1))) return false;
    } else break;
  }
  let exponent: i32 = 0;
  if (i < end) {
    const e = load<u8>(i);
    if (e != 101 && e != 69) return false;
    i++;
    const minus = i < end && load<u8>(i) == 45;
    if (i < end && (minus || load<u8>(i) == 43)) i++;
    // `1e` and `1e+` have no exponent digits.
    if (i >= end) return false;
    while (i < end && load<u8>(i) == 48) i++;
    let read: i32 = 0;
    for (; i < end; i++) {
      const c = <u32>load<u8>(i);
      if (!isDigit(c) || ++read > EXPONENT_DIGITS_CAP) return false;
      exponent = exponent * 10 + <i32>(c - 48);
    }
    if (minus) exponent = -exponent;
  }
  if (k == 0) {
    // Zero in any spelling (`0e5`, `-0e0`, `0.000`): JSON.stringify writes -0 as 0.
    store<u8>(NUMBER_TEXT, 48);
    numberTextLen = 1;
    numberTextValue = negative ? -0.0 : 0.0;
    return true;
  }
  const scale = exponent - fractionDigits + pendingZeros;
  const n = k + scale;
  if (n < LOWEST_POSITION || n > HIGHEST_POSITION) return false;
  numberTextLen = write(negative, k, n) - NUMBER_TEXT;
  numberTextValue = exactValue(significand, scale, negative);
  return true;
}

/** Number::toString's layout of the k digits at DIGITS with decimal position n; returns the end. */
function write(negative: bool, k: i32, n: i32): usize {
  let o = NUMBER_TEXT;
  if (negative) store<u8>(o++, 45);
  if (k <= n && n <= PLAIN_UP_TO) {
    // The digits, then n - k zeros.
    o = copyDigits(o, 0, k);
    for (let z = k; z < n; z++) store<u8>(o++, 48);
  } else if (0 < n && n <= PLAIN_UP_TO) {
    // The first n digits, the point, the rest.
    o = copyDigits(o, 0, n);
    store<u8>(o++, 46);
    o = copyDigits(o, n, k);
  } else if (PLAIN_BELOW < n && n <= 0) {
    // `0.`, -n zeros, the digits.
    store<u16>(o, 0x2e30);
    o += 2;
    for (let z = n; z < 0; z++) store<u8>(o++, 48);
    o = copyDigits(o, 0, k);
  } else {
    // One digit, the point and the others if any, `e`, the sign of n - 1, |n - 1|.
    o = copyDigits(o, 0, 1);
    if (k > 1) {
      store<u8>(o++, 46);
      o = copyDigits(o, 1, k);
    }
    store<u8>(o++, 101);
    store<u8>(o++, n - 1 < 0 ? 45 : 43);
    o = writeUnsigned(o, <u32>abs(n - 1));
  }
  return o;
}

@inline
function copyDigits(o: usize, from: i32, to: i32): usize {
  for (let d = from; d < to; d++) store<u8>(o++, load<u8>(DIGITS + <usize>d));
  return o;
}

/** An exponent's digits (at most three: |n - 1| ≤ 300). */
function writeUnsigned(o: usize, value: u32): usize {
  if (value >= 100) store<u8>(o++, <u8>(48 + value / 100));
  if (value >= 10) store<u8>(o++, <u8>(48 + (value / 10) % 10));
  store<u8>(o++, <u8>(48 + value % 10));
  return o;
}

/**
 * significand × 10^scale as Number() reads it, where one correctly rounded operation on exact
 * operands gives it (significand < 10^15 < 2^53, |scale| ≤ 22: Clinger's fast path); else NaN.
 */
function exactValue(significand: u64, scale: i32, negative: bool): f64 {
  if (scale < -EXACT_POWERS || scale > EXACT_POWERS) return NaN;
  const power = load<f64>(POWERS_OF_TEN + (<usize>abs(scale) << 3));
  const value = scale < 0 ? <f64>significand / power : <f64>significand * power;
  return negative ? -value : value;
}
