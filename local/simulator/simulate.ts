/**
 * The gateway simulator: writes realistic uploads under `<out>/raw/<gateway>/…`, the layout of the
 * landing bucket, with duplicates, late and corrected readings and a controlled share of bad
 * records. The same options (seed included) always write the same files with the same upload
 * times, recorded in `simulated-uploads.json` (see local/simulated-uploads.ts) and set as mtimes.
 */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { md5Hex, recordSimulatedUploads, type SimulatedUpload } from "../simulated-uploads";
import { BAD_RECORD_KINDS, type Emission } from "./emission";
import { buildFleet, sampleValue, type SimulatedGateway } from "./fleet";
import { encode, EXTENSION, UPLOAD_FORMATS, type UploadFormat } from "./formats";
import { SeededRandom } from "./random";

export interface SimulateOptions {
  /** Directory that receives `raw/<gateway>/…` and `simulation.json`. */
  readonly out: string;
  /** @default 3 */
  readonly gateways?: number;
  /** Sensors per gateway. @default 4 */
  readonly sensors?: number;
  /** Minutes of readings, one per sensor and metric each minute. @default 60 */
  readonly minutes?: number;
  /** Share of records that are broken, from 0 to 1. @default 0.01 */
  readonly badRate?: number;
  /** @default 1 */
  readonly seed?: number;
  /** First minute of readings. @default - yesterday 00:00 UTC ({@link defaultSimulationStart}) */
  readonly start?: Date;
  /** Each gateway uploads one file per this many minutes of readings. @default 5 */
  readonly uploadEveryMinutes?: number;
  /** Called after each file is written, for progress output. */
  readonly onFile?: (written: number, total: number) => void;
}

/** A corrected reading and the value that must win. */
export interface CorrectedReading {
  /** The sensor's gateway: sensor ids repeat across gateways (`th-01`). */
  readonly gatewayId: string;
  readonly sensorId: string;
  readonly metric: string;
  /** UTC, ISO-8601 with milliseconds, as the normalizer writes observed_at. */
  readonly observedAt: string;
  readonly value: number;
}

/** What the simulator wrote: the ground truth a local run can be checked against. */
export interface SimulationSummary {
  readonly seed: number;
  readonly files: number;
  /** Records in all files; each is either a reading or one bad record. */
  readonly records: number;
  /** Records written broken on purpose; the normalizer rejects exactly these. */
  readonly badRecords: number;
  /** Distinct (gateway_id, sensor_id, metric, observed_at) among the good records: rows CORE.READINGS must hold. */
  readonly distinctReadings: number;
  /** Readings sent again in a later upload with the same value. */
  readonly duplicates: number;
  /** Uploads sent twice under another name (a gateway retry). */
  readonly retriedUploads: number;
  /** Readings held back and sent in a later upload. */
  readonly lateReadings: number;
  /** Readings sent again later with a corrected value; the correction must win. */
  readonly corrections: number;
  /** The first corrections (at most 100), with the value CORE.READINGS must end up holding. */
  readonly correctionSamples: readonly CorrectedReading[];
  readonly filesByFormat: Readonly<Partial<Record<UploadFormat, number>>>;
  readonly gzipFiles: number;
}

/** Defaults of {@link SimulateOptions}. */
export const SIMULATE_DEFAULTS = {
  gateways: 3,
  sensors: 4,
  minutes: 60,
  badRate: 0.01,
  seed: 1,
  uploadEveryMinutes: 5,
} as const;

/**
 * The default first minute: yesterday 00:00 UTC. Relative to today, so the readings stay within
 * the normalizer's plausibility window (timestampMaxAgeDays) whenever the demo is run; a fixed date
 * would start failing a year later.
 */
export function defaultSimulationStart(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
}

const LATE_RATE = 0.02;
const MAX_LATE_UPLOADS = 15;
const DUPLICATE_RATE = 0.01;
const CORRECTION_RATE = 0.005;
const RETRY_RATE = 0.03;
const GZIP_RATE = 0.3;
const MAX_CORRECTION_SAMPLES = 100;
/** A retry follows its upload within a minute: before the gateway's next upload, however short. */
const RETRY_DELAY_MS = 20_000;

