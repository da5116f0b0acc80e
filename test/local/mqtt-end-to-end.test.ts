/**
 * The streaming path end to end, as a user runs it: `sensorctl broker` and `sensorctl local --mqtt`
 * as real processes, messages published from several gateways over MQTT, Ctrl-C to local. Every
 * good reading must then be in REPORTING under the gateway its topic named, and every broken
 * record or message must be in rejected/ with a reason.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { connectAsync } from "mqtt";
import { openPipelineDatabase } from "../../local/pipeline/database";
import { simulateLive } from "../../local/simulator/live";

const SENSORCTL = join(__dirname, "..", "..", "bin", "sensorctl.js");
const GATEWAYS = ["gw-a", "gw-b", "gw-c", "gw-d", "gw-e"];
const MESSAGES_PER_GATEWAY = 12;
const READINGS_PER_MESSAGE = 50;
const BASE_MS = Date.now() - 3_600_000;

let root: string;
const children: ChildProcess[] = [];

function start(args: string[], ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [SENSORCTL, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let seen = "";
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = ready.exec(seen);
      if (match) resolve({ child, line: match[0] });
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    child.once("exit", (code) => reject(new Error(`sensorctl ${args[0]} exited ${code}: ${seen}`)));
  });
}

/** `local --mqtt` into `root`'s database, once it has subscribed. */
function startLocal(url: string, bucket: string, bufferIntervalSeconds: string) {
  return start(
    [
      "local",
      "--mqtt",
      url,
      "--db",
      join(root, "p.duckdb"),
      "--input",
      bucket,
      "--buffer-interval",
      bufferIntervalSeconds,
    ],
    /subscribed to sensors\/local\/\+\/readings/,
  );
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/**
 * Readings of one message: distinct times and values per gateway, message and index. Sensor ids
 * carry the gateway, so they are unique fleet-wide whatever the sensor identity rule.
 */
function readingsOf(gateway: number, message: number) {
  return Array.from({ length: READINGS_PER_MESSAGE }, (_, i) => ({
    sensor: `${GATEWAYS[gateway]}-s${i % 10}`,
    observedMs: BASE_MS + (message * READINGS_PER_MESSAGE + i) * 1000,
    value: gateway * 1000 + message + i / 100,
  }));
}

/** The payload shapes gateways publish: a batch object, a SenML pack, a JSON array. */
function payloadOf(gateway: number, message: number): string {
  const readings = readingsOf(gateway, message);
  switch (message % 3) {
    case 0:
      return JSON.stringify({
        readings: readings.map((r) => ({
          sensor_id: r.sensor,
          metric: "temperature",
          value: r.value,
          unit: "Cel",
          timestamp: new Date(r.observedMs).toISOString(),
        })),
      });
    case 1:
      return JSON.stringify(
        readings.map((r) => ({
          n: `${r.sensor}:temperature`,
          u: "Cel",
          v: r.value,
          t: r.observedMs / 1000,
        })),
      );
    default:
      return JSON.stringify(
        readings.map((r) => ({
          device: r.sensor,
          type: "temperature",
          reading: r.value,
          ts: r.observedMs,
        })),
      );
  }
}

/** Broken messages, each one rejection: not JSON, cut short, empty, a bare number. */
const BROKEN = ["{not json", '{"readings": [{"sensor_id": "s1", "metric": "temp', "", "42"];
/** A batch with one good reading and one record whose value is text. */
const HALF_BAD = JSON.stringify({
  readings: [
    {
      sensor_id: "s-ok",
      metric: "temperature",
      value: 20.5,
      unit: "Cel",
      timestamp: new Date(BASE_MS).toISOString(),
    },
    {
      sensor_id: "s-bad",
      metric: "temperature",
      value: "n/a",
      unit: "Cel",
      timestamp: new Date(BASE_MS).toISOString(),
    },
  ],
});

function rejectedRows(
  bucket: string,
): { source_key: string; reason: { code: string; message: string } }[] {
  const rows: { source_key: string; reason: { code: string; message: string } }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ndjson.gz"))
        for (const line of gunzipSync(readFileSync(path)).toString().split("\n"))
          if (line !== "") rows.push(JSON.parse(line));
    }
  };
  walk(join(bucket, "rejected"));
  return rows;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "sensor-mqtt-"));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

/**
 * The scenario against the broker at `url`: local --mqtt subscribed to it (mqtt.js's default,
 * MQTT 3.1.1), gateways publishing with `protocolVersion`.
 */
