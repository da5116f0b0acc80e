/** The CSV lane: long-layout rows without quotes, columns as the host found them in the header. */
import { isAscii } from "./bytes";
import { FIXED_UNIT } from "./layout";
import { setUnit, takeMetric, takeSensor, takeTime, takeUnit, takeValue } from "./reading";

let separator: u32 = 44;
let decimalComma: bool = false;
let width: i32 = 0;
let timeColumn: i32 = -1;
let sensorColumn: i32 = -1;
let metricColumn: i32 = -1;
let valueColumn: i32 = -1;
let unitColumn: i32 = -1;
let fixedUnitLen: usize = 0;
let fixedUnitConversion: i32 = -1;

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

const MAX_FIELDS: i32 = 64;
/** Where each field starts, and one more entry for where the last one ends. */
const FIELD_STARTS = memory.data((MAX_FIELDS + 1) * 4);

/** Field k is [start(k), end(k)). */
@inline
function fieldStart(k: i32): usize {
  return <usize>load<u32>(FIELD_STARTS + <usize>k * 4);
}

@inline
function fieldEnd(k: i32): usize {
  return <usize>load<u32>(FIELD_STARTS + <usize>(k + 1) * 4) - 1;
}

/** One row on [i, stop): whether it is plain and its reading's parts are set. */
export function csvRecord(i: usize, stop: usize): bool {
  let fields = 1;
  store<u32>(FIELD_STARTS, <u32>i);
  // 16 bytes a step: a mask of separators, quotes and control bytes; then those one by one.
  const separators = i8x16.splat(<i8>separator);
  const quotes = i8x16.splat(34);
  const spaces = i8x16.splat(32);
  let high = i8x16.splat(0);
  let p = i;
  while (p < stop) {
    const bytes = v128.load(p);
    const special = v128.or(
      v128.or(i8x16.eq(bytes, separators), i8x16.eq(bytes, quotes)),
      i8x16.lt_u(bytes, spaces),
    );
    high = v128.or(high, bytes);
    let mask = i8x16.bitmask(special);
    // The last step may read past the line: only bytes before `stop` count.
    if (p + 16 > stop) mask &= (1 << <i32>(stop - p)) - 1;
    while (mask != 0) {
      const at = p + <usize>ctz(mask);
      if (<u32>load<u8>(at) != separator || fields == MAX_FIELDS) return false;
      store<u32>(FIELD_STARTS + <usize>fields * 4, <u32>(at + 1));
      fields++;
      mask &= mask - 1;
    }
    p += 16;
  }
  store<u32>(FIELD_STARTS + <usize>fields * 4, <u32>(stop + 1));
  if (fields < width) return false;
  // Extra fields are allowed only when empty, as the general parser allows.
  for (let k = width; k < fields; k++) if (fieldEnd(k) != fieldStart(k)) return false;
  // Columns nobody reads must still be valid UTF-8: take only ASCII ones. (Past `stop` may count
  // too: that only sends a line to the general parser.)
  if (i8x16.bitmask(high) != 0)
    for (let k = 0; k < width; k++)
      if (k != metricColumn && k != unitColumn && !isAscii(fieldStart(k), fieldEnd(k)))
        return false;
  const time = fieldStart(timeColumn);
  if (!takeTime(time, fieldEnd(timeColumn) - time)) return false;
  if (!takeSensor(fieldStart(sensorColumn), fieldEnd(sensorColumn))) return false;
  if (!takeValue(fieldStart(valueColumn), fieldEnd(valueColumn), decimalComma)) return false;
  if (!takeMetric(fieldStart(metricColumn), fieldEnd(metricColumn))) return false;
  if (unitColumn < 0) {
    setUnit(FIXED_UNIT, fixedUnitLen, fixedUnitConversion);
    return true;
  }
  return takeUnit(fieldStart(unitColumn), fieldEnd(unitColumn));
}
