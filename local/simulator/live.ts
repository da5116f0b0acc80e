/**
 * `sensorctl simulate --mqtt`: the simulator's fleet publishing live to an MQTT broker, one message
 * per gateway every tick holding that gateway's readings (a batch, as docs/gateways.md recommends),
 * in the payload shapes gateways use (a `readings` object, a JSON array, SenML, NDJSON), with
 * duplicates, late and corrected readings, bad records and whole broken messages. Batch objects
 * start with `"sent_at"`, the publish time, which `local --mqtt` turns into latency figures.
 *
 * Each sensor and metric is sampled at most once every two seconds and stamped with the whole
 * second, so every payload shape (some carry seconds only) gives the same reading identity.
 */
import { connectAsync } from "mqtt";
import { readingsTopic } from "../../contract/mqtt-topic";
import type { BadRecordKind, Emission } from "./emission";
import { BAD_RECORD_KINDS } from "./emission";
import { buildFleet, sampleValue, type MetricProfile, type SimulatedSensor } from "./fleet";
import { encode, type UploadFormat } from "./formats";
import { SeededRandom } from "./random";
import type { CorrectedReading } from "./simulate";

export interface LiveSimulateOptions {
  /** `mqtt://host:port`. */
  readonly url: string;
  readonly topicPrefix: string;
  /** Readings per second across the fleet. */
  readonly rate: number;
  /** Seconds to publish for. */
  readonly durationSeconds: number;
  /** @default 10 */
  readonly gateways?: number;
  /** Share of records that are broken, from 0 to 1. @default 0.01 */
  readonly badRate?: number;
  /** Share of messages that are broken whole (not JSON, cut short, empty). @default 0.01 */
  readonly brokenMessageRate?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Stops early. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (sent: LiveSimulationSummary) => void;
}

/** What was published: the ground truth for REPORTING and the rejections. */
export interface LiveSimulationSummary {
  readonly messages: number;
  readonly brokenMessages: number;
  /** Records in well-formed messages; each is a reading or one bad record. */
  readonly records: number;
  readonly badRecords: number;
  /** Distinct (sensor_id, metric, observed_at) among the good records. */
  readonly distinctReadings: number;
  readonly duplicates: number;
  readonly lateReadings: number;
  readonly corrections: number;
  readonly correctionSamples: readonly CorrectedReading[];
  readonly seconds: number;
}

export const LIVE_DEFAULTS = {
  gateways: 10,
  badRate: 0.01,
  brokenMessageRate: 0.01,
  seed: 1,
} as const;

const TICK_MS = 100;
const MAX_SENSORS = 999;
const LATE_RATE = 0.02;
const DUPLICATE_RATE = 0.01;
const CORRECTION_RATE = 0.005;
const MAX_CORRECTION_SAMPLES = 100;
/** Shapes of well-formed messages; batch objects (`json`) carry the send time. */
const SHAPES: readonly UploadFormat[] = [
  "json",
  "json",
  "json",
  "json",
  "json",
  "json",
  "json",
  "json-array",
  "senml",
  "ndjson",
];
/**
 * Broken whole messages, each exactly one rejection and no reading: empty, cut short inside its
 * first record (a cut after complete records would load those, as the normalizer streams), binary
 * noise, a bare number.
 */
const BROKEN_PAYLOADS: readonly ((gatewayId: string) => string)[] = [
  () => "",
  (gatewayId) => `{"readings": [{"sensor_id": "${gatewayId}-s001", "metric": "temperature", "val`,
  () => "\u0000\u0001 not a reading",
  () => "42",
];

interface Pair {
  readonly sensor: SimulatedSensor;
  readonly profile: MetricProfile;
  readonly unit: string;
}

function check(name: string, ok: boolean, rule: string, value: unknown): void {
  if (!ok) throw new Error(`--${name} ${String(value)} is invalid; it must be ${rule}.`);
}

