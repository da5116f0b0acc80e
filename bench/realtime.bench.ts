/**
 * `npm run bench -- realtime`: the streaming path on this machine, broker → `local --mqtt` →
 * REPORTING, at 1,000 and 10,000 readings/s. The simulator publishes from its own process (as
 * `sensorctl simulate --mqtt` does); the bundled broker and the streaming loader run here. For each
 * offered rate: the readings/s the loader sustained in steady state, and publish → visible in
 * REPORTING latency p50/p99 over the messages that stamp a send time. Target: 10,000 readings/s
 * sustained with p99 < 5 s. A third rate, twice the target, shows the headroom.
 *
 * Sustained rate: the readings loaded ÷ the seconds the simulator published, counted only when
 * the loader kept up: everything published was loaded before Ctrl-C (3 s after publishing ended)
 * and p99 stayed under the target. A loader that falls behind leaves a backlog (loadedAfterStop)
 * and its latency grows with the run; the rate it then reports is what it loaded while publishing
 * lasted. (Per-batch estimates are skewed by the publisher's bursts: batches are cut by a timer.)
 *
 * REALTIME_BENCH_SECONDS sets how long each rate publishes (default 30); RATES=10000 runs one rate.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBroker } from "../local/mqtt/broker";
import { MQTT_LOCAL_DEFAULTS } from "../local/mqtt/defaults";
import { runMqttPipeline } from "../local/mqtt/run-mqtt";
import { pipelineSql } from "../local/pipeline/cloud-sql";
import { openPipelineDatabase } from "../local/pipeline/database";
import { report } from "./report";

const SECONDS = Number(process.env.REALTIME_BENCH_SECONDS ?? 30);
const RATES = (process.env.RATES ?? "1000,10000,20000").split(",").map(Number);
const TARGET_P99_SECONDS = 5;
const SENSORCTL = join(__dirname, "..", "bin", "sensorctl.js");

function publish(url: string, rate: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        SENSORCTL,
        "simulate",
        "--mqtt",
        url,
        "--rate",
        String(rate),
        "--duration",
        String(SECONDS),
        "--gateways",
        "20",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`simulate exited ${code}`)),
    );
  });
}

async function measure(rate: number): Promise<Record<string, unknown>> {
  const root = mkdtempSync(join(tmpdir(), "realtime-bench-"));
  const broker = await startBroker({ port: 0 });
  const database = await openPipelineDatabase(join(root, "pipeline.duckdb"));
  try {
    const stop = new AbortController();
    let subscribed: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    /** Running readings total after each batch loaded before Ctrl-C. */
    const loads: { readings: number }[] = [];
    const running = runMqttPipeline(database, {
      url: broker.url,
      topicPrefix: MQTT_LOCAL_DEFAULTS.topicPrefix,
      bucket: root,
      sql: pipelineSql(),
      bufferIntervalMs: MQTT_LOCAL_DEFAULTS.bufferIntervalSeconds * 1000,
      bufferBytes: MQTT_LOCAL_DEFAULTS.bufferSizeMb * 1024 * 1024,
      signal: stop.signal,
      onSubscribed: () => subscribed(),
      onBatch: (totals) => {
        // The load after Ctrl-C (the buffer's tail) says nothing about keeping up.
        if (!stop.signal.aborted) loads.push({ readings: totals.readings });
      },
    });
    await ready;
    const published = await publish(broker.url, rate);
    // Let the last buffer interval pass, then stop: the summary then counts everything published.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    stop.abort();
    const summary = await running;
    const seconds = Number(/ in ([\d.]+) s/.exec(published)?.[1] ?? NaN);
    const loadedBeforeStop = loads[loads.length - 1]?.readings ?? 0;
    const loadedAfterStop = summary.readings - loadedBeforeStop;
    const p99Seconds = (summary.latency?.p99Ms ?? NaN) / 1000;
    const keptUp = loadedAfterStop === 0 && p99Seconds < TARGET_P99_SECONDS;
    return {
      offeredReadingsPerSecond: rate,
      publishSeconds: SECONDS,
      published: published.trim().split("\n"),
      readingsLoaded: summary.readings,
      rejected: summary.rejected,
      batches: summary.batches,
      keptUp,
      sustainedReadingsPerSecond: Math.round(
        (keptUp ? summary.readings : loadedBeforeStop) / seconds,
      ),
      /** Readings loaded after Ctrl-C, 3 s after publishing ended: a backlog. */
      loadedAfterStop,
      latencyP50Seconds: (summary.latency?.p50Ms ?? NaN) / 1000,
      latencyP99Seconds: p99Seconds,
      latencyMaxSeconds: (summary.latency?.maxMs ?? NaN) / 1000,
      stampedMessages: summary.latency?.messages ?? 0,
    };
  } finally {
    database.close();
    await broker.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  for (const rate of RATES) results[`rate${rate}`] = await measure(rate);
  report("realtime", results);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
