import type { Command } from "commander";
import {
  defaultSimulationStart,
  simulate,
  SIMULATE_DEFAULTS,
} from "../../local/simulator/simulate";
import { ProgressLine } from "../../local/progress";
import { checkTopicPrefix } from "../../contract/mqtt-topic";
import { MQTT_LOCAL_DEFAULTS } from "../../local/mqtt/defaults";
import { LIVE_DEFAULTS, simulateLive } from "../../local/simulator/live";
import type { RegisterCommand } from "./command";

interface SimulateFlags {
  readonly out?: string;
  readonly mqtt?: string;
  readonly topicPrefix: string;
  readonly rate?: string;
  readonly duration: string;
  readonly gateways?: string;
  readonly sensors: string;
  readonly minutes: string;
  readonly badRate: string;
  readonly seed: string;
  readonly start?: string;
  readonly uploadEvery: string;
}

/** The number an option spells; the simulator checks its range. */
function numberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || Number.isNaN(value))
    throw new Error(`--${name} ${text} is not a number; give a number, e.g. --${name} 3.`);
  return value;
}

/** The date an option spells, to the second. */
function dateOption(text: string): Date {
  const value = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(value.getTime()))
    throw new Error(
      `--start ${text} is not a date; give an ISO-8601 time in UTC, e.g. --start 2026-01-05T08:00:00Z.`,
    );
  return value;
}

/** `sensorctl simulate --out <dir> [...]`: realistic gateway uploads, the same for the same seed. */
export const registerSimulate: RegisterCommand = (program: Command) => {
  program
    .command("simulate")
    .description(
      "Write realistic gateway uploads (CSV variants, JSON, NDJSON, SenML, gzip) under <out>/raw/<gateway>/, with duplicates, late, corrected and bad records; the same seed writes the same files",
    )
    .option("--out <dir>", "directory that receives raw/<gateway>/… and simulation.json")
    .option(
      "--mqtt <url>",
      "instead of files, publish live to this MQTT broker (e.g. mqtt://127.0.0.1:1883), one batch message per gateway every 100 ms",
    )
    .option(
      "--topic-prefix <prefix>",
      "with --mqtt, the topic prefix",
      MQTT_LOCAL_DEFAULTS.topicPrefix,
    )
    .option("--rate <readings/s>", "with --mqtt, readings per second across the fleet")
    .option("--duration <seconds>", "with --mqtt, seconds to publish for", "60")
    .option("--gateways <n>", "number of gateways (with --mqtt default 10)")
    .option("--sensors <n>", "sensors per gateway", String(SIMULATE_DEFAULTS.sensors))
    .option(
      "--minutes <n>",
      "minutes of readings (one per sensor and metric each minute)",
      String(SIMULATE_DEFAULTS.minutes),
    )
    .option("--bad-rate <r>", "share of broken records, 0 to 1", String(SIMULATE_DEFAULTS.badRate))
    .option("--seed <s>", "random seed", String(SIMULATE_DEFAULTS.seed))
    .option("--start <iso>", "first minute of readings (UTC; default: yesterday 00:00 UTC)")
    .option(
      "--upload-every <minutes>",
      "minutes of readings per upload",
      String(SIMULATE_DEFAULTS.uploadEveryMinutes),
    )
    .action(async (flags: SimulateFlags) => {
      const progress = new ProgressLine("simulate");
      if (flags.mqtt !== undefined) {
        await publishLive(flags, progress);
        return;
      }
      if (flags.out === undefined)
        throw new Error("--out <dir> is required unless --mqtt <url> is given");
      const summary = simulate({
        out: flags.out,
        gateways: numberOption("gateways", flags.gateways ?? String(SIMULATE_DEFAULTS.gateways)),
        sensors: numberOption("sensors", flags.sensors),
        minutes: numberOption("minutes", flags.minutes),
        badRate: numberOption("bad-rate", flags.badRate),
        seed: numberOption("seed", flags.seed),
        start: flags.start === undefined ? defaultSimulationStart() : dateOption(flags.start),
        uploadEveryMinutes: numberOption("upload-every", flags.uploadEvery),
        onFile: (written, total) => progress.update(`${written}/${total} uploads`),
      });
      progress.done();
      const formats = Object.entries(summary.filesByFormat)
        .map(([format, count]) => `${format}=${count}`)
        .join(" ");
      process.stdout.write(
        [
          `wrote ${summary.files} files (${summary.gzipFiles} gzip; ${formats}) under ${flags.out}/raw/`,
          `records ${summary.records}: ${summary.distinctReadings} distinct readings, ${summary.badRecords} bad, ${summary.duplicates} duplicates, ${summary.retriedUploads} retried uploads, ${summary.lateReadings} late, ${summary.corrections} corrections`,
          `ground truth: ${flags.out}/simulation.json`,
        ].join("\n") + "\n",
      );
    });
};

/** `simulate --mqtt`: the fleet live, until --duration ends or Ctrl-C. */
async function publishLive(flags: SimulateFlags, progress: ProgressLine): Promise<void> {
  const url = flags.mqtt as string;
  if (!/^mqtts?:\/\/[^/\s]+$/.test(url))
    throw new Error(`--mqtt ${url} must be a broker URL such as mqtt://127.0.0.1:1883`);
  if (flags.rate === undefined)
    throw new Error("--rate <readings/s> is required with --mqtt, e.g. --rate 1000");
  checkTopicPrefix(flags.topicPrefix, "--topic-prefix");
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  const summary = await simulateLive({
    url,
    topicPrefix: flags.topicPrefix,
    rate: numberOption("rate", flags.rate),
    durationSeconds: numberOption("duration", flags.duration),
    gateways: numberOption("gateways", flags.gateways ?? String(LIVE_DEFAULTS.gateways)),
    badRate: numberOption("bad-rate", flags.badRate),
    seed: numberOption("seed", flags.seed),
    signal: stop.signal,
    onProgress: (sent) =>
      progress.update(
        `${sent.messages} messages, ${sent.records} records in ${sent.seconds.toFixed(0)} s`,
      ),
  });
  progress.done();
  process.stdout.write(
    [
      `published ${summary.messages} messages (${summary.brokenMessages} broken) to ${flags.topicPrefix}/<gateway>/readings in ${summary.seconds.toFixed(1)} s`,
      `records ${summary.records}: ${summary.distinctReadings} distinct readings, ${summary.badRecords} bad, ${summary.duplicates} duplicates, ${summary.lateReadings} late, ${summary.corrections} corrections`,
    ].join("\n") + "\n",
  );
}
