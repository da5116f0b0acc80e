/**
 * Normalizer throughput on generated data (one core, pinned with taskset where available):
 * CSV and NDJSON inputs of 100+ MB, rows/s, MB/s and peak RSS, against the floor of gzipping the
 * same canonical output at the same level. Each measurement runs in its own child process so its
 * peak RSS is its own. Inputs are generated into a temp dir and deleted afterwards.
 *
 * Every timing is the median of NORMALIZER_BENCH_RUNS runs, each in a fresh process (so each
 * pays its own start-up, as a Lambda container does for its first object). The floor gzips with
 * the normalizer's own gzip settings (output.ts gzipOptions). The same input is also normalized
 * once with the fast lanes off (the general parser alone), for comparison.
 *
 * NORMALIZER_BENCH_MB   size of the CSV and NDJSON inputs (default 128)
 * NORMALIZER_BENCH_RUNS runs per timing, median reported (default 3)
 * NORMALIZER_BENCH_1GB  set to 1 to add the 1 GB CSV case (peak RSS target < 256 MB; minutes)
 * NORMALIZER_BENCH_GZIP_LEVEL  gzip level of both the normalizer and the floor (default 1)
 * NORMALIZER_BENCH_SHAPES  set to 0 to skip the realistic shapes (normalizer-shapes.ts), which
 *                       run in one pinned child process, lanes on and off interleaved
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { normalizeObject, type NormalizeCounts } from "../lambda/normalizer";
import { gzipOptions } from "../lambda/normalizer/output";
import { measureShapes, METRICS, REFERENCE_TIME, SENSORS } from "./normalizer-shapes";
import { report } from "./report";

/** The normalizer's default level; NORMALIZER_BENCH_GZIP_LEVEL compares another (same for the floor). */
const GZIP_LEVEL = Number(process.env.NORMALIZER_BENCH_GZIP_LEVEL ?? 1);
const RUNS = Math.max(1, Number(process.env.NORMALIZER_BENCH_RUNS ?? 3));

/** Writes `bytes` of generated readings: `csv` (long layout) or `ndjson`. */
async function generate(path: string, format: "csv" | "ndjson", bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  let t = REFERENCE_TIME.getTime() - 86_400_000;
  if (format === "csv") {
    const header = "timestamp,sensor_id,metric,value,unit\n";
    out.write(header);
    written += header.length;
  }
  while (written < bytes) {
    let batch = "";
    for (let i = 0; i < 5000; i++, rows++) {
      const [metric, unit] = METRICS[rows % METRICS.length];
      const sensor = `sensor-${String(rows % SENSORS).padStart(4, "0")}`;
      const value = ((rows * 7919) % 10000) / 100;
      if (rows % SENSORS === 0) t += 1000;
      const time = new Date(t).toISOString();
      batch +=
        format === "csv"
          ? `${time},${sensor},${metric},${value},${unit}\n`
          : `{"sensor_id":"${sensor}","metric":"${metric}","value":${value},"unit":"${unit}","ts":"${time}"}\n`;
    }
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await new Promise<void>((done) => out.once("drain", () => done()));
  }
  await new Promise<void>((done) => out.end(() => done()));
  return rows;
}

/**
 * Flushes a freshly written file to disk, so the kernel's write-back of it does not land inside
 * a timed run on the same core (it made runs on new files ~40% slower).
 */
