/**
 * The fast lanes (lambda/normalizer/lanes/) must never change an output byte: with `fastLanes` on
 * and off, the gunzipped normalized and rejected outputs and the counts are identical, for any
 * input and any chunking; lanes off is the reference. Everything goes through the public API
 * (normalizeToBuffers), except the last test, which checks that the checked-in WebAssembly is what
 * its AssemblyScript source compiles to. FAST_LANES_RUNS=20000 runs the properties longer.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  normalizeToBuffers,
  type NormalizeCounts,
  type NormalizeOptions,
} from "../../../lambda/normalizer";
import {
  compileLanes,
  LANES_MODULE,
  lanesModuleText,
} from "../../../lambda/normalizer/lanes/build";
import { chunked, OPTIONS, UPLOADED_AT } from "../../helpers/normalizer";

// ---- running both paths -------------------------------------------------------------------------

interface Identity {
  readonly sourceKey: string;
  readonly gatewayId: string;
}

const GW1 = (name: string): Identity => ({ sourceKey: `raw/gw-1/${name}`, gatewayId: "gw-1" });

/**
 * One normalization, outputs gunzipped (an output never opened is empty). `error` is set when
 * normalizeObject rejected (it must not, for content): then both paths must reject alike.
 */
interface Outcome {
  readonly error: string | null;
  readonly counts: NormalizeCounts | null;
  readonly wrote: Readonly<Record<"normalized" | "rejected", boolean>>;
  readonly normalized: Buffer;
  readonly rejected: Buffer;
}

/** How the bytes arrive: undefined is one chunk; sizes are cycled (see `chunked`). */
type Chunking = readonly number[] | undefined;

async function run(
  bytes: Buffer,
  identity: Identity,
  options: Partial<NormalizeOptions>,
  fastLanes: boolean,
  chunking: Chunking,
): Promise<Outcome> {
  let result: Awaited<ReturnType<typeof normalizeToBuffers>>;
  try {
    result = await normalizeToBuffers(chunked(bytes, chunking), {
      ...identity,
      options: { ...OPTIONS, ...options, fastLanes },
    });
  } catch (error) {
    const none = Buffer.alloc(0);
    const wrote = { normalized: false, rejected: false };
    return { error: String(error), counts: null, wrote, normalized: none, rejected: none };
  }
  const text = (gz: Buffer | undefined) => (gz ? gunzipSync(gz) : Buffer.alloc(0));
  return {
    error: null,
    counts: result.counts,
    wrote: result.wrote,
    normalized: text(result.outputs.normalized),
    rejected: text(result.outputs.rejected),
  };
}

/** Where two outcomes differ, readably (first differing line of each output), or null. */
function difference(
  on: Outcome,
  off: Outcome,
  [onName, offName] = ["lanes on ", "lanes off"],
): string | null {
  const problems: string[] = [];
  if (on.error !== off.error)
    problems.push(
      `normalizeObject:\n  ${onName}: ${on.error ?? "resolved"}\n  ${offName}: ${off.error ?? "resolved"}`,
    );
  for (const kind of ["normalized", "rejected"] as const) {
    if (on[kind].equals(off[kind])) continue;
    const a = on[kind].toString("utf8").split("\n");
    const b = off[kind].toString("utf8").split("\n");
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    problems.push(
      `${kind} output differs at output line ${i + 1} (${a.length - 1} vs ${b.length - 1} lines):\n` +
        `  ${onName}: ${a[i] ?? "<end>"}\n  ${offName}: ${b[i] ?? "<end>"}`,
    );
  }
  if (!isDeepStrictEqual(on.counts, off.counts))
    problems.push(
      `counts differ:\n  ${onName}: ${JSON.stringify(on.counts)}\n  ${offName}: ${JSON.stringify(off.counts)}`,
    );
  if (!isDeepStrictEqual(on.wrote, off.wrote))
    problems.push(`wrote differs: ${JSON.stringify(on.wrote)} vs ${JSON.stringify(off.wrote)}`);
  return problems.length === 0 ? null : problems.join("\n");
}

const describeChunking = (chunking: Chunking) =>
  chunking === undefined ? "one chunk" : `chunks of ${JSON.stringify(chunking)} bytes (cycled)`;

/**
 * Inputs where lanes off itself writes different output for two chunkings: a general-parser
 * matter (property-tested in properties.test.ts), not the lanes'. Kept to be reported once.
 */
const generalChunkingDifferences: string[] = [];

const describeOptions = (options: Partial<NormalizeOptions>) =>
  JSON.stringify(options, (_key, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
  );

/**
 * Lanes on with chunking A must equal lanes off with chunking A, and lanes on with chunking B
 * must equal lanes off with chunking A too. Only when lanes off itself differs between A and B
 * (not the lanes' doing), lanes on with B is held to lanes off with B instead.
 */
async function expectSameWithAndWithoutLanes(
  bytes: Buffer,
  identity: Identity,
  options: Partial<NormalizeOptions>,
  a: Chunking,
  b: Chunking = a,
): Promise<Outcome> {
  const reference = await run(bytes, identity, options, false, a);
  const problems: string[] = [];
  const onA = difference(await run(bytes, identity, options, true, a), reference);
  if (onA) problems.push(`lanes on vs off, both ${describeChunking(a)}:\n${onA}`);
  if (b !== a) {
    const on = await run(bytes, identity, options, true, b);
    const onB = difference(on, reference);
    if (onB) {
      const off = await run(bytes, identity, options, false, b);
      const offB = difference(off, reference, ["lanes off, B", "lanes off, A"]);
      if (!offB)
        problems.push(
          `lanes on with ${describeChunking(b)} vs lanes off with ${describeChunking(a)} ` +
            `(lanes off writes the same for both chunkings):\n${onB}`,
        );
      else {
        generalChunkingDifferences.push(
          `${JSON.stringify(bytes.toString("latin1"))} as ${identity.sourceKey} with ` +
            `${describeOptions(options)}: ${describeChunking(a)} vs ${describeChunking(b)}:\n${offB}`,
        );
        const onOffB = difference(on, off);
        if (onOffB) problems.push(`lanes on vs off, both ${describeChunking(b)}:\n${onOffB}`);
      }
    }
  }
  if (problems.length > 0)
    throw new Error(
      `${problems.join("\n")}\ninput: ${JSON.stringify(bytes.toString("latin1"))} (latin1 view)\n` +
        `key: ${identity.sourceKey}, options: ${describeOptions(options)}`,
    );
  return reference;
}

afterAll(() => {
  if (generalChunkingDifferences.length > 0)
    console.info(
      `${generalChunkingDifferences.length} generated input(s) where lanes OFF writes different ` +
        `output for two chunkings (a general-parser issue, not the lanes'), e.g.\n` +
        generalChunkingDifferences[0],
    );
});

// ---- value pools --------------------------------------------------------------------------------
// Each field mixes plain values (the rows a lane takes) with tricky ones (rows it must leave to the
// general parser, or take only if it gets them exactly right), so documents interleave both.

/** Present about once in `every` times. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, every = 12) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** Mostly `plain`, sometimes `tricky`. */
const mix = <T>(plain: fc.Arbitrary<T>, tricky: fc.Arbitrary<T>, trickyWeight = 1) =>
  fc.oneof({ weight: 6, arbitrary: plain }, { weight: trickyWeight, arbitrary: tricky });

const DAY_MS = 86_400_000;
const EARLIEST_MS = UPLOADED_AT.getTime() - 365 * DAY_MS;
const LATEST_MS = UPLOADED_AT.getTime() + 10 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** `YYYY-MM-DDTHH:MM:SSZ` (milliseconds cut). */
const isoSeconds = (ms: number) => `${iso(ms).slice(0, 19)}Z`;

/** The plausible window's bounds and one step outside each, in both timestamp shapes a lane reads. */
const WINDOW_BOUNDS = [
  iso(EARLIEST_MS),
  iso(EARLIEST_MS - 1),
  iso(LATEST_MS),
  iso(LATEST_MS + 1),
  isoSeconds(EARLIEST_MS),
  isoSeconds(EARLIEST_MS - 1000),
  isoSeconds(LATEST_MS),
  isoSeconds(LATEST_MS + 1000),
];

const TIMESTAMPS = [
  "2026-11-26T10:00:00Z",
  "2026-11-26T10:00:00.123Z",
  "2026-11-26T10:00:00.000Z",
  "2026-11-26T10:00:00z",
  "2026-11-26t10:00:00Z",
  "2026-11-26T10:00:00+02:00",
  "2026-11-26T10:00:00-00:00",
  "2026-11-26T10:00:00",
  "2026-11-26 10:00:00",
  "2026-11-26T10:00:00.5Z",
  "2026-11-26T10:00:00,123Z",
  "2026-11-26T10:00:00.1234Z",
  "26.11.2026 10:00:00",
  "1795687200",
  "1795687200000",
  "1795687200.5",
  "2024-02-29T10:00:00Z", // leap year, but a year before the window
  "2026-02-29T10:00:00Z", // not a leap year
  "2026-02-28T23:59:59Z",
  "2026-13-01T00:00:00Z",
  "2026-00-10T00:00:00Z",
  "2026-11-00T00:00:00Z",
  "2026-04-31T00:00:00Z",
  "2026-11-26T24:00:00Z",
  "2026-11-26T23:60:00Z",
  "2026-11-26T10:00:60Z",
  "0099-11-26T10:00:00Z",
  "2026-1-26T10:00:00Z",
  "2026-11-26T1a:00:00Z",
  "2026/11/26T10:00:00Z",
  " 2026-11-26T10:00:00Z",
  "2026-11-26T10:00:00Z ",
  "",
  ...WINDOW_BOUNDS,
];

/** Timestamps in the lane's shape, in and a little outside the plausible window. */
const nearWindow = fc
  .integer({ min: EARLIEST_MS - 2000, max: LATEST_MS + 2000 })
  .chain((ms) => fc.constantFrom(iso(ms), isoSeconds(ms)));

const timestamp = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...TIMESTAMPS) },
  { weight: 12, arbitrary: nearWindow },
  // A wide window (TIMESTAMP_MAX_AGE_DAYS up to 36500) reaches these.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "2000-02-29T00:00:00Z",
      "1900-02-29T00:00:00Z",
      "1999-12-31T23:59:59.999Z",
    ),
  },
);

