/**
 * Realistic input shapes for the normalizer benchmark: values printed with a fixed number of
 * decimals (`21.50`, so about one in ten ends in a zero) or with an exponent (C's `%.3e`), European
 * CSV, an empty line after each row, gzip input, and 1 % bad rows. Each shape is normalized with the fast lanes on and off,
 * interleaved in one process (so the machine's drift hits both alike), from memory into a
 * discarding output; the figure is the median of NORMALIZER_SHAPES_RUNS runs of each.
 *
 * NORMALIZER_SHAPES_ROWS  rows per shape (default 500000)
 * NORMALIZER_SHAPES_RUNS  runs per shape and lane setting, median reported (default 3)
 */
import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { normalizeObject } from "../lambda/normalizer";

/** The generated fleet both normalizer benchmarks use (normalizer.bench.ts imports these). */
export const REFERENCE_TIME = new Date("2026-11-26T12:00:00Z");
export const SENSORS = 500;
export const METRICS = [
  ["temperature", "°C"],
  ["humidity", "%RH"],
  ["pressure", "hPa"],
  ["co2", "ppm"],
] as const;

interface Row {
  readonly time: Date;
  readonly sensor: string;
  readonly metric: string;
  readonly unit: string;
  /** A reading between 0 and 100. */
  readonly value: number;
  /** Every hundredth row is a gateway's placeholder for a failed reading. */
  readonly bad: boolean;
}

function* rows(count: number): Generator<Row> {
  let t = REFERENCE_TIME.getTime() - 86_400_000;
  for (let i = 0; i < count; i++) {
    const [metric, unit] = METRICS[i % METRICS.length];
    if (i % SENSORS === 0) t += 1000;
    yield {
      time: new Date(t),
      sensor: `sensor-${String(i % SENSORS).padStart(4, "0")}`,
      metric,
      unit,
      value: ((i * 7919) % 10000) / 100,
      bad: i % 100 === 99,
    };
  }
}

