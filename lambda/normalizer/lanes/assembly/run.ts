/**
 * The line loop shared by both lanes: whole lines from the input region, one record each, until a
 * line the general parser must read, the end of the input, or a nearly full output region.
 */
import { find } from "./bytes";
import { SCRATCH_CAP, OUTPUT } from "./layout";
import { csvRecord } from "./csv";
import { ndjsonRecord } from "./ndjson";
import { nextLine, readingOverhead, setTail, writeReading } from "./reading";
import { setWindow } from "./timestamps";

/** The part of the output region the next call writes to (the host rotates among parts). */
let outputStart: usize = OUTPUT;
let outputEnd: usize = OUTPUT;
/** The input region starts right after the output region. */
export let input: usize = OUTPUT;
let maxLineBytes: usize = 65536;

/** Offset into the input of the first line not handled. */
export let stoppedAt: usize = 0;
/** Records handled by the last call (each one accepted reading). */
export let handled: u32 = 0;
/** Blank lines the last call passed over (not records, but they count as lines). */
export let blankLines: u32 = 0;
/** End of the NDJSON the last call wrote (from the start given to useOutput). */
export let outputPos: usize = OUTPUT;

/** Why a call returned. */
const DONE: i32 = 0;
const FALLBACK: i32 = 1;
const OUTPUT_FULL: i32 = 2;

const CSV: i32 = 1;
const NDJSON: i32 = 2;

/** Sizes the output and input regions, growing memory as needed. */
export function setup(outputBytes: usize, inputBytes: usize): void {
  input = OUTPUT + outputBytes;
  useOutput(OUTPUT, input);
  // 16 bytes of slack: SIMD reads may run past the last input byte.
  const needed = <i32>((input + inputBytes + 16 + 65535) >>> 16);
  const have = memory.size();
  if (needed > have && memory.grow(needed - have) < 0) unreachable();
  outputPos = OUTPUT;
}

/** Where the next call writes its NDJSON: [start, end) inside the output region. */
export function useOutput(start: usize, end: usize): void {
  outputStart = start;
  outputEnd = end;
  outputPos = start;
}

/** Per object: the tail's length, the plausible observed_at window and the longest line. */
export function configure(tail: usize, earliest: f64, latest: f64, maxLine: usize): void {
  setTail(tail);
  setWindow(earliest, latest);
  maxLineBytes = maxLine;
}

/** Long-layout CSV rows from input[from, to); `to` is just after a newline. */
export function csvLines(from: usize, to: usize): i32 {
  return lines(from, to, CSV);
}

/** Flat NDJSON records from input[from, to); `to` is just after a newline. */
export function ndjsonLines(from: usize, to: usize): i32 {
  return lines(from, to, NDJSON);
}

function lines(from: usize, to: usize, format: i32): i32 {
  const end = input + to;
  let i = input + from;
  let o = outputStart;
  let count: u32 = 0;
  let blank: u32 = 0;
  let status = DONE;
  while (i < end) {
    const newline = find(i, end, 10);
    if (newline >= end) break;
    // The content ends before the newline, and before one CR.
    const stop = newline > i && load<u8>(newline - 1) == 13 ? newline - 1 : newline;
    if (stop == i) {
      // A blank line is no record for either parser: it only counts as a line.
      nextLine();
      blank++;
      i = newline + 1;
      continue;
    }
    if (stop - i > maxLineBytes) {
      status = FALLBACK;
      break;
    }
    // Room for this line's output at most: its own bytes, three cached answers and the rest.
    if (o + (stop - i) + SCRATCH_CAP * 3 + readingOverhead() > outputEnd) {
      status = OUTPUT_FULL;
      break;
    }
    const taken = format == CSV ? csvRecord(i, stop) : ndjsonRecord(i, stop);
    const written = taken ? writeReading(o) : 0;
    if (written == 0) {
      status = FALLBACK;
      break;
    }
    o = written;
    nextLine();
    count++;
    i = newline + 1;
  }
  outputPos = o;
  stoppedAt = i - input;
  handled = count;
  blankLines = blank;
  return status;
}