const VALUES = [
  "21.5",
  "21.50",
  "0",
  "-0",
  "-0.0",
  "0.5",
  ".5",
  "5.",
  "+5",
  "1e3",
  "1E-3",
  "0.000001",
  "0.0000001",
  "0.0000012",
  "123456789012345",
  "1234567890123456",
  "123456789012.345",
  "0.123456789012345",
  "0.1234567890123456",
  "99999999999999999999",
  "21,5",
  "1,234,5",
  "-0,5",
  "NaN",
  "Infinity",
  "-inf",
  "",
  " 21.5",
  "21.5 ",
  "0.1",
  "1013.27",
  "-40",
  "00",
  "01",
  "0x10",
  "1_000",
  "abc",
  "٣",
];

const randomDecimal = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^(0|[1-9][0-9]{0,15})$/),
    fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }),
  )
  .map(
    ([negative, integer, fraction]) =>
      `${negative ? "-" : ""}${integer}${fraction === undefined ? "" : `.${fraction}`}`,
  );

/** Decimals written the way JavaScript writes them (what a lane copies unchanged). */
const PLAIN_VALUES = ["21.5", "0", "0.5", "0.1", "1013.27", "-40", "0.000001", "123456789012345"];

/** C's `%.<precision>e`: at least two exponent digits (`2.150e+01`), as C gateways print. */
const cExponent = (v: number, precision: number) =>
  v.toExponential(precision).replace(/e([+-])(\d)$/, "e$10$2");

/**
 * C's `%.<precision>g`: `%e` when the exponent is below -4 or at least the precision, else `%f`;
 * trailing zeros cut either way (`21.5`, `3.2e-05`, `1e+06`).
 */
function cGeneral(v: number, precision: number): string {
  const p = Math.max(1, precision);
  const exponent = Number(v.toExponential(p - 1).split("e")[1]);
  const text =
    exponent < -4 || exponent >= p ? cExponent(v, p - 1) : v.toFixed(Math.max(0, p - 1 - exponent));
  const [mantissa, exponentText] = text.split("e");
  const cut = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return exponentText === undefined ? cut : `${cut}e${exponentText}`;
}

/** A reading of any magnitude, 1e-30 to 1e30, either sign. */
const anyMagnitude = fc
  .tuple(
    fc.double({ min: 1, max: 10, noNaN: true }),
    fc.integer({ min: -30, max: 30 }),
    fc.boolean(),
  )
  .map(([mantissa, exponent, negative]) => (negative ? -1 : 1) * mantissa * 10 ** exponent);

/** Exponent spellings a lane must write exactly as JavaScript does, or leave alone. */
const EXPONENT_VALUES = [
  "1.5e3",
  "2.15E+01",
  "-3.2e-4",
  "1e21",
  "1e+21",
  "1e20",
  "9.99999e20",
  "5e-7",
  "5e-6",
  "1e05",
  "1E-05",
  "0e5",
  "-0e0",
  "0.000e-3",
  "-0.0E+00",
  "1.000e2",
  "2.150e+01",
  "123456789012345e-20",
  "1.23456789012345e300",
  "1e299",
  "1e300",
  "1e-299",
  "1e-300",
  "1234567890123456e0",
  "1e0000000000000000005",
  "1e400",
  "1e-400",
  "1e",
  "1e+",
  "1.e3",
  ".5e3",
  "01e3",
  "1e1.5",
  "1ee1",
  "1e+-1",
  "1e 1",
  "+1e3",
];

/**
 * Values with an exponent, as Telegraf, SenML and C's `%e`/`%g` print them: both cases of `e`,
 * signed and zero-padded exponents, mantissas with trailing zeros, zeros, and values whose
 * JavaScript text is plain (`1.5e3` → 1500) or keeps an exponent (`1e21` → 1e+21).
 */
const exponentValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EXPONENT_VALUES),
  fc
    .record({
      negative: fc.boolean(),
      integer: fc.stringMatching(/^(0|[1-9][0-9]{0,8})$/),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,10}$/), { nil: undefined }),
      e: fc.constantFrom("e", "E"),
      sign: fc.constantFrom("", "+", "-"),
      zeros: fc.constantFrom("", "", "0", "00"),
      exponent: fc.oneof(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 280, max: 330 })),
    })
    .map(
      (x) =>
        `${x.negative ? "-" : ""}${x.integer}${x.fraction === undefined ? "" : `.${x.fraction}`}` +
        `${x.e}${x.sign}${x.zeros}${x.exponent}`,
    ),
  fc
    .tuple(anyMagnitude, fc.integer({ min: 0, max: 16 }), fc.boolean())
    .map(([v, precision, upper]) => {
      const text = cExponent(v, precision);
      return upper ? text.toUpperCase() : text;
    }),
  fc.tuple(anyMagnitude, fc.integer({ min: 1, max: 17 })).map(([v, p]) => cGeneral(v, p)),
);

const value = mix(
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...PLAIN_VALUES) },
    { weight: 2, arbitrary: randomDecimal },
    { weight: 1, arbitrary: exponentValue },
  ),
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  ),
  2,
);

const SENSORS = [
  "s1",
  "sensor-0001",
  "a b",
  " a",
  "a ",
  'a "q"',
  "a\\b",
  "ä",
  "",
  "a\tb",
  "x~",
  "del\x7f",
  "a,b",
  "a;b",
];
const sensor = mix(
  fc.oneof(
    fc.constantFrom("s1", "sensor-0001", "a b"),
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/),
  ),
  fc.constantFrom(...SENSORS),
);

const METRICS = [
  "temperature",
  "Temperature",
  "relHumidity",
  "PM2.5",
  " co2 ",
  "",
  "ü",
  "---",
  "a\\b",
  "CO2 (ppm)",
  "1",
];
const metric = mix(
  fc.constantFrom("temperature", "Temperature", "relHumidity", "PM2.5", " co2 ", "ü"),
  fc.constantFrom(...METRICS),
);

const UNITS = [
  "°C",
  "C",
  "degC",
  "°F",
  "F",
  "hPa",
  "mbar",
  "mV",
  "km/h",
  "%RH",
  "ppm",
  "kW",
  "Cel",
  "furlong",
  "",
  " °C ",
  " hPa",
  "µg/m³",
];
const unit = fc.constantFrom(...UNITS);

/** Header units of `value (…)` when there is no unit column. */
const HEADER_UNITS = ["°C", "hPa", "°F", "mV", "furlong", "µg/m³", ""];

// ---- CSV documents ------------------------------------------------------------------------------

type Role = "time" | "sensor" | "metric" | "value" | "unit" | "extra";

