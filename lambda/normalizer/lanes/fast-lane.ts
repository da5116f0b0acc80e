/**
 * The host side of the fast lanes (assembly/index.ts, compiled into lanes-wasm.ts): one WebAssembly
 * instance per object, fed whole lines straight from the input chunk. Every line a lane handles is
 * one accepted reading, already serialized; at the first line it does not handle, it stops and the
 * general parser reads that line. The answers a lane needs from JavaScript (field aliases, metric
 * names, the unit table, number formatting after a conversion) come from the same functions the
 * general parser uses, so both always write the same bytes (test/lambda/normalizer/fast-lanes.test.ts).
 */
import { roleOf, type FieldRole } from "../parsers/columns";
import type { ReadingContext } from "../reading";
import { toMetricName } from "../metric";
import { toText } from "../reading";
import { resolveUnit } from "../units";
import { LANES_WASM_BASE64 } from "./lanes-wasm";

/** Where a lane's lines go: counted as read, and written as already-serialized accepted rows. */
export interface EncodedSink {
  read(count: number): void;
  /**
   * `ndjson` may be a view of the lane's memory: the sink must call `release` once it no longer
   * reads it (when the output stream has consumed it), and must not keep it after that.
   */
  acceptEncoded(count: number, ndjson: Buffer, release: () => void): void;
}

/** The outcome of one lane call: where the general parser takes over, and how many lines were done. */
export interface LaneRun {
  /** Index into the chunk of the first line left to the general parser (or `to` when none). */
  next: number;
  /** Lines handled: each one accepted reading, or a blank line. */
  lines: number;
}

/** The columns of a CSV header, as parsers/csv.ts reads them; an index is -1 when absent. */
export interface CsvColumns {
  readonly separator: string;
  /** Fields in the header. */
  readonly width: number;
  readonly time: number;
  readonly sensor: number;
  readonly metric: number;
  readonly value: number;
  readonly unit: number;
  /** Unit from a long layout's value header, e.g. `value (°C)`: every row's unit without a unit column. */
  readonly valueUnit: string | null;
}

/** The slice of the WebAssembly API used here (the project's `lib` has no WebAssembly types). */
interface WasmGlobal {
  readonly value: number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface LaneExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly TAIL: WasmGlobal;
  readonly FIXED_UNIT: WasmGlobal;
  readonly SCRATCH: WasmGlobal;
  readonly SCRATCH_CAP: WasmGlobal;
  readonly OUTPUT: WasmGlobal;
  readonly input: WasmGlobal;
  readonly stoppedAt: WasmGlobal;
  readonly handled: WasmGlobal;
  readonly blankLines: WasmGlobal;
  readonly outputPos: WasmGlobal;
  setup(outputBytes: number, inputBytes: number): void;
  useOutput(start: number, end: number): void;
  configure(tailBytes: number, earliestMs: number, latestMs: number, maxLineBytes: number): void;
  configureCsv(
    separator: number,
    decimalComma: number,
    width: number,
    time: number,
    sensor: number,
    metric: number,
    value: number,
    unit: number,
    fixedUnitBytes: number,
    fixedConversion: number,
  ): void;
  setLine(line: number): void;
  csvLines(from: number, to: number): number;
  ndjsonLines(from: number, to: number): number;
}

/** Must match the constants in assembly/index.ts. */
const KIND_KEY = 1;
const KIND_METRIC = 2;
const KIND_UNIT = 3;
const FALLBACK = 1;
const OUTPUT_FULL = 2;
const TAIL_CAP = 16384;
const FIXED_UNIT_CAP = 512;
const MAX_CSV_COLUMNS = 63;
const ROLE_IDS: Record<FieldRole, number> = {
  time: 1,
  sensor: 2,
  metric: 3,
  value: 4,
  unit: 5,
  ignored: 6,
};

/**
 * The longest line a lane takes: longer ones (up to the object's own limit) go to the general
 * parser, so the lane's memory stays the same whatever `maxLineBytes` is.
 */
