import type { Command } from "commander";
import {
  defaultSimulationStart,
  simulate,
  SIMULATE_DEFAULTS,
} from "../../local/simulator/simulate";
import { ProgressLine } from "../../local/progress";
import type { RegisterCommand } from "./index";

interface SimulateFlags {
  readonly out: string;
  readonly gateways: string;
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
    .requiredOption("--out <dir>", "directory that receives raw/<gateway>/… and simulation.json")
    .option("--gateways <n>", "number of gateways", String(SIMULATE_DEFAULTS.gateways))
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
    .action((flags: SimulateFlags) => {
      const progress = new ProgressLine("simulate");
      const summary = simulate({
        out: flags.out,
        gateways: numberOption("gateways", flags.gateways),
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