const HEADER_NAMES: Record<Role, readonly string[]> = {
  time: ["timestamp", "time", "ts", "Timestamp", "observed_at", "Zeit"],
  sensor: ["sensor", "device", "sensor_id", "Sensor ID", "device-id"],
  metric: ["metric", "Metric", "measurement", "type"],
  value: ["value", "reading", "Value", "val"],
  unit: ["unit", "uom", "Units"],
  // Unknown names are ignored in the long layout; a second alias of a role is ignored too.
  extra: ["gateway", "note", "comment", "", "gateway_id", "ts", "device", "Reading", "uom"],
};

const extraValue = mix(
  fc.constantFrom("x", "", "gw-9", "a b", "1"),
  fc.constantFrom("ä", "\x7f", "a\\b"),
);

interface CsvColumn {
  readonly role: Role;
  readonly name: string;
}

interface CsvHeader {
  readonly separator: string;
  readonly columns: readonly CsvColumn[];
  readonly text: string;
}

const csvHeader = fc
  .record({
    separator: fc.constantFrom(",", ";", "\t"),
    time: fc.constantFrom(...HEADER_NAMES.time),
    sensor: fc.option(fc.constantFrom(...HEADER_NAMES.sensor), { freq: 8, nil: undefined }),
    metric: fc.option(fc.constantFrom(...HEADER_NAMES.metric), { freq: 4, nil: undefined }),
    value: fc.constantFrom(...HEADER_NAMES.value),
    // A unit column, a unit in the value header, or no unit at all.
    unit: fc.oneof(
      fc.constantFrom(...HEADER_NAMES.unit).map((name) => ({ column: name })),
      fc.constantFrom(...HEADER_UNITS).map((inHeader) => ({ inHeader })),
      fc.constant({}),
    ),
    extras: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
      // Wide headers: the lanes take at most 63 columns.
      { weight: 1, arbitrary: fc.integer({ min: 56, max: 62 }) },
    ),
    quoteNames: fc.boolean(),
    seed: fc.integer(),
  })
  .map((h): CsvHeader => {
    const columns: CsvColumn[] = [{ role: "time", name: h.time }];
    if (h.sensor !== undefined) columns.push({ role: "sensor", name: h.sensor });
    if (h.metric !== undefined) columns.push({ role: "metric", name: h.metric });
    const unitInHeader = "inHeader" in h.unit ? h.unit.inHeader : undefined;
    columns.push({
      role: "value",
      name: unitInHeader === undefined ? h.value : `${h.value} (${unitInHeader})`,
    });
    if ("column" in h.unit) columns.push({ role: "unit", name: h.unit.column });
    for (let i = 0; i < h.extras; i++)
      columns.push({ role: "extra", name: HEADER_NAMES.extra[i % HEADER_NAMES.extra.length] });
    // Columns in a random (but reproducible) order.
    let state = h.seed >>> 0;
    for (let i = columns.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const j = state % (i + 1);
      [columns[i], columns[j]] = [columns[j], columns[i]];
    }
    const text = columns
      .map((column) => (h.quoteNames ? `"${column.name}"` : column.name))
      .join(h.separator);
    return { separator: h.separator, columns, text };
  });

/** One data line's cells in the header's column order; each cell may hold invalid UTF-8. */
const csvCells = (header: CsvHeader) =>
  fc.tuple(
    ...header.columns.map((column): fc.Arbitrary<string> => {
      switch (column.role) {
        case "time":
          return timestamp;
        case "sensor":
          return sensor;
        case "metric":
          return metric;
        case "value":
          return header.separator === ";"
            ? value.chain((v) => fc.constantFrom(v, v.replace(".", ",")))
            : value;
        case "unit":
          return unit;
        default:
          return extraValue;
      }
    }),
  );

/** What happens to a line: mostly nothing, sometimes one of the shapes a lane must leave alone. */
type CsvShape =
  | { kind: "plain" }
  | { kind: "blank"; text: string }
  | { kind: "quote"; cell: number; text?: string }
  | { kind: "trailing"; count: number }
  | { kind: "fewer"; count: number }
  | { kind: "more"; text: string }
  | { kind: "invalid"; cell: number; byte: number }
  | { kind: "padTo"; delta: number }
  | { kind: "raw"; text: string };