function check(name: string, value: number, rule: string, ok: boolean): void {
  if (!ok || !Number.isFinite(value))
    throw new Error(`--${name} ${value} is invalid; it must be ${rule}.`);
}

interface Counters {
  files: number;
  records: number;
  badRecords: number;
  distinctReadings: number;
  duplicates: number;
  retriedUploads: number;
  lateReadings: number;
  corrections: number;
  correctionSamples: CorrectedReading[];
  gzipFiles: number;
  filesByFormat: Partial<Record<UploadFormat, number>>;
  /** Every upload written, by key, for the record of simulated upload times. */
  uploads: Record<string, SimulatedUpload>;
}

/** Writes the uploads and `simulation.json`; returns the summary. */
export function simulate(options: SimulateOptions): SimulationSummary {
  const gateways = options.gateways ?? SIMULATE_DEFAULTS.gateways;
  const sensors = options.sensors ?? SIMULATE_DEFAULTS.sensors;
  const minutes = options.minutes ?? SIMULATE_DEFAULTS.minutes;
  const badRate = options.badRate ?? SIMULATE_DEFAULTS.badRate;
  const seed = options.seed ?? SIMULATE_DEFAULTS.seed;
  const start = options.start ?? defaultSimulationStart();
  const every = options.uploadEveryMinutes ?? SIMULATE_DEFAULTS.uploadEveryMinutes;
  check(
    "gateways",
    gateways,
    "a whole number from 1 to 999",
    Number.isInteger(gateways) && gateways >= 1 && gateways <= 999,
  );
  check(
    "sensors",
    sensors,
    "a whole number from 1 to 999",
    Number.isInteger(sensors) && sensors >= 1 && sensors <= 999,
  );
  check(
    "minutes",
    minutes,
    "a whole number of at least 1",
    Number.isInteger(minutes) && minutes >= 1,
  );
  check("bad-rate", badRate, "a share from 0 to 1", badRate >= 0 && badRate <= 1);
  check("seed", seed, "a whole number", Number.isInteger(seed));
  check(
    "upload-every",
    every,
    "a whole number of minutes of at least 1",
    Number.isInteger(every) && every >= 1,
  );
  if (Number.isNaN(start.getTime()) || start.getTime() % 60_000 !== 0)
    throw new Error(`--start must be a date on a whole minute, e.g. 2026-01-05T08:00:00Z.`);

  const random = new SeededRandom(seed);
  const fleet = buildFleet(gateways, sensors, random);
  const windows = Math.ceil(minutes / every);
  const counters: Counters = {
    files: 0,
    records: 0,
    badRecords: 0,
    distinctReadings: 0,
    duplicates: 0,
    retriedUploads: 0,
    lateReadings: 0,
    corrections: 0,
    correctionSamples: [],
    gzipFiles: 0,
    filesByFormat: {},
    uploads: {},
  };
  const total = gateways * windows;
  for (const gateway of fleet) {
    const unitOf = new Map(
      gateway.sensors
        .flatMap((sensor) => sensor.metrics)
        .map((profile) => [profile.metric, random.pick(profile.unitSpellings)] as const),
    );
    const pending: Emission[][] = Array.from({ length: windows }, () => []);
    for (let window = 0; window < windows; window++) {
      planWindow(
        gateway,
        window,
        { start, every, minutes, windows, badRate },
        unitOf,
        random,
        pending,
        counters,
      );
      const endMinute = Math.min((window + 1) * every, minutes);
      const uploadedMs = start.getTime() + endMinute * 60_000 + random.int(1, 30) * 1000;
      writeUpload(options.out, gateway.gatewayId, uploadedMs, pending[window], random, counters);
      pending[window] = [];
      options.onFile?.(counters.files, total);
    }
  }
  const { uploads, ...counts } = counters;
  recordSimulatedUploads(options.out, uploads);
  const summary: SimulationSummary = { seed, ...counts };
  writeFileSync(join(options.out, "simulation.json"), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

interface Timeline {
  readonly start: Date;
  readonly every: number;
  readonly minutes: number;
  readonly windows: number;
  readonly badRate: number;
}

/** Samples the readings of one upload window and files each into the upload that will carry it. */
function planWindow(
  gateway: SimulatedGateway,
  window: number,
  timeline: Timeline,
  unitOf: ReadonlyMap<string, string>,
  random: SeededRandom,
  pending: Emission[][],
  counters: Counters,
): void {
  const last = timeline.windows - 1;
  const later = (max: number) => Math.min(window + random.int(1, max), last);
  const firstMinute = window * timeline.every;
  const endMinute = Math.min(firstMinute + timeline.every, timeline.minutes);
  for (let minute = firstMinute; minute < endMinute; minute++) {
    for (const sensor of gateway.sensors) {
      const observedMs = timeline.start.getTime() + minute * 60_000 + sensor.secondOfMinute * 1000;
      for (const profile of sensor.metrics) {
        const reading: Emission = {
          sensorId: sensor.sensorId,
          metric: profile.metric,
          unit: unitOf.get(profile.metric) as string,
          value: sampleValue(sensor, profile, observedMs, random),
          observedMs,
        };
        if (random.chance(timeline.badRate)) {
          pending[window].push({ ...reading, bad: random.pick(BAD_RECORD_KINDS) });
          counters.badRecords++;
          counters.records++;
          continue;
        }
        counters.distinctReadings++;
        counters.records++;
        const late = window < last && random.chance(LATE_RATE);
        const home = late ? later(MAX_LATE_UPLOADS) : window;
        if (late) counters.lateReadings++;
        pending[home].push(reading);
        // A resend of the same value, in the same upload or the next one.
        let lastCopy = home;
        if (random.chance(DUPLICATE_RATE)) {
          lastCopy = Math.min(home + random.int(0, 1), last);
          pending[lastCopy].push(reading);
          counters.duplicates++;
          counters.records++;
        }
        // A correction travels in a later upload than every copy of the reading, so it must win.
        if (lastCopy < last && random.chance(CORRECTION_RATE)) {
          const target = Math.min(lastCopy + random.int(1, 6), last);
          const value = Math.round((reading.value + random.int(1, 9) / 10) * 100) / 100;
          pending[target].push({ ...reading, value });
          counters.corrections++;
          counters.records++;
          if (counters.correctionSamples.length < MAX_CORRECTION_SAMPLES)
            counters.correctionSamples.push({
              gatewayId: gateway.gatewayId,
              sensorId: reading.sensorId,
              metric: reading.metric,
              observedAt: new Date(observedMs).toISOString(),
              value,
            });
        }
      }
    }
  }
}

const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 15);

/** Writes one upload (and maybe its retry), recording its upload time and setting it as mtime. */
function writeUpload(
  out: string,
  gatewayId: string,
  uploadedMs: number,
  emissions: readonly Emission[],
  random: SeededRandom,
  counters: Counters,
): void {
  const format = random.pick(UPLOAD_FORMATS);
  const gzip = random.chance(GZIP_RATE);
  const text = encode(format, emissions, gatewayId);
  const bytes = gzip ? gzipSync(text, { level: 6 }) : Buffer.from(text, "utf8");
  const dir = join(out, "raw", gatewayId);
  mkdirSync(dir, { recursive: true });
  const name = `${gatewayId}-${compact(uploadedMs)}${EXTENSION[format]}${gzip ? ".gz" : ""}`;
  const md5 = md5Hex(bytes);
  const put = (fileName: string, atMs: number) => {
    const path = join(dir, fileName);
    writeFileSync(path, bytes);
    const at = new Date(Math.floor(atMs / 1000) * 1000);
    utimesSync(path, at, at);
    counters.uploads[`raw/${gatewayId}/${fileName}`] = { md5, uploadedAt: at.toISOString() };
    counters.files++;
    counters.filesByFormat[format] = (counters.filesByFormat[format] ?? 0) + 1;
    if (gzip) counters.gzipFiles++;
  };
  put(name, uploadedMs);
  if (random.chance(RETRY_RATE)) {
    put(`retry-${name}`, uploadedMs + RETRY_DELAY_MS);
    counters.retriedUploads++;
    counters.records += emissions.length;
    counters.badRecords += emissions.filter((e) => e.bad).length;
  }
}