const LANE_MAX_LINE_BYTES = 65536;
/** Input bytes copied into a lane per call: whole lines, so at least one of the longest. */
const INPUT_BYTES = 1 << 20;
/**
 * The output region is cut into parts: a large output is handed to the gzip stream as a view of
 * its part, which is written again only after the stream has consumed it. One input chunk of
 * 1 MiB makes about 4 MiB of NDJSON, so eight parts rarely run out. Small outputs (a lane that
 * stopped after a few lines) are copied, so they never hold a part; and when every part is held,
 * the lane writes to one more part kept for that, and its output is copied.
 */
const OUTPUT_PARTS = 8;
/** Outputs below this are copied rather than holding a part. */
const COPY_BELOW_BYTES = 64 * 1024;
/** Room for the longest line's reading several times over. */
const OUTPUT_PART_BYTES = 1 << 20;

/**
 * The lane's line limit for an object's `maxLineBytes`: never above the lane's own, and 0 (no
 * line) when the limit is negative. Rounding down is safe: a lane only ever leaves more lines to
 * the general parser, which applies the real limit.
 */
function laneLineLimit(maxLineBytes: number): number {
  if (Number.isNaN(maxLineBytes)) return LANE_MAX_LINE_BYTES;
  return Math.max(0, Math.min(Math.floor(maxLineBytes), LANE_MAX_LINE_BYTES));
}
/** After this many lines in a row that a lane left to the general parser, it stops trying… */
const GIVE_UP_AFTER_MISSES = 128;
/** …and, once it has left that many in all, when it took fewer than this many per line left. */
const TAKEN_PER_LEFT = 0.25;

let compiled: object | null = null;

/** Unit conversions by index, shared with the lanes (the index travels through WebAssembly). */
const conversions: ((value: number) => number)[] = [];