function settle(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

/** Child: normalize one file, keep the normalized output, print timings and peak RSS as JSON. */
async function child(input: string, normalizedOut: string, lanes: string): Promise<void> {
  const started = process.hrtime.bigint();
  const result = await normalizeObject(createReadStream(input, { highWaterMark: 1024 * 1024 }), {
    sourceKey: "raw/bench-gateway/readings.csv",
    gatewayId: "bench-gateway",
    options: {
      defaultTimeZone: "UTC",
      maxLineBytes: 65536,
      timestampMaxAgeDays: 365,
      timestampMaxFutureMinutes: 10,
      referenceTime: REFERENCE_TIME,
      gzipLevel: GZIP_LEVEL,
      fastLanes: lanes !== "off",
    },
    openOutput: (kind) =>
      kind === "normalized" && normalizedOut !== "-" ? createWriteStream(normalizedOut) : discard(),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    JSON.stringify({
      seconds,
      counts: result.counts,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

/** Child: gzip a file at GZIP_LEVEL into nothing; the floor any normalizer must pay. */
async function gzipChild(input: string): Promise<void> {
  const started = process.hrtime.bigint();
  await pipeline(
    createReadStream(input, { highWaterMark: 1024 * 1024 }),
    createGzip(gzipOptions(GZIP_LEVEL)),
    discard(),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
  );
}

interface ChildResult {
  seconds: number;
  counts?: NormalizeCounts;
  peakRssMb: number;
}

function runChild<T = ChildResult>(...args: string[]): T {
  const tsx = join(__dirname, "..", "node_modules", "tsx", "dist", "cli.mjs");
  const command = [process.execPath, tsx, __filename, ...args];
  const pinned = existsSync("/usr/bin/taskset")
    ? ["/usr/bin/taskset", "-c", "0", ...command]
    : command;
  const result = spawnSync(pinned[0], pinned.slice(1), { encoding: "utf8", maxBuffer: 1 << 20 });
  if (result.status !== 0)
    throw new Error(`bench child ${args.join(" ")} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The run with the median time of `RUNS` runs (peak RSS is the largest seen). */
function medianOf(run: () => ChildResult): ChildResult {
  const results = Array.from({ length: RUNS }, () => {
    const result = run();
    process.stderr.write(".");
    return result;
  }).sort((a, b) => a.seconds - b.seconds);
  const median = results[Math.floor(results.length / 2)];
  return { ...median, peakRssMb: Math.max(...results.map((result) => result.peakRssMb)) };
}

async function measure(dir: string, format: "csv" | "ndjson", megabytes: number) {
  const input = join(dir, `input.${format}`);
  const normalized = join(dir, `normalized-${format}.ndjson.gz`);
  const canonical = join(dir, `canonical-${format}.ndjson`);
  const rows = await generate(input, format, megabytes * 1024 * 1024);
  settle(input);
  const inputMb = statSync(input).size / 1024 / 1024;
  const run = medianOf(() => runChild("--normalize", input, normalized, "on"));
  await pipeline(createReadStream(normalized), createGunzip(), createWriteStream(canonical));
  settle(canonical);
  const floor = medianOf(() => runChild("--gzip", canonical));
  const general = runChild("--normalize", input, "-", "off");
  const counts = run.counts as NormalizeCounts;
  if (counts.accepted !== rows)
    throw new Error(`${format}: expected ${rows} accepted rows, got ${counts.accepted}`);
  const figures = {
    inputMb: Math.round(inputMb),
    rows,
    seconds: +run.seconds.toFixed(2),
    rowsPerSecond: Math.round(rows / run.seconds),
    mbPerSecond: +(inputMb / run.seconds).toFixed(1),
    peakRssMb: Math.round(run.peakRssMb),
    canonicalOutputMb: Math.round(statSync(canonical).size / 1024 / 1024),
    gzipFloorSeconds: +floor.seconds.toFixed(2),
    timesGzipFloor: +(run.seconds / floor.seconds).toFixed(2),
    withoutFastLanes: {
      seconds: +general.seconds.toFixed(2),
      rowsPerSecond: Math.round(rows / general.seconds),
      timesGzipFloor: +(general.seconds / floor.seconds).toFixed(2),
    },
  };
  for (const file of [input, normalized, canonical]) rmSync(file, { force: true });
  return figures;
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === "--normalize") return child(args[0], args[1], args[2]);
  if (mode === "--gzip") return gzipChild(args[0]);
  if (mode === "--shapes") {
    process.stdout.write(JSON.stringify(await measureShapes()));
    return;
  }
  const megabytes = Number(process.env.NORMALIZER_BENCH_MB ?? 128);
  const dir = mkdtempSync(join(tmpdir(), "normalizer-bench-"));
  try {
    const figures: Record<string, unknown> = {
      gzipLevel: GZIP_LEVEL,
      runsPerTiming: RUNS,
      pinnedToOneCore: existsSync("/usr/bin/taskset"),
      csv: await measure(dir, "csv", megabytes),
      ndjson: await measure(dir, "ndjson", megabytes),
    };
    if (process.env.NORMALIZER_BENCH_SHAPES !== "0")
      figures.shapes = runChild<Record<string, unknown>>("--shapes");
    if (process.env.NORMALIZER_BENCH_1GB === "1") {
      const input = join(dir, "input-1gb.csv");
      const rows = await generate(input, "csv", 1024 * 1024 * 1024);
      settle(input);
      const run = runChild("--normalize", input, "-", "on");
      figures.csv1gb = {
        rows,
        seconds: +run.seconds.toFixed(1),
        rowsPerSecond: Math.round(rows / run.seconds),
        peakRssMb: Math.round(run.peakRssMb),
      };
    }
    figures.targets = {
      csvRowsPerSecond: ">= 400000",
      timesGzipFloor: "<= 2",
      peakRssMbAt1Gb: "< 256",
      shapesOnOverOff: ">= 1 for every shape",
      fixedDecimalCsvAndNdjsonRowsPerSecond: ">= 1000000",
    };
    report("normalizer", figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