const csvShape: fc.Arbitrary<CsvShape> = fc.oneof(
  { weight: 40, arbitrary: fc.constant({ kind: "plain" as const }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("", " ", "\t", "\r")
      .map((text) => ({ kind: "blank" as const, text })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("quote" as const),
      cell: fc.nat(),
      text: fc.option(fc.constantFrom("a,b", "a;b", 'a""b', "21.5", "s1", ""), {
        nil: undefined,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("trailing" as const),
      count: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 55, max: 66 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("fewer" as const),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("more" as const),
      text: fc.constantFrom("x", " ", "0"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("invalid" as const),
      cell: fc.nat(),
      byte: fc.constantFrom(0xff, 0xc3, 0x80, 0xed),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("padTo" as const),
      delta: fc.integer({ min: -2, max: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '"unclosed',
        'a,"b\nc",d',
        "\uFEFF",
        "#comment",
        "timestamp,sensor,metric,value",
      )
      .map((text) => ({ kind: "raw" as const, text })),
  },
);

interface CsvLine {
  readonly cells: readonly string[];
  readonly shape: CsvShape;
  readonly crlf: boolean;
}

/** The bytes of one line (without its end), following its shape. */
function csvLineBytes(header: CsvHeader, line: CsvLine, maxLineBytes: number): Buffer {
  const { separator } = header;
  const cells: Buffer[] = line.cells.map((cell) => Buffer.from(cell));
  const { shape } = line;
  switch (shape.kind) {
    case "blank":
      return Buffer.from(shape.text);
    case "raw":
      return Buffer.from(shape.text);
    case "quote": {
      const i = shape.cell % cells.length;
      const inner = shape.text ?? line.cells[i].replace(/"/g, '""');
      cells[i] = Buffer.from(`"${inner}"`);
      break;
    }
    case "invalid": {
      const i = shape.cell % cells.length;
      const half = Math.floor(cells[i].length / 2);
      cells[i] = Buffer.concat([
        cells[i].subarray(0, half),
        Buffer.from([shape.byte]),
        cells[i].subarray(half),
      ]);
      break;
    }
    case "fewer":
      cells.splice(Math.max(1, cells.length - shape.count));
      break;
    case "more":
      cells.push(Buffer.from(shape.text));
      break;
    case "trailing":
      for (let i = 0; i < shape.count; i++) cells.push(Buffer.alloc(0));
      break;
    case "padTo": {
      // A line of exactly maxLineBytes + delta bytes (the CR does not count), padded in the
      // sensor column (or the first column) so it stays a line the lanes would take.
      const at = Math.max(
        0,
        header.columns.findIndex((column) => column.role === "sensor"),
      );
      const length = cells.reduce((sum, cell) => sum + cell.length, 0) + cells.length - 1;
      const missing = maxLineBytes + shape.delta - length;
      // Only with a small line limit, to keep the documents small.
      if (missing > 0 && maxLineBytes <= 1024)
        cells[at] = Buffer.concat([cells[at], Buffer.alloc(missing, "x")]);
      break;
    }
    case "plain":
      break;
  }
  const parts: Buffer[] = [];
  cells.forEach((cell, i) => {
    if (i > 0) parts.push(Buffer.from(separator));
    parts.push(cell);
  });
  return Buffer.concat(parts);
}

const lineEnds = fc.record({
  crlf: fc.constantFrom("never", "always", "mixed"),
  finalNewline: fc.boolean(),
});

function joinLines(
  lines: readonly { bytes: Buffer; crlf: boolean }[],
  ends: { crlf: string; finalNewline: boolean },
): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((line, i) => {
    parts.push(line.bytes);
    const crlf = ends.crlf === "always" || (ends.crlf === "mixed" && line.crlf);
    if (i < lines.length - 1 || ends.finalNewline) parts.push(Buffer.from(crlf ? "\r\n" : "\n"));
  });
  return Buffer.concat(parts);
}

/** The options a document is normalized with: small line limits, other zones, wide windows. */
const documentOptions: fc.Arbitrary<Partial<NormalizeOptions>> = fc.record(
  {
    maxLineBytes: fc.constantFrom(65536, 1024, 200, 120),
    defaultTimeZone: fc.constantFrom("UTC", "Europe/Berlin"),
    timestampMaxAgeDays: fc.constantFrom(365, 36500),
  },
  { requiredKeys: ["maxLineBytes"] },
);

const csvDocument = fc
  .tuple(csvHeader, documentOptions, lineEnds)
  .chain(([header, options, ends]) =>
    fc.record({
      header: fc.constant(header),
      options: fc.constant(options),
      ends: fc.constant(ends),
      blankBefore: fc.constantFrom(0, 0, 0, 1),
      lines: fc.array(fc.record({ cells: csvCells(header), shape: csvShape, crlf: fc.boolean() }), {
        minLength: 0,
        maxLength: 40,
        size: "medium",
      }),
    }),
  )
  .map((doc) => {
    const maxLineBytes = doc.options.maxLineBytes ?? OPTIONS.maxLineBytes;
    const lines = [
      ...Array.from({ length: doc.blankBefore }, () => ({ bytes: Buffer.alloc(0), crlf: false })),
      { bytes: Buffer.from(doc.header.text), crlf: false },
      ...doc.lines.map((line) => ({
        bytes: csvLineBytes(doc.header, line, maxLineBytes),
        crlf: line.crlf,
      })),
    ];
    return { bytes: joinLines(lines, doc.ends), options: doc.options };
  });

/** Whole, byte by byte, or cut anywhere: every chunk boundary a lane may meet. */
const chunking: fc.Arbitrary<Chunking> = fc.oneof(
  fc.constant(undefined),
  fc.constant([1]),
  fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
  fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 }),
);

/** Keys and gateways whose JSON needs escapes, or none. */
const identity = (...extensions: string[]): fc.Arbitrary<Identity> =>
  fc
    .constantFrom(...extensions)
    .chain((extension) =>
      fc.constantFrom(
        GW1(`upload${extension}`),
        GW1(`upload${extension}`),
        { sourceKey: `raw/gw "7"\\x/ä ü\u2028${extension}`, gatewayId: 'gw "7"\\x' },
        { sourceKey: `raw/gw-\u00e9/2026/11/26/data\t1${extension}`, gatewayId: "gw-\u00e9" },
      ),
    );

/** Sometimes a byte order mark in front, sometimes gzip around it (then chunks are gzip bytes). */
const wrapping = fc.record({
  bom: fc.constantFrom(false, false, false, false, true),
  gzip: fc.constantFrom(false, false, false, false, false, false, true),
});

function wrapped(bytes: Buffer, how: { bom: boolean; gzip: boolean }): Buffer {
  const withBom = how.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
  return how.gzip ? gzipSync(withBom) : withBom;
}

// ---- NDJSON documents ---------------------------------------------------------------------------

const KEYS = {
  sensor: ["sensor_id", "sensor", "device", "Sensor ID", "device_id", "sensor-id"],
  time: ["ts", "timestamp", "time", "observed_at", " ts "],
  metric: ["metric", "measurement", "type"],
  value: ["value", "reading", "Value", "VALUE"],
  unit: ["unit", "uom"],
  other: ["gateway", "note", "data", "fields", "readings", "tags", "name", "__proto__"],
  tricky: ["ä", "x\\u0041", "Sensor\\u005fid", 'va\\"lue'],
} as const;

type JsonRole = keyof typeof KEYS;

/** Whitespace JSON allows around tokens (and that a lane may or may not take). */
const space = fc.constantFrom("", "", "", "", "", " ", "\t", "  ", " \t");

/** A string token written as JSON: mostly JSON.stringify, sometimes with escapes or raw non-ASCII. */
const jsonString = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(text, fc.constantFrom(...Array<string>(30).fill("plain"), "escape"))
    .map(([t, how]) =>
      how === "plain"
        ? JSON.stringify(t)
        : JSON.stringify(t).replace(
            /[A-Za-z]/,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
          ),
    );

/** A number as JSON writes it (else the value goes in as a string). */
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

const JSON_NUMBERS = [
  "1",
  "1.0",
  "-0",
  "0",
  "1e5",
  "1E+2",
  "01",
  "1.",
  "-",
  "21.5",
  "-40",
  "0.000001",
  "0.0000001",
  "123456789012345",
  "1234567890123456",
  "1e400",
  "1013.27",
];

const OTHER_VALUES = [
  "null",
  "true",
  "false",
  "{}",
  "[]",
  '{"a":1}',
  "[1,2]",
  '"x"',
  '"ä"',
  "1",
  "nul",
];

const jsonValue = (role: JsonRole): fc.Arbitrary<string> => {
  switch (role) {
    case "sensor":
      return fc.oneof({ weight: 20, arbitrary: jsonString(sensor) }, fc.constantFrom("1", "null"));
    case "time":
      return fc.oneof(
        { weight: 20, arbitrary: jsonString(timestamp) },
        fc.constantFrom("1795687200", "1795687200000", "null"),
      );
    case "metric":
      return fc.oneof({ weight: 20, arbitrary: jsonString(metric) }, fc.constantFrom("1", "null"));
    case "value":
      return fc.oneof(
        { weight: 6, arbitrary: value.map((v) => (JSON_NUMBER.test(v) ? v : JSON.stringify(v))) },
        { weight: 2, arbitrary: fc.constantFrom(...JSON_NUMBERS) },
        { weight: 2, arbitrary: jsonString(value) },
        { weight: 1, arbitrary: fc.constantFrom(...OTHER_VALUES) },
      );
    case "unit":
      return fc.oneof(
        { weight: 5, arbitrary: jsonString(unit) },
        fc.constantFrom("null", "1", "true"),
      );
    default:
      return mix(
        fc.constantFrom("null", "true", "1", '"x"', "-2.5"),
        fc.constantFrom(...OTHER_VALUES),
      );
  }
};

const jsonMember = (role: JsonRole) =>
  fc
    .tuple(fc.constantFrom(...KEYS[role]), jsonValue(role), space, space, space)
    .map(
      ([key, v, s1, s2, s3]) =>
        `${s1}${key.includes("\\") ? `"${key}"` : JSON.stringify(key)}${s2}:${s3}${v}`,
    );

/** A flat record: usually the four roles a lane needs, in any order, with extras and duplicates. */
const flatRecord = fc
  .record({
    sensor: fc.option(jsonMember("sensor"), { freq: 30, nil: undefined }),
    time: fc.option(jsonMember("time"), { freq: 30, nil: undefined }),
    metric: fc.option(jsonMember("metric"), { freq: 20, nil: undefined }),
    value: fc.option(jsonMember("value"), { freq: 30, nil: undefined }),
    unit: fc.option(jsonMember("unit"), { freq: 2, nil: undefined }),
    others: fc.array(jsonMember("other"), { maxLength: 2 }),
    tricky: sometimes(jsonMember("tricky")),
    // The same role twice (`ts` and `time`, or `value` twice): the first one wins.
    duplicate: sometimes(
      fc.constantFrom<JsonRole>("sensor", "time", "metric", "value", "unit").chain(jsonMember),
    ),
    order: fc.integer(),
    before: space,
    after: space,
  })
  .map((r) => {
    const members = [
      r.sensor,
      r.time,
      r.metric,
      r.value,
      r.unit,
      ...r.others,
      r.tricky,
      r.duplicate,
    ].filter((m): m is string => m !== undefined);
    let state = r.order >>> 0;
    for (let i = members.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const j = state % (i + 1);
      [members[i], members[j]] = [members[j], members[i]];
    }
    return `${r.before}{${members.join(",")}}${r.after}`;
  });

/** An exact duplicate of one member (`{"value":1,"value":2}`): JSON.parse keeps the last. */
const duplicatedKeyRecord = fc
  .tuple(flatRecord, jsonValue("value"))
  .map(([record, v]) => record.replace(/}\s*$/, `,"value":${v}}`));

const telegrafRecord = fc
  .tuple(jsonString(sensor), jsonString(timestamp), jsonValue("value"))
  .map(
    ([s, t, v]) =>
      `{"name":"env","fields":{"temperature":${v},"humidity":40},"tags":{"host":${s}},"timestamp":${t}}`,
  );

const batchRecord = fc
  .array(flatRecord, { minLength: 0, maxLength: 3 })
  .map((records) => `{"readings":[${records.join(",")}],"gateway":"g"}`);

type NdjsonShape =
  | { kind: "record"; text: string }
  | { kind: "broken"; text: string; cut: number }
  | { kind: "blank"; text: string }
  | { kind: "invalid"; text: string; byte: number; at: number }
  | { kind: "padTo"; text: string; delta: number };

const ndjsonLine: fc.Arbitrary<NdjsonShape> = fc.oneof(
  { weight: 40, arbitrary: flatRecord.map((text) => ({ kind: "record" as const, text })) },
  { weight: 1, arbitrary: duplicatedKeyRecord.map((text) => ({ kind: "record" as const, text })) },
  { weight: 1, arbitrary: telegrafRecord.map((text) => ({ kind: "record" as const, text })) },
  { weight: 1, arbitrary: batchRecord.map((text) => ({ kind: "record" as const, text })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("[1]", '"x"', "42", "null", "{}", "[]").map((text) => ({
      kind: "record" as const,
      text,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(flatRecord, fc.nat())
      .map(([text, cut]) => ({ kind: "broken" as const, text, cut })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("", " ", "\t", "\r", "\uFEFF")
      .map((text) => ({ kind: "blank" as const, text })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("invalid" as const),
      text: flatRecord,
      byte: fc.constantFrom(0xff, 0xc3, 0x80),
      at: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("padTo" as const),
      text: flatRecord,
      delta: fc.integer({ min: -2, max: 2 }),
    }),
  },
);

function ndjsonLineBytes(line: NdjsonShape, maxLineBytes: number): Buffer {
  switch (line.kind) {
    case "record":
    case "blank":
      return Buffer.from(line.text);
    case "broken": {
      const bytes = Buffer.from(line.text);
      return bytes.subarray(0, line.cut % Math.max(1, bytes.length));
    }
    case "invalid": {
      // Inside a string token when there is one: right after a quote.
      const bytes = Buffer.from(line.text);
      const quotes: number[] = [];
      bytes.forEach((b, i) => b === 0x22 && quotes.push(i));
      const at =
        quotes.length > 0 ? quotes[line.at % quotes.length] + 1 : line.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([line.byte]), bytes.subarray(at)]);
    }
    case "padTo": {
      // Exactly maxLineBytes + delta bytes, padded in an unknown member the lanes ignore.
      const bytes = Buffer.from(line.text);
      const close = bytes.lastIndexOf("}");
      const member = ',"note":""';
      const missing = maxLineBytes + line.delta - bytes.length - member.length;
      if (close < 0 || missing < 0 || maxLineBytes > 1024) return bytes;
      return Buffer.concat([
        bytes.subarray(0, close),
        Buffer.from(`,"note":"${"x".repeat(missing)}"`),
        bytes.subarray(close),
      ]);
    }
  }
}

const ndjsonDocument = fc
  .record({
    options: documentOptions,
    ends: lineEnds,
    lines: fc.array(fc.record({ line: ndjsonLine, crlf: fc.boolean() }), {
      minLength: 1,
      maxLength: 30,
      size: "medium",
    }),
  })
  .map((doc) => {
    const maxLineBytes = doc.options.maxLineBytes ?? OPTIONS.maxLineBytes;
    const lines = doc.lines.map(({ line, crlf }) => ({
      bytes: ndjsonLineBytes(line, maxLineBytes),
      crlf,
    }));
    return { bytes: joinLines(lines, doc.ends), options: doc.options };
  });

// ---- the properties -----------------------------------------------------------------------------

/** Runs per property; FAST_LANES_RUNS=20000 hunts longer (the default keeps the file quick). */
const RUNS = Number(process.env.FAST_LANES_RUNS ?? 300);
/**
 * A property's time limit grows with its runs: about 10 ms a run alone, 50 ms on a busy 2-core
 * machine, and over 200 ms while the whole suite runs there beside other work (the two largest
 * properties took more than 60 s). It only guards against a hang; speed is the benchmark's job.
 */
const PROPERTY_TIMEOUT_MS = Math.max(240_000, RUNS * 800);

/** A generated document: its bytes and the options it is normalized with. */
interface Document {
  readonly bytes: Buffer;
  readonly options: Partial<NormalizeOptions>;
}

/** Lanes on and off agree on every document, each wrapped at random and read at two chunkings. */
async function assertLanesAgree(
  documents: fc.Arbitrary<Document>,
  identities: fc.Arbitrary<Identity>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      documents,
      identities,
      wrapping,
      chunking,
      chunking,
      async (doc, id, how, a, b) => {
        await expectSameWithAndWithoutLanes(wrapped(doc.bytes, how), id, doc.options, a, b);
      },
    ),
    { numRuns: RUNS },
  );
}

describe("fast lanes: identical output with lanes on and off", () => {
  it(
    "for generated CSV documents, however they are chunked",
    () => assertLanesAgree(csvDocument, identity(".csv")),
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "for generated NDJSON documents, however they are chunked",
    // .json: NDJSON only when the first line is a complete record (else a JSON document).
    () => assertLanesAgree(ndjsonDocument, identity(".ndjson", ".ndjson", ".jsonl", ".json")),
    PROPERTY_TIMEOUT_MS,
  );
});

/** Lines joined, with a line end after the last one too. */
const text = (lines: readonly string[], end = "\n") => Buffer.from(lines.join(end) + end);

// ---- the lanes' own number and timestamp parsing ------------------------------------------------
// Lines that are plain except for one value and one timestamp, many per document: the lanes copy
// or convert the value and check the timestamp themselves, so every spelling must come out exactly
// as JavaScript writes it, or be left to the general parser.

const digits = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

const valueText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("", "", "-", "+"),
      digits(1, 18),
      fc.option(digits(0, 23), { nil: undefined }),
    )
    .map(
      ([sign, integer, fraction]) =>
        `${sign}${integer}${fraction === undefined ? "" : `.${fraction}`}`,
    ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc
    .double({ min: -1e6, max: 1e6, noNaN: true })
    .chain((v) => fc.integer({ min: 0, max: 20 }).map((k) => v.toFixed(k))),
  fc
    .double({ min: -1e6, max: 1e6, noNaN: true })
    .chain((v) => fc.integer({ min: 1, max: 21 }).map((k) => v.toPrecision(k))),
  fc.integer().map(String),
  fc.constantFrom(...PLAIN_VALUES, ...VALUES),
  exponentValue,
  exponentValue,
);

const pad2 = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DDTHH:MM:SS[.mmm]Z` with every field anywhere in (and just outside) its range. */
const laneShapedTimestamp = fc
  .record({
    year: fc.constantFrom(2024, 2025, 2025, 2026, 2026, 2026, 2027, 2000, 1900, 100, 99),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(28, 29, 30, 31)),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    millis: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
  })
  .map(
    (t) =>
      `${String(t.year).padStart(4, "0")}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:` +
      `${pad2(t.minute)}:${pad2(t.second)}` +
      `${t.millis === undefined ? "" : `.${String(t.millis).padStart(3, "0")}`}Z`,
  );

const numbersDocument = fc
  .record({
    format: fc.constantFrom("csv", "ndjson"),
    separator: fc.constantFrom(",", ";", "\t"),
    unit: fc.constantFrom(
      "°F",
      "hPa",
      "mV",
      "km/h",
      "kW",
      "°C",
      "",
      "furlong",
      "header °F",
      "header hPa",
    ),
    wideWindow: fc.boolean(),
    rows: fc.array(
      fc.record({
        value: valueText,
        comma: fc.boolean(),
        timestamp: fc.oneof(laneShapedTimestamp, nearWindow),
        asString: fc.boolean(),
        // Gateways that end each row with an empty line, or a line of blanks.
        lineAfter: fc.constantFrom(null, null, null, "", "", "\r", " ", "\t", ";"),
      }),
      { minLength: 1, maxLength: 60, size: "medium" },
    ),
  })
  .map((d) => {
    const headerUnit = d.unit.startsWith("header ") ? d.unit.slice(7) : null;
    const unit = headerUnit === null ? d.unit : "";
    const lines: string[] = [];
    if (d.format === "csv") {
      const value = headerUnit === null ? "value" : `value (${headerUnit})`;
      lines.push(
        ["timestamp", "sensor", "metric", value, ...(headerUnit ? [] : ["unit"])].join(d.separator),
      );
      for (const r of d.rows) {
        const v = d.separator === ";" && r.comma ? r.value.replace(".", ",") : r.value;
        lines.push(
          [r.timestamp, "s1", "temperature", v, ...(headerUnit ? [] : [unit])].join(d.separator),
        );
        if (r.lineAfter !== null) lines.push(r.lineAfter);
      }
    } else
      for (const r of d.rows) {
        const v = r.asString || !JSON_NUMBER.test(r.value) ? JSON.stringify(r.value) : r.value;
        lines.push(
          `{"sensor_id":"s1","metric":"temperature","value":${v},"unit":${JSON.stringify(d.unit)},"ts":"${r.timestamp}"}`,
        );
        if (r.lineAfter !== null) lines.push(r.lineAfter);
      }
    return {
      bytes: text(lines),
      name: `values.${d.format}`,
      options: d.wideWindow ? { timestampMaxAgeDays: 36500 } : {},
    };
  });

describe("fast lanes: numbers and timestamps the lanes parse themselves", () => {
  it(
    "writes every value and timestamp exactly as the general parser does",
    async () => {
      await fc.assert(
        fc.asyncProperty(numbersDocument, chunking, async (doc, b) => {
          await expectSameWithAndWithoutLanes(doc.bytes, GW1(doc.name), doc.options, undefined, b);
        }),
        { numRuns: Math.max(100, Math.round(RUNS / 2)) },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---- the shapes gateways send ------------------------------------------------------------------
// Long runs of plain rows as real gateways print them (issue 18): fixed decimals (`21.50`), C's
// `%e` and `%g`, European CSV (`;` and a decimal comma), an empty line after each row (LF or CRLF),
// gzip input, NDJSON, and about one bad row in a hundred. The lanes take most lines here, so
// their output and the general parser's interleave at every kind of switch.

const gatewayDocument = fc
  .record({
    format: fc.constantFrom("csv", "european", "ndjson"),
    style: fc.constantFrom("fixed", "exponent", "general", "javascript"),
    precision: fc.integer({ min: 0, max: 4 }),
    upper: fc.boolean(),
    rowEnd: fc.constantFrom("\n", "\r\n", "\n\n", "\r\n\r\n"),
    unit: fc.constantFrom("°C", "hPa", "°F", "ppm"),
    gzip: fc.boolean(),
    rows: fc.array(
      fc.record({
        value: fc.oneof(fc.double({ min: -50, max: 1100, noNaN: true }), anyMagnitude),
        // About one row in a hundred is a gateway's placeholder for a failed reading.
        bad: fc.integer({ min: 0, max: 99 }).map((n) => n === 0),
      }),
      { minLength: 1, maxLength: 150 },
    ),
  })
  .map((d) => {
    const print = (v: number): string => {
      if (d.style === "fixed") return v.toFixed(d.precision);
      if (d.style === "exponent") {
        const text = cExponent(v, d.precision);
        return d.upper ? text.toUpperCase() : text;
      }
      return d.style === "general" ? cGeneral(v, d.precision + 1) : String(v);
    };
    const separator = d.format === "european" ? ";" : ",";
    const lines =
      d.format === "ndjson"
        ? []
        : [["timestamp", "sensor_id", "metric", "value", "unit"].join(separator)];
    d.rows.forEach((r, i) => {
      const ts = iso(UPLOADED_AT.getTime() - 86_400_000 + i * 1000);
      const sensor = `sensor-${i % 5}`;
      const printed = print(r.value);
      if (d.format === "ndjson") {
        const v = r.bad ? '"n/a"' : JSON_NUMBER.test(printed) ? printed : JSON.stringify(printed);
        lines.push(
          `{"sensor_id":"${sensor}","metric":"temperature","value":${v},"unit":"${d.unit}","ts":"${ts}"}`,
        );
      } else {
        const v = r.bad ? "n/a" : d.format === "european" ? printed.replace(".", ",") : printed;
        lines.push([ts, sensor, "temperature", v, d.unit].join(separator));
      }
    });
    const bytes = Buffer.from(lines.map((line) => line + d.rowEnd).join(""));
    return {
      bytes: d.gzip ? gzipSync(bytes) : bytes,
      name: `gateway.${d.format === "ndjson" ? "ndjson" : "csv"}`,
    };
  });

describe("fast lanes: the shapes gateways send", () => {
  it(
    "writes them exactly as the general parser does",
    async () => {
      await fc.assert(
        fc.asyncProperty(gatewayDocument, chunking, async (doc, b) => {
          await expectSameWithAndWithoutLanes(doc.bytes, GW1(doc.name), {}, undefined, b);
        }),
        { numRuns: Math.max(100, Math.round(RUNS / 2)) },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---- examples -----------------------------------------------------------------------------------

/** A canonical row of the object raw/gw-1/<name>, written out by hand. */
const row = (
  name: string,
  sourceLine: number,
  fields: {
    sensor_id: string;
    metric: string;
    value: number;
    unit: string | null;
    observed_at: string;
  },
) => ({ ...fields, gateway_id: "gw-1", source_key: `raw/gw-1/${name}`, source_line: sourceLine });

/** Parsed rows of an outcome's normalized output. */
function rowsOf(outcome: Outcome): unknown[] {
  const text = outcome.normalized.toString("utf8");
  return text === ""
    ? []
    : text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as unknown);
}

/** Every chunking the examples are fed with, lanes on, against lanes off in one chunk. */
const EXAMPLE_CHUNKINGS: readonly Chunking[] = [undefined, [1], [7], [64, 3], [4096]];

async function expectSameForAllChunkings(
  bytes: Buffer,
  id: Identity,
  options: Partial<NormalizeOptions> = {},
): Promise<Outcome> {
  let reference: Outcome | undefined;
  for (const b of EXAMPLE_CHUNKINGS)
    reference = await expectSameWithAndWithoutLanes(bytes, id, options, undefined, b);
  return reference as Outcome;
}

describe("fast lanes: examples (lanes on = lanes off)", () => {
  it("converts hPa and °F in a plain CSV, and the rows are right by construction", async () => {
    const name = "upload.csv";
    const bytes = text([
      "timestamp,sensor_id,metric,value,unit",
      "2026-11-26T10:00:00Z,s1,pressure,1013.25,hPa",
      "2026-11-26T10:00:01.500Z,s2,temperature,212,°F",
      "2026-11-26T10:00:02Z,s3,Temperature,21.5,°C",
      "2026-11-26T10:00:03Z,s4,relHumidity,40,%RH",
    ]);
    const expected = [
      row(name, 2, {
        sensor_id: "s1",
        metric: "pressure",
        value: 101325,
        unit: "Pa",
        observed_at: "2026-11-26T10:00:00.000Z",
      }),
      row(name, 3, {
        sensor_id: "s2",
        metric: "temperature",
        value: 100,
        unit: "Cel",
        observed_at: "2026-11-26T10:00:01.500Z",
      }),
      row(name, 4, {
        sensor_id: "s3",
        metric: "temperature",
        value: 21.5,
        unit: "Cel",
        observed_at: "2026-11-26T10:00:02.000Z",
      }),
      row(name, 5, {
        sensor_id: "s4",
        metric: "rel_humidity",
        value: 40,
        unit: "%RH",
        observed_at: "2026-11-26T10:00:03.000Z",
      }),
    ];
    const off = await expectSameForAllChunkings(bytes, GW1(name));
    expect(rowsOf(off)).toEqual(expected);
    const on = await run(bytes, GW1(name), {}, true, undefined);
    expect(rowsOf(on)).toEqual(expected);
    expect(on.counts).toMatchObject({ records: 4, accepted: 4, rejected: 0, format: "csv" });
  });

  it("reads a decimal comma in a semicolon CSV", async () => {
    const name = "komma.csv";
    const bytes = text(
      [
        "zeit;device;measurement;reading;uom",
        "2026-11-26T10:00:00Z;s1;temperature;21,5;°C",
        "2026-11-26T10:00:00Z;s1;pressure;1013,25;hPa",
        "2026-11-26T10:00:00Z;s1;voltage;-0,5;mV",
        "2026-11-26T10:00:00Z;s1;temperature;21.5;°C",
        "2026-11-26T10:00:00Z;s1;temperature;21,50;°C",
        "2026-11-26T10:00:00Z;s1;temperature;1,234,5;°C",
        "2026-11-26T10:00:00Z;s1;temperature;0,0000001;°C",
      ],
      "\r\n",
    );
    const off = await expectSameForAllChunkings(bytes, GW1(name));
    expect(rowsOf(off).map((r) => (r as { value: number }).value)).toEqual([
      21.5, 101325, -0.0005, 21.5, 21.5, 1e-7,
    ]);
    expect(off.counts).toMatchObject({ accepted: 6, rejectedByReason: { NON_NUMERIC_VALUE: 1 } });
  });

  it("writes fixed-decimal values, -0 and blank lines as the general parser does", async () => {
    const name = "fixed.csv";
    const bytes = text(
      [
        "timestamp;sensor_id;metric;value;unit",
        "2026-11-26T10:00:00Z;s1;temperature;21,50;°C",
        "",
        "2026-11-26T10:00:01Z;s1;temperature;21,00;°C",
        "",
        "2026-11-26T10:00:02Z;s1;temperature;-0,0;°C",
        "",
        "2026-11-26T10:00:03Z;s1;temperature;-0;°C",
        "2026-11-26T10:00:04Z;s1;temperature;0,000;°C",
        "2026-11-26T10:00:05Z;s1;temperature;100,0;°F",
        "2026-11-26T10:00:06Z;s1;temperature;21,;°C",
      ],
      "\r\n",
    );
    const off = await expectSameForAllChunkings(bytes, GW1(name));
    const on = await run(bytes, GW1(name), {}, true, undefined);
    for (const outcome of [off, on]) {
      const rows = rowsOf(outcome) as { value: number; source_line: number }[];
      expect(rows.map((r) => [r.source_line, r.value])).toEqual([
        [2, 21.5],
        [4, 21],
        [6, 0],
        [8, 0],
        [9, 0],
        [10, 37.77777777777778],
        [11, 21],
      ]);
      expect(outcome.normalized.toString()).toContain('"value":21.5,');
      expect(outcome.normalized.toString()).toContain('"value":0,');
    }
  });

  it("writes values with an exponent as JavaScript writes the number, in CSV and NDJSON", async () => {
    // value text → JSON text, written out by hand from ECMA-262 Number::toString.
    const cases: [string, string, number][] = [
      ["1.5e3", "1500", 1500],
      ["2.15E+01", "21.5", 21.5],
      ["1e21", "1e+21", 1e21],
      ["1e20", "100000000000000000000", 1e20],
      ["5e-7", "5e-7", 5e-7],
      ["1e-6", "0.000001", 0.000001],
      ["-0e0", "0", 0],
      ["1.000e2", "100", 100],
      ["-3.2e-4", "-0.00032", -0.00032],
      ["1e05", "100000", 100000],
      ["2.150e+01", "21.5", 21.5],
      ["1.23456789012345E+24", "1.23456789012345e+24", 1.23456789012345e24],
    ];
    const ts = (i: number) => `2026-11-26T10:00:${pad2(i)}Z`;
    const expectRows = (outcome: Outcome, name: string, firstLine: number) => {
      expect(rowsOf(outcome)).toEqual(
        cases.map(([, , v], i) =>
          row(name, firstLine + i, {
            sensor_id: "s1",
            metric: "temperature",
            value: v,
            unit: "Cel",
            observed_at: `2026-11-26T10:00:${pad2(i)}.000Z`,
          }),
        ),
      );
      const written = outcome.normalized.toString().match(/"value":[^,]*/g);
      expect(written).toEqual(cases.map(([, json]) => `"value":${json}`));
    };
    const csvName = "exponents.csv";
    const csv = text([
      "timestamp,sensor_id,metric,value,unit",
      ...cases.map(([v], i) => `${ts(i)},s1,temperature,${v},°C`),
    ]);
    const europeanName = "exponenten.csv";
    const european = text(
      [
        "timestamp;sensor_id;metric;value;unit",
        ...cases.map(([v], i) => `${ts(i)};s1;temperature;${v.replace(".", ",")};°C`),
      ],
      "\r\n",
    );
    const ndjsonName = "exponents.ndjson";
    const ndjson = text(
      cases.map(
        ([v], i) =>
          `{"sensor_id":"s1","metric":"temperature","value":${v},"unit":"°C","ts":"${ts(i)}"}`,
      ),
    );
    for (const [bytes, name, firstLine] of [
      [csv, csvName, 2],
      [european, europeanName, 2],
      [ndjson, ndjsonName, 1],
    ] as const) {
      expectRows(await expectSameForAllChunkings(bytes, GW1(name)), name, firstLine);
      expectRows(await run(bytes, GW1(name), {}, true, undefined), name, firstLine);
    }
  });

  it("converts values with an exponent, also where the lane needs the general parser's double", async () => {
    // The lane reads the double itself only while the scale is within 10^±22. 1e23 is not: it is
    // no double, and the nearest one times 100 is 9.999999999999999e+24, not 1e+25.
    const name = "exponent-units.csv";
    const bytes = text([
      "timestamp,sensor_id,metric,value,unit",
      "2026-11-26T10:00:00Z,s1,pressure,1.01325E+03,hPa",
      "2026-11-26T10:00:01Z,s1,temperature,2.12e2,°F",
      "2026-11-26T10:00:02Z,s1,pressure,1e23,hPa",
      "2026-11-26T10:00:03Z,s1,pressure,-0e0,hPa",
    ]);
    const expected = [
      [101325, "Pa"],
      [100, "Cel"],
      [9.999999999999999e24, "Pa"],
      [0, "Pa"],
    ];
    for (const outcome of [
      await expectSameForAllChunkings(bytes, GW1(name)),
      await run(bytes, GW1(name), {}, true, undefined),
    ]) {
      const rows = rowsOf(outcome) as { value: number; unit: string }[];
      expect(rows.map((r) => [r.value, r.unit])).toEqual(expected);
      expect(outcome.normalized.toString().match(/"value":[^,]*/g)).toEqual([
        '"value":101325',
        '"value":100',
        '"value":9.999999999999999e+24',
        '"value":0',
      ]);
    }
  });

  it.each(["°C", "°F", "hPa", "furlong", "µg/m³", ""])(
    "takes the unit from a `value (%s)` header when there is no unit column",
    async (headerUnit) => {
      const bytes = text([
        `ts,sensor,metric,value (${headerUnit})`,
        "2026-11-26T10:00:00Z,s1,temperature,21.5",
        "2026-11-26T10:00:00Z,s1,temperature,-40",
        '2026-11-26T10:00:00Z,"s1",temperature,0.5',
        "2026-11-26T10:00:00Z,s1,,0.5",
        "2026-11-26T10:00:00Z,s1,temperature,98.6",
      ]);
      await expectSameForAllChunkings(bytes, GW1("header-unit.csv"));
    },
  );

  it("reads NDJSON with units, and the rows are right by construction", async () => {
    const name = "units.ndjson";
    const bytes = text([
      '{"sensor_id":"s1","metric":"temperature","value":212,"unit":"°F","ts":"2026-11-26T10:00:00Z"}',
      '{"device":"s2","type":"pressure","reading":"1013.25","uom":"hPa","timestamp":"2026-11-26T10:00:00.250Z"}',
      '{ "sensor" : "s3", "metric" : "co2", "value" : 415, "unit" : null, "time" : "2026-11-26T10:00:00Z", "gateway" : "g" }',
      '{"sensor":"s4","metric":"speed","value":36,"unit":"km/h","observed_at":"2026-11-26T10:00:00Z"}',
    ]);
    const expected = [
      row(name, 1, {
        sensor_id: "s1",
        metric: "temperature",
        value: 100,
        unit: "Cel",
        observed_at: "2026-11-26T10:00:00.000Z",
      }),
      row(name, 2, {
        sensor_id: "s2",
        metric: "pressure",
        value: 101325,
        unit: "Pa",
        observed_at: "2026-11-26T10:00:00.250Z",
      }),
      row(name, 3, {
        sensor_id: "s3",
        metric: "co2",
        value: 415,
        unit: null,
        observed_at: "2026-11-26T10:00:00.000Z",
      }),
      row(name, 4, {
        sensor_id: "s4",
        metric: "speed",
        value: 10,
        unit: "m/s",
        observed_at: "2026-11-26T10:00:00.000Z",
      }),
    ];
    const off = await expectSameForAllChunkings(bytes, GW1(name));
    expect(rowsOf(off)).toEqual(expected);
    expect(rowsOf(await run(bytes, GW1(name), {}, true, undefined))).toEqual(expected);
  });

  it("mixes lane and non-lane lines (quoted and unquoted rows alternating)", async () => {
    const lines = ["timestamp,sensor_id,metric,value,unit"];
    for (let i = 0; i < 150; i++) {
      const ts = iso(UPLOADED_AT.getTime() - i * 61_000);
      lines.push(
        i % 2 === 0
          ? `${ts},s${i % 7},temperature,${(i * 0.7).toFixed(1).replace(/\.0$/, "")},°C`
          : `${ts},"s${i % 7}",temperature,${i},°F`,
      );
      if (i % 50 === 49) lines.push("", `${ts},s1,temperature,NaN,°C`, `${ts},"s1,x`, `y",m,1,`);
    }
    await expectSameForAllChunkings(text(lines, "\r\n"), GW1("mixed.csv"));
    const ndjson = Array.from({ length: 200 }, (_, i) => {
      const ts = iso(UPLOADED_AT.getTime() - i * 1001);
      // Odd lines have an escape in the sensor: the general parser reads them.
      const sensor = i % 2 === 0 ? `s${i % 7}` : `s\\u0041${i % 7}`;
      return `{"sensor_id":"${sensor}","metric":"temperature","value":${i},"unit":"°F","ts":"${ts}"}`;
    });
    await expectSameForAllChunkings(text(ndjson), GW1("mixed.ndjson"));
  });

  it("handles objects larger than the lane's 1 MiB input window", async () => {
    // ~1.7 MiB of CSV in one chunk: the lane reloads its window; a few rows it must leave to the
    // general parser (quoted, invalid UTF-8) are spread through it.
    const csv: Buffer[] = [Buffer.from("ts;sensor;metric;value;unit\n")];
    const ndjson: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const ts = iso(UPLOADED_AT.getTime() - i * 997);
      const v = `${i % 1000},${i % 9}`;
      const unit = i % 3 ? "hPa" : "°F";
      if (i % 4999 === 0) csv.push(Buffer.from(`${ts};"s${i}";pressure;${v};hPa\n`));
      else if (i % 7919 === 0)
        csv.push(
          Buffer.from(`${ts};s${i};pressure;${v};h`),
          Buffer.from([0xff]),
          Buffer.from("Pa\n"),
        );
      else
        csv.push(
          Buffer.from(
            `${ts};sensor-${i % 500};${i % 2 ? "pressure" : "Temperature"};${v};${unit}\n`,
          ),
        );
      if (i % 2 === 0)
        ndjson.push(
          `{"sensor_id":"sensor-${i % 500}","metric":"temperature","value":${v.replace(",", ".")},"unit":"${unit}","ts":"${ts}"}`,
        );
    }
    const csvBytes = Buffer.concat(csv);
    expect(csvBytes.length).toBeGreaterThan(1.5 * 1024 * 1024);
    await expectSameWithAndWithoutLanes(csvBytes, GW1("big.csv"), {}, undefined, [
      (1 << 20) + 17,
      65536,
    ]);
    const ndjsonBytes = text(ndjson);
    expect(ndjsonBytes.length).toBeGreaterThan(1.2 * 1024 * 1024);
    await expectSameWithAndWithoutLanes(ndjsonBytes, GW1("big.ndjson"), {}, undefined);
  });

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
  ])("treats lines of exactly maxLineBytes and one more alike (%s)", async (_name, end) => {
    const maxLineBytes = 200;
    const header = "timestamp,sensor_id,metric,value";
    const line = (length: number) => {
      const head = "2026-11-26T10:00:00Z,s";
      const tail = ",temperature,21.5";
      return `${head}${"x".repeat(length - head.length - tail.length)}${tail}`;
    };
    const lines = [header];
    for (const length of [199, 200, 201, 202, 200, 201, 200]) lines.push(line(length));
    const ndjsonLine = (length: number) => {
      const head = '{"sensor_id":"s1","metric":"t","value":1,"ts":"2026-11-26T10:00:00Z","note":"';
      return `${head}${"x".repeat(length - head.length - 2)}"}`;
    };
    const ndjson = [199, 200, 201, 202, 200, 201, 200].map(ndjsonLine);
    for (const b of [undefined, [1], [64], [203], [201]] as Chunking[]) {
      await expectSameWithAndWithoutLanes(
        text(lines, end),
        GW1("long.csv"),
        { maxLineBytes },
        undefined,
        b,
      );
      await expectSameWithAndWithoutLanes(
        text(ndjson, end),
        GW1("long.ndjson"),
        { maxLineBytes },
        undefined,
        b,
      );
    }
  });

  it("takes the plausible window's bounds inclusive, to the millisecond", async () => {
    const lines = ["timestamp,sensor,metric,value"];
    for (const ts of WINDOW_BOUNDS) lines.push(`${ts},s1,temperature,1`);
    const off = await expectSameForAllChunkings(text(lines), GW1("window.csv"));
    expect(off.counts).toMatchObject({
      accepted: 4,
      rejectedByReason: { IMPLAUSIBLE_TIMESTAMP: 4 },
    });
  });

  it("reads rows of 63 and 64 fields (the lanes' column limit) alike", async () => {
    // 63 columns: the widest header a CSV lane takes; rows with one more, empty, field.
    const header = ["timestamp", "sensor", "metric", "value", ...Array<string>(59).fill("note")];
    const cells = [
      "2026-11-26T10:00:00Z",
      "s1",
      "temperature",
      "21.5",
      ...Array<string>(59).fill("x"),
    ];
    const lines = [
      header.join(","),
      cells.join(","),
      `${cells.join(",")},`,
      `${cells.join(",")},,`,
    ];
    lines.push(
      ...lines
        .slice(1)
        .map((line) => line.replace("2026-11-26T10:00:00Z", "2026-11-26T10:00:01.000Z")),
    );
    await expectSameForAllChunkings(text(lines), GW1("wide.csv"));
    // A narrow header, rows with 63 and 64 separators.
    const narrow = ["timestamp,sensor,metric,value"];
    for (const extra of [59, 60, 61, 62, 63, 64])
      narrow.push(`2026-11-26T10:00:0${extra % 10}Z,s1,temperature,1${",".repeat(extra)}`);
    narrow.push("2026-11-26T10:00:00Z,s1,temperature,1");
    await expectSameForAllChunkings(text(narrow), GW1("narrow.csv"));
  });

  it("writes keys that need JSON escapes, and very long keys, alike", async () => {
    const bytes = text([
      "timestamp,sensor,metric,value",
      "2026-11-26T10:00:00Z,s1,temperature,1",
      "2026-11-26T10:00:00Z,s2,temperature,2",
    ]);
    await expectSameForAllChunkings(bytes, {
      sourceKey: 'raw/gw "7"\\x/ä\u2028\ud800.csv',
      gatewayId: 'gw "7"\\x',
    });
    // Longer than the lane's 16 KiB tail: the lane steps aside for the whole object.
    await expectSameForAllChunkings(bytes, {
      sourceKey: `raw/gw-1/${"k".repeat(20_000)}.csv`,
      gatewayId: "gw-1",
    });
  });

  it("gives up on an object whose lines it keeps leaving, with the same output", async () => {
    const lines = ["timestamp,sensor,metric,value"];
    for (let i = 0; i < 300; i++) lines.push(`2026-11-26T10:00:00Z,"s${i}",temperature,${i}`);
    for (let i = 0; i < 300; i++) lines.push(`2026-11-26T10:00:00Z,s${i},temperature,${i}`);
    await expectSameForAllChunkings(text(lines), GW1("misses.csv"));
  });

  it("reads the same Buffer object yielded twice", async () => {
    const chunk = Buffer.from(
      "2026-11-26T10:00:00Z,s1,temperature,1\n2026-11-26T10:00:00Z,s2,temperature,2\n2026-11-26T10:00:00Z,s3,",
    );
    const header = Buffer.from("timestamp,sensor,metric,value\n");
    const outcome = async (fastLanes: boolean) => {
      async function* source() {
        yield header;
        yield chunk;
        yield chunk;
        yield chunk;
      }
      const result = await normalizeToBuffers(source(), {
        ...GW1("twice.csv"),
        options: { ...OPTIONS, fastLanes },
      });
      return {
        error: null,
        counts: result.counts,
        wrote: result.wrote,
        normalized: gunzipSync(result.outputs.normalized ?? Buffer.alloc(0)),
        rejected: gunzipSync(result.outputs.rejected ?? Buffer.alloc(0)),
      };
    };
    expect(difference(await outcome(true), await outcome(false))).toBeNull();
  });
});