/** Publishes for `durationSeconds` (or until aborted); resolves when every message is acknowledged. */
export async function simulateLive(options: LiveSimulateOptions): Promise<LiveSimulationSummary> {
  const gateways = options.gateways ?? LIVE_DEFAULTS.gateways;
  const badRate = options.badRate ?? LIVE_DEFAULTS.badRate;
  const brokenRate = options.brokenMessageRate ?? LIVE_DEFAULTS.brokenMessageRate;
  const seed = options.seed ?? LIVE_DEFAULTS.seed;
  check(
    "rate",
    options.rate > 0 && options.rate <= 100_000,
    "from 1 to 100000 readings/s",
    options.rate,
  );
  check(
    "duration",
    options.durationSeconds > 0,
    "a positive number of seconds",
    options.durationSeconds,
  );
  check(
    "gateways",
    Number.isInteger(gateways) && gateways >= 1 && gateways <= 999,
    "a whole number from 1 to 999",
    gateways,
  );
  check("bad-rate", badRate >= 0 && badRate <= 1, "a share from 0 to 1", badRate);
  // Every pair sampled at most once per two seconds: at least 2 × rate / gateways pairs each.
  const pairsNeeded = (2 * options.rate) / gateways;
  let sensorsPerGateway = Math.max(1, Math.floor(options.rate / gateways));
  let fleet = buildFleet(gateways, sensorsPerGateway, new SeededRandom(seed));
  while (Math.min(...fleet.map((g) => g.sensors.flatMap((s) => s.metrics).length)) < pairsNeeded) {
    sensorsPerGateway++;
    if (sensorsPerGateway > MAX_SENSORS)
      throw new Error(
        `--rate ${options.rate} needs more than ${MAX_SENSORS} sensors per gateway with ${gateways} gateways; raise --gateways to at least ${Math.ceil(options.rate / MAX_SENSORS)}`,
      );
    fleet = buildFleet(gateways, sensorsPerGateway, new SeededRandom(seed));
  }
  const random = new SeededRandom(seed + 1);
  const pairsOf = fleet.map((gateway) =>
    gateway.sensors.flatMap((sensor) =>
      sensor.metrics.map((profile) => ({
        sensor,
        profile,
        unit: random.pick(profile.unitSpellings),
      })),
    ),
  );
  const cursors = fleet.map(() => 0);
  const held: Emission[][] = fleet.map(() => []);
  const summary = {
    messages: 0,
    brokenMessages: 0,
    records: 0,
    badRecords: 0,
    distinctReadings: 0,
    duplicates: 0,
    lateReadings: 0,
    corrections: 0,
    correctionSamples: [] as CorrectedReading[],
    seconds: 0,
  };
  const client = await connectAsync(options.url, {
    clientId: `sensorctl-simulate-${process.pid}-${Date.now().toString(36)}`,
    clean: true,
  });
  const started = Date.now();
  const total = Math.floor(options.rate * options.durationSeconds);
  let planned = 0;
  let gatewayTurn = 0;
  try {
    while (!options.signal?.aborted) {
      const elapsed = Date.now() - started;
      if (elapsed >= options.durationSeconds * 1000) break;
      // Readings due by the end of this tick, so the rate holds however long a tick took.
      const due = Math.min(total, Math.floor((options.rate * (elapsed + TICK_MS)) / 1000));
      const perGateway: Emission[][] = fleet.map((_, g) => held[g].splice(0));
      const secondMs = Math.floor(Date.now() / 1000) * 1000;
      for (; planned < due; planned++) {
        const g = gatewayTurn++ % fleet.length;
        const pairs = pairsOf[g];
        const pair: Pair = pairs[cursors[g]++ % pairs.length];
        const reading: Emission = {
          sensorId: pair.sensor.sensorId,
          metric: pair.profile.metric,
          unit: pair.unit,
          value: sampleValue(pair.sensor, pair.profile, secondMs, random),
          observedMs: secondMs,
        };
        summary.records++;
        if (random.chance(badRate)) {
          perGateway[g].push({ ...reading, bad: random.pick<BadRecordKind>(BAD_RECORD_KINDS) });
          summary.badRecords++;
          continue;
        }
        summary.distinctReadings++;
        if (random.chance(LATE_RATE)) {
          held[g].push(reading);
          summary.lateReadings++;
        } else perGateway[g].push(reading);
        if (random.chance(DUPLICATE_RATE)) {
          held[g].push(reading);
          summary.duplicates++;
          summary.records++;
        }
        if (random.chance(CORRECTION_RATE)) {
          const value = Math.round((reading.value + random.int(1, 9) / 10) * 100) / 100;
          // Held for the next tick: after every copy of the reading, so the correction wins.
          held[g].push({ ...reading, value });
          summary.corrections++;
          summary.records++;
          if (summary.correctionSamples.length < MAX_CORRECTION_SAMPLES)
            summary.correctionSamples.push({
              gatewayId: fleet[g].gatewayId,
              sensorId: reading.sensorId,
              metric: reading.metric,
              observedAt: new Date(secondMs).toISOString(),
              value,
            });
        }
      }
      const sends: Promise<unknown>[] = [];
      for (const [g, emissions] of perGateway.entries()) {
        if (emissions.length === 0) continue;
        const topic = readingsTopic(options.topicPrefix, fleet[g].gatewayId);
        sends.push(
          client.publishAsync(topic, payloadOf(random, emissions, fleet[g].gatewayId), { qos: 1 }),
        );
        summary.messages++;
        if (random.chance(brokenRate)) {
          const broken = random.pick(BROKEN_PAYLOADS)(fleet[g].gatewayId);
          sends.push(client.publishAsync(topic, broken, { qos: 1 }));
          summary.messages++;
          summary.brokenMessages++;
        }
      }
      await Promise.all(sends);
      options.onProgress?.({ ...summary, seconds: (Date.now() - started) / 1000 });
      const next = TICK_MS - ((Date.now() - started) % TICK_MS);
      await new Promise((resolve) => setTimeout(resolve, next));
    }
    // Readings still held back go out last, so late, duplicate and corrected ones all arrive.
    const sends: Promise<unknown>[] = [];
    for (const [g, emissions] of held.entries()) {
      if (emissions.length === 0) continue;
      const topic = readingsTopic(options.topicPrefix, fleet[g].gatewayId);
      sends.push(
        client.publishAsync(topic, payloadOf(random, emissions, fleet[g].gatewayId), { qos: 1 }),
      );
      summary.messages++;
    }
    await Promise.all(sends);
  } finally {
    await client.endAsync();
  }
  return { ...summary, seconds: (Date.now() - started) / 1000 };
}

/**
 * A SenML pack in RFC 8428's own form: the sensor as the base name and the metric as the name, so
 * the normalizer reads the same sensor and metric as from the other shapes (without a base name,
 * the whole name is the sensor).
 */
function senmlPack(emissions: readonly Emission[]): string {
  return JSON.stringify(
    emissions.map((e) => {
      const base = { bn: `${e.sensorId}:`, n: e.metric, u: e.unit, t: e.observedMs / 1000 };
      return e.bad ? { ...base, vs: "n/a" } : { ...base, v: e.value };
    }),
  );
}

/** One message's payload; a `readings` batch object starts with its send time. */
function payloadOf(
  random: SeededRandom,
  emissions: readonly Emission[],
  gatewayId: string,
): string {
  const shape = random.pick(SHAPES);
  if (shape === "senml") return senmlPack(emissions);
  const text = encode(shape, emissions, gatewayId);
  if (shape !== "json") return text;
  return `{"sent_at":"${new Date().toISOString()}",${text.slice(1)}`;
}