function conversionIndex(convert: ((value: number) => number) | null): number {
  if (!convert) return -1;
  let index = conversions.indexOf(convert);
  if (index === -1) index = conversions.push(convert) - 1;
  return index;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Lanes of finished objects, reused: an instance's memory (~11 MiB) is costly to set up. */
const idle: FastLane[] = [];
const MAX_IDLE = 2;

/** A fast lane for one object at a time. */
export class FastLane {
  private readonly exports: LaneExports;
  private readonly memory: Uint8Array;
  private readonly scratch: number;
  private readonly scratchCap: number;
  private readonly inputAt: number;
  private readonly inputCap = INPUT_BYTES;
  /** Start of each output part, and whether the output stream still holds it. */
  private readonly partAt: number[] = [];
  private readonly partBusy: boolean[] = [];
  private readonly partBytes = OUTPUT_PART_BYTES;
  private sink: EncodedSink | null = null;
  private mode: "csv" | "ndjson" = "ndjson";
  /** The chunk window now in the lane's input region. */
  private loaded: Buffer | null = null;
  private loadedFrom = 0;
  private loadedTo = 0;
  private misses = 0;
  /** Readings the lane took and lines it left to the general parser, for this object. */
  private taken = 0;
  private left = 0;
  private readonly run: LaneRun = { next: 0, lines: 0 };

  private constructor() {
    compiled ??= new WASM.Module(Buffer.from(LANES_WASM_BASE64, "base64"));
    const instance = new WASM.Instance(compiled, {
      lane: {
        intern: (kind: number, at: number, length: number) => this.intern(kind, at, length),
        convert: (conversion: number, value: number) => this.convert(conversion, value),
      },
    });
    this.exports = instance.exports as unknown as LaneExports;
    const e = this.exports;
    e.setup((OUTPUT_PARTS + 1) * this.partBytes, this.inputCap);
    this.memory = new Uint8Array(e.memory.buffer);
    this.scratch = e.SCRATCH.value;
    this.scratchCap = e.SCRATCH_CAP.value;
    this.inputAt = e.input.value;
    // The last part is the spill part: written when the others are all held, never held itself.
    for (let part = 0; part <= OUTPUT_PARTS; part++) {
      this.partAt.push(e.OUTPUT.value + part * this.partBytes);
      this.partBusy.push(false);
    }
  }

  /**
   * A lane for one object's rows (a reused one when there is one), or null when its gateway and
   * key do not fit one. The caches it keeps from earlier objects hold answers that depend only on
   * a spelling or a value, never on the object.
   */
  private static create(
    sink: EncodedSink,
    reading: ReadingContext,
    maxLineBytes: number,
  ): FastLane | null {
    const tail = Buffer.from(
      `","gateway_id":${JSON.stringify(reading.gatewayId)},"source_key":${JSON.stringify(reading.sourceKey)},"source_line":`,
    );
    if (tail.length > TAIL_CAP) return null;
    const lane = idle.pop() ?? new FastLane();
    lane.sink = sink;
    lane.mode = "ndjson";
    lane.loaded = null;
    lane.misses = 0;
    lane.taken = 0;
    lane.left = 0;
    lane.memory.set(tail, lane.exports.TAIL.value);
    lane.exports.configure(
      tail.length,
      reading.earliestMs,
      reading.latestMs,
      laneLineLimit(maxLineBytes),
    );
    return lane;
  }

  /** The object is done and its outputs are closed: the lane may serve another object. */
  release(): void {
    this.sink = null;
    this.loaded = null;
    if (!this.partBusy.includes(true) && idle.length < MAX_IDLE) idle.push(this);
  }

  /** A lane for flat NDJSON records. */
  static forNdjson(
    sink: EncodedSink,
    reading: ReadingContext,
    maxLineBytes: number,
  ): FastLane | null {
    return FastLane.create(sink, reading, maxLineBytes);
  }

  /** A lane for a long-layout CSV, or null when the layout lacks a column the lane needs. */
  static forCsv(
    sink: EncodedSink,
    reading: ReadingContext,
    maxLineBytes: number,
    layout: CsvColumns,
    decimalComma: boolean,
  ): FastLane | null {
    const { time, sensor, metric, value } = layout;
    if (Math.min(time, sensor, metric, value) < 0 || layout.width > MAX_CSV_COLUMNS) return null;
    if (layout.separator.length !== 1) return null;
    const fixed = resolveUnit(layout.valueUnit);
    const fixedJson = Buffer.from(fixed ? JSON.stringify(fixed.unit) : "null");
    if (fixedJson.length > FIXED_UNIT_CAP) return null;
    const lane = FastLane.create(sink, reading, maxLineBytes);
    if (!lane) return null;
    lane.memory.set(fixedJson, lane.exports.FIXED_UNIT.value);
    lane.mode = "csv";
    lane.exports.configureCsv(
      layout.separator.charCodeAt(0),
      decimalComma ? 1 : 0,
      layout.width,
      time,
      sensor,
      metric,
      value,
      layout.unit,
      fixedJson.length,
      conversionIndex(fixed?.convert ?? null),
    );
    return lane;
  }

  /**
   * Whether the lane still tries. It gives up on an object whose lines it keeps leaving: many in
   * a row, or most of them (a mixed file where it takes a line now and then). A line left costs
   * one lane call on top of the general parser; a line taken saves most of the parser's work.
   */
  get active(): boolean {
    return (
      this.misses < GIVE_UP_AFTER_MISSES &&
      (this.left < GIVE_UP_AFTER_MISSES || this.taken >= this.left * TAKEN_PER_LEFT)
    );
  }

  /**
   * Handles lines of chunk[from, to) (`from` starts a line, `to` is just after a newline) until
   * the first one it leaves to the general parser. `line` is the source_line of the line at `from`.
   */
  lines(chunk: Buffer, from: number, to: number, line: number): LaneRun {
    const e = this.exports;
    e.setLine(line);
    let next = from;
    let total = 0;
    let stopped = false;
    while (next < to && !stopped) {
      const loaded = chunk === this.loaded && next >= this.loadedFrom && next < this.loadedTo;
      if (!loaded && !this.load(chunk, next, to)) break;
      const base = this.loadedFrom;
      const free = this.partBusy.indexOf(false);
      const part = free === -1 || free === OUTPUT_PARTS ? -1 : free;
      const at = this.partAt[part === -1 ? OUTPUT_PARTS : part];
      e.useOutput(at, at + this.partBytes);
      const status =
        this.mode === "csv"
          ? e.csvLines(next - base, this.loadedTo - base)
          : e.ndjsonLines(next - base, this.loadedTo - base);
      const handled = e.handled.value;
      const progress = handled + e.blankLines.value;
      next = base + e.stoppedAt.value;
      if (handled > 0) {
        this.sink?.read(handled);
        this.emit(handled, part, at, e.outputPos.value);
        this.taken += handled;
      }
      total += progress;
      // DONE means the loaded window is used up: load the next one. FALLBACK (or a full output
      // that made no progress) leaves the line at `next` to the general parser.
      stopped = status === FALLBACK || (status === OUTPUT_FULL && progress === 0);
    }
    this.misses = total > 0 ? 0 : this.misses + 1;
    if (next < to) this.left++;
    return this.result(next, total);
  }

  /** Hands [at, end) to the sink: as a view of its part, or copied (small, or the spill part). */
  private emit(count: number, part: number, at: number, end: number): void {
    if (!this.sink) return;
    if (part === -1 || end - at < COPY_BELOW_BYTES) {
      this.sink.acceptEncoded(count, Buffer.from(this.memory.subarray(at, end)), () => undefined);
      return;
    }
    this.partBusy[part] = true;
    const view = Buffer.from(this.memory.buffer, at, end - at);
    this.sink.acceptEncoded(count, view, () => {
      this.partBusy[part] = false;
    });
  }

  private result(next: number, lines: number): LaneRun {
    this.run.next = next;
    this.run.lines = lines;
    return this.run;
  }

  /** Copies whole lines of chunk[from, to) into the lane, at most its input size. */
  private load(chunk: Buffer, from: number, to: number): boolean {
    let end = to;
    if (end - from > this.inputCap) {
      end = chunk.lastIndexOf(0x0a, from + this.inputCap - 1) + 1;
      if (end <= from) return false;
    }
    this.memory.set(chunk.subarray(from, end), this.inputAt);
    this.loaded = chunk;
    this.loadedFrom = from;
    this.loadedTo = end;
    return true;
  }

  private text(at: number, length: number): string | null {
    try {
      return strictUtf8.decode(this.memory.subarray(at, at + length));
    } catch {
      return null;
    }
  }

  /** Writes JSON text to SCRATCH; its length, or -1 when it does not fit. */
  private answer(json: string, conversion: number): number {
    const bytes = Buffer.from(json);
    if (bytes.length > this.scratchCap) return -1;
    this.memory.set(bytes, this.scratch);
    return bytes.length | ((conversion + 1) << 16);
  }

  private intern(kind: number, at: number, length: number): number {
    const text = this.text(at, length);
    if (text === null) return -1;
    if (kind === KIND_KEY) {
      const role = roleOf(text);
      return role === undefined ? 0 : ROLE_IDS[role];
    }
    if (kind === KIND_METRIC) {
      const field = toText(text);
      const metric = field === null ? "" : toMetricName(field);
      return metric === "" ? -1 : this.answer(JSON.stringify(metric), -1);
    }
    if (kind === KIND_UNIT) {
      const unit = resolveUnit(text);
      return unit
        ? this.answer(JSON.stringify(unit.unit), conversionIndex(unit.convert))
        : this.answer("null", -1);
    }
    return -1;
  }

  /** A converted value as JavaScript writes it (JSON.stringify and String agree on finite numbers). */
  private convert(conversion: number, value: number): number {
    const converted = conversions[conversion](value);
    if (!Number.isFinite(converted)) return -1;
    const text = String(converted);
    if (text.length > this.scratchCap) return -1;
    for (let i = 0; i < text.length; i++) this.memory[this.scratch + i] = text.charCodeAt(i);
    return text.length;
  }
}
