/** observed_at: the one timestamp shape a lane reads, checked against the plausible window. */
import { put, same } from "./bytes";

let earliestMs: f64 = 0;
let latestMs: f64 = 0;

/** The plausible observed_at window of the object, epoch ms inclusive. */
export function setWindow(earliest: f64, latest: f64): void {
  earliestMs = earliest;
  latestMs = latest;
  // Forget the last timestamp: it was checked against the old window.
  lastTimeLen = 0;
  lastTimeMs = -1;
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
export function observedMsCached(p: usize, len: usize): f64 {
  if (len != 0 && len == lastTimeLen && same(p, LAST_TIME, len)) return lastTimeMs;
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
