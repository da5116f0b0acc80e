/**
 * Timestamp parsing: ISO-8601 with or without an offset, day-first European dates, and epoch
 * seconds, milliseconds, microseconds or nanoseconds chosen by magnitude. Naive times are read in a
 * configured IANA time zone. Everything becomes epoch milliseconds (sub-millisecond digits are cut).
 */

const ISO =
  /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DAY_FIRST =
  /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?$/;
const EPOCH = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Magnitude limits: below 1e11 a number is seconds (year 5138), below 1e14 milliseconds, … */
const EPOCH_SCALES: readonly (readonly [limit: number, toMs: number])[] = [
  [1e11, 1000],
  [1e14, 1],
  [1e17, 1e-3],
  [1e20, 1e-6],
];

/**
 * Cuts sub-millisecond digits. Rounding to microseconds first keeps a binary fraction such as
 * 1276020076.001 s (really …076.000999…) at its written millisecond.
 */
export function truncateToMs(ms: number): number {
  return Math.floor(Math.round(ms * 1000) / 1000);
}

/** Epoch milliseconds of an epoch number in s, ms, µs or ns, decided by magnitude; NaN if none fits. */
export function epochToMs(epoch: number): number {
  if (!Number.isFinite(epoch)) return NaN;
  const magnitude = Math.abs(epoch);
  for (const [limit, toMs] of EPOCH_SCALES)
    if (magnitude < limit) return truncateToMs(epoch * toMs);
  return NaN;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Offset of `zone` from UTC at the instant `utcMs`, in milliseconds (cached per zone and hour). */
function zoneOffsetMs(zone: string, utcMs: number): number {
  const hour = Math.floor(utcMs / 3_600_000);
  const key = `${zone}@${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormats.set(zone, format);
  }
  const at = hour * 3_600_000;
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = Number(part.value);
  const local = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  const offset = local - at;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/**
 * UTC epoch milliseconds of a wall-clock time in `zone`. In a daylight-saving gap the time is read
 * with the offset before the change; in an overlap the earlier instant wins.
 */
export function localToUtcMs(localMs: number, zone: string): number {
  if (zone === "UTC" || zone === "Etc/UTC") return localMs;
  // Offsets half a day either side bracket any single transition.
  const before = zoneOffsetMs(zone, localMs - 43_200_000);
  const after = zoneOffsetMs(zone, localMs + 43_200_000);
  const earlier = Math.min(localMs - before, localMs - after);
  const later = Math.max(localMs - before, localMs - after);
  if (zoneOffsetMs(zone, earlier) === localMs - earlier) return earlier;
  if (zoneOffsetMs(zone, later) === localMs - later) return later;
  return localMs - before;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
): number {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
    return NaN;
  const ms = fraction ? Math.floor(Number(`0.${fraction.slice(0, 6)}`) * 1000) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The shape almost every gateway sends, `YYYY-MM-DDTHH:MM:SS[.fff]Z`, read without a regular
 * expression (the hot path of CSV parsing); NaN sends everything else to the general parser.
 */
function fastIsoUtc(text: string): number {
  const length = text.length;
  if ((length !== 20 && length !== 24) || text.charCodeAt(length - 1) !== 90) return NaN;
  if (
    text[4] !== "-" ||
    text[7] !== "-" ||
    text[10] !== "T" ||
    text[13] !== ":" ||
    text[16] !== ":"
  )
    return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = length === 24 && text[19] === "." ? digits(text, 20, 3) : length === 20 ? 0 : -1;
  if ((year | month | day | hour | minute | second | millis) < 0) return NaN;
  return wallClockMs(year, month, day, hour, minute, second, undefined) + millis;
}

function offsetMs(designator: string): number {
  if (designator === "Z" || designator === "z") return 0;
  const sign = designator[0] === "-" ? -1 : 1;
  const digits = designator.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return NaN;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** Epoch milliseconds of a timestamp string, or NaN when it is in no supported format. */
export function parseTimestampText(text: string, zone: string): number {
  const fast = fastIsoUtc(text);
  if (!Number.isNaN(fast)) return fast;
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return epochToMs(Number(trimmed));
  let match = ISO.exec(trimmed);
  if (match) {
    const [, y, mo, d, h, mi, s, fraction, designator] = match;
    const wall = wallClockMs(+y, +mo, +d, h ? +h : 0, mi ? +mi : 0, s ? +s : 0, fraction);
    if (Number.isNaN(wall)) return NaN;
    return designator === undefined ? localToUtcMs(wall, zone) : wall - offsetMs(designator);
  }
  match = DAY_FIRST.exec(trimmed);
  if (match) {
    const [, d, mo, y, h, mi, s, fraction] = match;
    const wall = wallClockMs(+y, +mo, +d, h ? +h : 0, mi ? +mi : 0, s ? +s : 0, fraction);
    return Number.isNaN(wall) ? NaN : localToUtcMs(wall, zone);
  }
  return NaN;
}

/** Epoch milliseconds of a JSON or CSV timestamp value (string or number); NaN when unusable. */
export function parseTimestamp(value: unknown, zone: string): number {
  if (typeof value === "number") return epochToMs(value);
  if (typeof value === "string") return parseTimestampText(value, zone);
  return NaN;
}