async function everyReadingLoadedOrRejected(url: string, protocolVersion: 4 | 5): Promise<void> {
  // GIVEN local --mqtt subscribed to the broker
  const bucket = join(root, "bucket");
  const local = await startLocal(url, bucket, "0.2");

  // WHEN five gateways publish 3,000 readings in three shapes, plus broken messages
  const client = await connectAsync(url, { protocolVersion });
  for (let m = 0; m < MESSAGES_PER_GATEWAY; m++)
    await Promise.all(
      GATEWAYS.map((gateway, g) =>
        client.publishAsync(`sensors/local/${gateway}/readings`, payloadOf(g, m), { qos: 1 }),
      ),
    );
  for (const payload of BROKEN)
    await client.publishAsync("sensors/local/gw-b/readings", payload, { qos: 1 });
  await client.publishAsync("sensors/local/gw-c/readings", HALF_BAD, { qos: 1 });
  await client.endAsync();
  // ...and local is stopped with Ctrl-C once the broker has had time to hand it everything (a
  // publish resolves when the broker has the message, not when the subscriber does)
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const localExit = exited(local.child);
  local.child.kill("SIGINT");
  expect(await localExit).toBe(0);

  // THEN REPORTING holds every good reading, under the gateway of its topic, with its value
  const database = await openPipelineDatabase(join(root, "p.duckdb"));
  try {
    const rows = (
      await database.connection.runAndReadAll(
        "SELECT gateway_id AS gateway, sensor_id AS sensor, epoch_ms(observed_at) AS ms, value AS v FROM reporting.readings",
      )
    ).getRowObjectsJson();
    const expected = new Map<string, number>();
    GATEWAYS.forEach((gateway, g) => {
      for (let m = 0; m < MESSAGES_PER_GATEWAY; m++)
        for (const r of readingsOf(g, m))
          expected.set(`${gateway}|${r.sensor}|${r.observedMs}`, r.value);
    });
    expected.set(`gw-c|s-ok|${BASE_MS}`, 20.5);
    const actual = new Map(
      rows.map((row) => [`${row.gateway}|${row.sensor}|${row.ms}`, Number(row.v)]),
    );
    expect(actual.size).toBe(GATEWAYS.length * MESSAGES_PER_GATEWAY * READINGS_PER_MESSAGE + 1);
    expect(actual).toEqual(expected);
  } finally {
    database.close();
  }

  // ...and rejected/ holds each broken message and the bad record, each with a reason
  const rejected = rejectedRows(bucket);
  expect(rejected).toHaveLength(BROKEN.length + 1);
  expect(rejected.filter((row) => row.source_key.startsWith("stream/gw-b/"))).toHaveLength(
    BROKEN.length,
  );
  expect(rejected.find((row) => row.source_key.startsWith("stream/gw-c/"))?.reason.code).toBe(
    "NON_NUMERIC_VALUE",
  );
  for (const row of rejected)
    expect(row.reason.message.length + row.reason.code.length).toBeGreaterThan(0);
  expect(rejected.every((row) => /^[A-Z_]+$/.test(row.reason.code))).toBe(true);
}

test("every good reading published over MQTT reaches REPORTING with its gateway, every broken one is rejected with a reason", async () => {
  // GIVEN the bundled broker on a free port of 127.0.0.1
  const broker = await start(["broker", "--port", "0"], /mqtt:\/\/127\.0\.0\.1:\d+/);
  await everyReadingLoadedOrRejected(broker.line, 4);
  broker.child.kill("SIGINT");
  expect(await exited(broker.child)).toBe(0);
});

/**
 * "Works with any MQTT 3.1.1/5 broker, not only the bundled one": the same scenario through
 * Eclipse Mosquitto (Debian's `mosquitto`, which .ci/run installs), gateways on MQTT 5 and local
 * on 3.1.1. Without the binary (a laptop that never ran .ci/run) the test is skipped, never under
 * CI, where a missing broker fails it.
 */
const MOSQUITTO = "/usr/sbin/mosquitto";
(existsSync(MOSQUITTO) || process.env.CI ? test : test.skip)(
  "the same holds through Eclipse Mosquitto, with gateways on MQTT 5",
  async () => {
    expect(existsSync(MOSQUITTO)).toBe(true);
    const port = await freePort();
    // With no configuration file Mosquitto 2 listens on loopback only and allows anonymous clients.
    const mosquitto = spawn(MOSQUITTO, ["-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(mosquitto);
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      const look = (chunk: Buffer) => {
        seen += chunk.toString();
        if (/running/.test(seen)) resolve();
      };
      mosquitto.stdout?.on("data", look);
      mosquitto.stderr?.on("data", look);
      mosquitto.once("exit", (code) => reject(new Error(`mosquitto exited ${code}: ${seen}`)));
    });
    await everyReadingLoadedOrRejected(`mqtt://127.0.0.1:${port}`, 5);
    mosquitto.kill("SIGTERM");
    await exited(mosquitto);
  },
);

/** A TCP port of 127.0.0.1 nothing listens on (for a broker that cannot be told to pick one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

test("simulate --mqtt publishes a fleet whose distinct readings, corrections and rejections local --mqtt accounts for exactly", async () => {
  // GIVEN the broker and local --mqtt
  const broker = await start(["broker", "--port", "0"], /mqtt:\/\/127\.0\.0\.1:\d+/);
  const url = broker.line;
  const bucket = join(root, "bucket");
  const local = await startLocal(url, bucket, "0.5");

  // WHEN the simulator publishes 2,000 readings/s for 3 s, with bad records and broken messages
  const sent = await simulateLive({
    url,
    topicPrefix: "sensors/local",
    rate: 2000,
    durationSeconds: 3,
    gateways: 4,
    badRate: 0.02,
    brokenMessageRate: 0.05,
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const localExit = exited(local.child);
  local.child.kill("SIGINT");
  expect(await localExit).toBe(0);

  // THEN REPORTING holds each distinct reading once, every correction's value won...
  const database = await openPipelineDatabase(join(root, "p.duckdb"));
  try {
    const count = await database.connection.runAndReadAll(
      "SELECT count(*) FROM reporting.readings",
    );
    expect(Number(count.getRows()[0][0])).toBe(sent.distinctReadings);
    for (const correction of sent.correctionSamples) {
      const value = await database.connection.runAndReadAll(
        `SELECT value FROM core.readings WHERE gateway_id = '${correction.gatewayId}' AND sensor_id = '${correction.sensorId}' AND metric = '${correction.metric}' AND observed_at = TIMESTAMP '${correction.observedAt}'`,
      );
      expect(Number(value.getRows()[0][0])).toBe(correction.value);
    }
  } finally {
    database.close();
  }
  // ...and every bad record and broken message was rejected
  expect(sent.brokenMessages).toBeGreaterThan(0);
  expect(rejectedRows(bucket)).toHaveLength(sent.badRecords + sent.brokenMessages);

  broker.child.kill("SIGINT");
  await exited(broker.child);
});
