/**
 * `npm run bench -- realtime`: the streaming path on this machine, broker → `local --mqtt` →
 * REPORTING, at 1,000 and 10,000 readings/s. The simulator publishes from its own process (as
 * `sensorctl simulate --mqtt` does); the bundled broker and the streaming loader run here. For each
 * rate: readings loaded per second of publishing, and publish → visible in REPORTING latency p50/p99
 * over the messages that stamp a send time. Target: 10,000 readings/s sustained with p99 < 5 s.
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
const RATES = (process.env.RATES ?? "1000,10000").split(",").map(Number);
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
    let firstLoadMs = 0;
    let lastLoadMs = 0;
    const running = runMqttPipeline(database, {
      url: broker.url,
      topicPrefix: MQTT_LOCAL_DEFAULTS.topicPrefix,
      bucket: root,
      sql: pipelineSql(),
      bufferIntervalMs: MQTT_LOCAL_DEFAULTS.bufferIntervalSeconds * 1000,
      bufferBytes: MQTT_LOCAL_DEFAULTS.bufferSizeMb * 1024 * 1024,
      signal: stop.signal,
      onSubscribed: () => subscribed(),
      onBatch: () => {
        // The load after Ctrl-C (the buffer's tail) says nothing about keeping up.
        if (stop.signal.aborted) return;
        lastLoadMs = Date.now();
        if (firstLoadMs === 0) firstLoadMs = lastLoadMs;
      },
    });
    await ready;
    const published = await publish(broker.url, rate);
    // Let the last buffer interval pass, then stop: the summary then counts everything published.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    stop.abort();
    const summary = await running;
    // From the first load to the last one before Ctrl-C, plus the one interval the first waited.
    const seconds = (lastLoadMs - firstLoadMs) / 1000 + MQTT_LOCAL_DEFAULTS.bufferIntervalSeconds;
    return {
      targetReadingsPerSecond: rate,
      publishSeconds: SECONDS,
      published: published.trim().split("\n"),
      readingsLoaded: summary.readings,
      rejected: summary.rejected,
      batches: summary.batches,
      sustainedReadingsPerSecond: Math.round(summary.readings / seconds),
      latencyP50Seconds: (summary.latency?.p50Ms ?? NaN) / 1000,
      latencyP99Seconds: (summary.latency?.p99Ms ?? NaN) / 1000,
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