// ---- divergences the tests above found, kept as regression tests -----------------------------

describe("fast lanes: regressions", () => {
  // NormalizeOptions.maxLineBytes has no upper bound in the API (the Lambda's settings cap it at
  // 16 MiB). A lane once sized its WebAssembly memory from it: with Infinity, NaN or 3 GiB the
  // sizes wrapped and normalizeObject rejected with a RangeError with lanes on.
  it.each([Infinity, NaN, 3 * 2 ** 30, -1, 10.5])(
    "normalizes alike with maxLineBytes = %d",
    async (maxLineBytes) => {
      const bytes = Buffer.from(
        "timestamp,sensor,metric,value\n2026-11-26T10:00:00Z,s1,temperature,1\n",
      );
      await expectSameWithAndWithoutLanes(bytes, GW1("upload.csv"), { maxLineBytes }, undefined);
    },
  );
});

// ---- the checked-in WebAssembly -----------------------------------------------------------------

describe("fast lanes: lanes-wasm.ts", () => {
  it("is what the AssemblyScript source compiles to", () => {
    const compiled = lanesModuleText(compileLanes());
    const checkedIn = readFileSync(LANES_MODULE, "utf8");
    if (checkedIn !== compiled)
      throw new Error(
        "lambda/normalizer/lanes/lanes-wasm.ts is not what lanes/assembly/*.ts compiles to: " +
          "run `npm run build:lanes` and commit the result.",
      );
  }, 120_000);
});