const pad = (n: number) => String(n).padStart(2, "0");
/** `26.11.2026 10:00:00`, as a German gateway writes local time. */
const dayFirst = ({ time: d }: Row) =>
  `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ` +
  `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

interface Shape {
  readonly name: string;
  readonly key: string;
  /** The text of `count` rows. */
  build(count: number): Buffer;
  /** Readings a correct normalizer accepts from `count` rows. */
  accepted(count: number): number;
}

const all = () => (count: number) => count;
const allButBad = () => (count: number) => count - Math.floor(count / 100);

function csv(
  count: number,
  options: { separator: string; value: (r: Row) => string; time?: (r: Row) => string },
  rowEnd = "\n",
): Buffer {
  const { separator } = options;
  const time = options.time ?? ((r: Row) => r.time.toISOString());
  const parts = [["timestamp", "sensor_id", "metric", "value", "unit"].join(separator) + "\n"];
  for (const r of rows(count))
    parts.push([time(r), r.sensor, r.metric, options.value(r), r.unit].join(separator) + rowEnd);
  return Buffer.from(parts.join(""));
}

function ndjson(count: number, value: (r: Row) => string): Buffer {
  const parts: string[] = [];
  for (const r of rows(count))
    parts.push(
      `{"sensor_id":"${r.sensor}","metric":"${r.metric}","value":${value(r)},"unit":"${r.unit}","ts":"${r.time.toISOString()}"}\n`,
    );
  return Buffer.from(parts.join(""));
}

const fixed2 = (r: Row) => r.value.toFixed(2);
/** C's `%.3e`, as C gateways print it: `2.150e+01`, at least two exponent digits. */
const exponent3 = (r: Row) => r.value.toExponential(3).replace(/e([+-])(\d)$/, "e$10$2");
const badOr = (format: (r: Row) => string) => (r: Row) => (r.bad ? '"n/a"' : format(r));

export const SHAPES: readonly Shape[] = [
  {
    name: "csv, JavaScript number text",
    key: "raw/bench/js.csv",
    build: (n) => csv(n, { separator: ",", value: (r) => String(r.value) }),
    accepted: all(),
  },
  {
    name: "csv, fixed 2 decimals",
    key: "raw/bench/fixed2.csv",
    build: (n) => csv(n, { separator: ",", value: fixed2 }),
    accepted: all(),
  },
  {
    name: "csv, fixed 1 decimal",
    key: "raw/bench/fixed1.csv",
    build: (n) => csv(n, { separator: ",", value: (r) => r.value.toFixed(1) }),
    accepted: all(),
  },
  {
    name: "csv, `;` and decimal comma",
    key: "raw/bench/semicolon.csv",
    build: (n) => csv(n, { separator: ";", value: (r) => fixed2(r).replace(".", ",") }),
    accepted: all(),
  },
  {
    name: "csv, European (`;`, comma, day-first local time)",
    key: "raw/bench/european.csv",
    build: (n) =>
      csv(n, { separator: ";", value: (r) => fixed2(r).replace(".", ","), time: dayFirst }),
    accepted: all(),
  },
  {
    name: "csv, C `%.3e` values (`2.150e+01`)",
    key: "raw/bench/exponent.csv",
    build: (n) => csv(n, { separator: ",", value: exponent3 }),
    accepted: all(),
  },
  {
    name: "csv, fixed 2 decimals, blank line after each row (CRLF)",
    key: "raw/bench/blank.csv",
    build: (n) => csv(n, { separator: ",", value: fixed2 }, "\r\n\r\n"),
    accepted: all(),
  },
  {
    name: "csv, fixed 2 decimals, gzip input",
    key: "raw/bench/fixed2.csv.gz",
    build: (n) => gzipSync(csv(n, { separator: ",", value: fixed2 }), { level: 6 }),
    accepted: all(),
  },
  {
    name: "csv, fixed 2 decimals, 1 % bad rows",
    key: "raw/bench/bad.csv",
    build: (n) => csv(n, { separator: ",", value: (r) => (r.bad ? "n/a" : fixed2(r)) }),
    accepted: allButBad(),
  },
  {
    name: "ndjson, fixed 2 decimals",
    key: "raw/bench/fixed2.ndjson",
    build: (n) => ndjson(n, fixed2),
    accepted: all(),
  },
  {
    name: "ndjson, C `%.3e` values",
    key: "raw/bench/exponent.ndjson",
    build: (n) => ndjson(n, exponent3),
    accepted: all(),
  },
  {
    name: "ndjson, fixed 2 decimals, 1 % bad rows",
    key: "raw/bench/bad.ndjson",
    build: (n) => ndjson(n, badOr(fixed2)),
    accepted: allButBad(),
  },
];

/** One input chunk at a time, as S3 or a file stream yields them. */
async function* chunks(bytes: Buffer): AsyncGenerator<Buffer> {
  const size = 1024 * 1024;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

function normalize(shape: Shape, bytes: Buffer, lanes: boolean) {
  return normalizeObject(chunks(bytes), {
    sourceKey: shape.key,
    gatewayId: "bench",
    options: {
      defaultTimeZone: "UTC",
      maxLineBytes: 65536,
      timestampMaxAgeDays: 365,
      timestampMaxFutureMinutes: 10,
      referenceTime: REFERENCE_TIME,
      fastLanes: lanes,
    },
    openOutput: discard,
  });
}

async function timeOnce(shape: Shape, bytes: Buffer, lanes: boolean): Promise<number> {
  const started = process.hrtime.bigint();
  await normalize(shape, bytes, lanes);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

export interface ShapeFigures {
  readonly rows: number;
  readonly lanesOnRowsPerSecond: number;
  readonly lanesOffRowsPerSecond: number;
  /** Lanes on ÷ lanes off, in rows/s (target ≥ 1). */
  readonly onOverOff: number;
}

/** Measures every shape; checks each run's counts so a fast wrong answer fails the benchmark. */
export async function measureShapes(): Promise<Record<string, ShapeFigures>> {
  const count = Number(process.env.NORMALIZER_SHAPES_ROWS ?? 500_000);
  const runs = Math.max(1, Number(process.env.NORMALIZER_SHAPES_RUNS ?? 3));
  const figures: Record<string, ShapeFigures> = {};
  for (const shape of SHAPES) {
    const bytes = shape.build(count);
    await check(shape, bytes, count);
    const times: Record<"on" | "off", number[]> = { on: [], off: [] };
    for (let run = 0; run < runs; run++) {
      // Alternate which goes first, so neither always runs on a warmer or cooler machine.
      const order: ("on" | "off")[] = run % 2 === 0 ? ["on", "off"] : ["off", "on"];
      for (const lanes of order) times[lanes].push(await timeOnce(shape, bytes, lanes === "on"));
      process.stderr.write(".");
    }
    const on = count / median(times.on);
    const off = count / median(times.off);
    figures[shape.name] = {
      rows: count,
      lanesOnRowsPerSecond: Math.round(on),
      lanesOffRowsPerSecond: Math.round(off),
      onOverOff: +(on / off).toFixed(2),
    };
  }
  return figures;
}

async function check(shape: Shape, bytes: Buffer, count: number): Promise<void> {
  for (const lanes of [true, false]) {
    const { counts } = await normalize(shape, bytes, lanes);
    if (counts.accepted !== shape.accepted(count) || counts.records !== count)
      throw new Error(
        `${shape.name} (lanes ${lanes ? "on" : "off"}): ${counts.accepted} of ${counts.records} accepted, expected ${shape.accepted(count)} of ${count}`,
      );
  }
}
