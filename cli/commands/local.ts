import type { Command } from "commander";
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkTopicPrefix } from "../../contract/mqtt-topic";
import { ProgressLine } from "../../local/progress";
import { pipelineSql } from "../../local/pipeline/cloud-sql";
import type { PipelineDatabase } from "../../local/pipeline/database";
import { printQueryResults } from "../../local/pipeline/query";
import { rebuildModel } from "../../local/pipeline/rebuild";
import { runLocalPipeline, type LocalRunOptions } from "../../local/pipeline/run";
import { formatSummary } from "../../local/pipeline/summary";
import { MQTT_LOCAL_DEFAULTS } from "../../local/mqtt/defaults";
import { formatMqttTotals } from "../../local/mqtt/format";
import { runMqttPipeline } from "../../local/mqtt/run-mqtt";
import { watchLocalPipeline } from "../../local/pipeline/watch";
import { SENSOR_IDENTITIES, type SensorIdentity } from "../../sql/sensor-identity";
import type { RegisterCommand } from "./command";
import { checkInputBucket, openDatabaseOption } from "./local-options";

/** One normalizing thread per core, at most 4: beyond that, DuckDB and disk share the machine. */
function defaultWorkers(): number {
  return Math.min(availableParallelism(), 4);
}

interface LocalFlags {
  readonly input?: string;
  readonly db: string;
  readonly watch?: boolean;
  readonly interval: string;
  readonly query?: string;
  readonly workers: string;
  readonly memoryLimit?: string;
  readonly rebuild?: boolean;
  readonly sensorIdentity: string;
  readonly mqtt?: string;
  readonly topicPrefix: string;
  readonly bufferInterval: string;
  readonly bufferSize: string;
}

/** `sensorctl local --input <dir> --db <file.duckdb> [--watch]`, or `--query <sql>` on the result. */
export const registerLocal: RegisterCommand = (program: Command) => {
  program
    .command("local")
    .description(
      "Run the whole pipeline on this machine: normalize <input>/raw/ with the Lambda's code, load like Snowpipe into DuckDB, run the task's SQL and create the REPORTING views",
    )
    .option(
      "--input <dir>",
      "local bucket: reads raw/, writes normalized/ and rejected/ (with --mqtt: where rejected/ goes, default the database's directory)",
    )
    .requiredOption(
      "--db <file>",
      "DuckDB database file; a run with --input or --mqtt creates it if missing (and says so), --query never does",
    )
    .option("--watch", "keep running and pick up files added to raw/ later")
    .option("--interval <seconds>", "with --watch, seconds between looks at raw/", "2")
    .option(
      "--query <sql>",
      "run SQL on the database (statements separated by ;) and print each result",
    )
    .option("--workers <n>", "worker threads that normalize raw files", String(defaultWorkers()))
    .option("--memory-limit <size>", "cap DuckDB's memory, e.g. 1GB (default: 80% of RAM)")
    .option(
      "--sensor-identity <identity>",
      `what identifies a sensor, as the environment's snowflake.transformation.sensorIdentity: ${SENSOR_IDENTITIES.join(" or ")} (change it with --rebuild)`,
      "gateway",
    )
    .option(
      "--rebuild",
      "first drop the CORE tables and REPORTING views and merge every landing row again (after a change to sql/)",
    )
    .option(
      "--mqtt <url>",
      "also stream: subscribe to <topic-prefix>/+/readings on this MQTT broker (e.g. mqtt://127.0.0.1:1883) until Ctrl-C",
    )
    .option(
      "--topic-prefix <prefix>",
      "with --mqtt, the topic prefix",
      MQTT_LOCAL_DEFAULTS.topicPrefix,
    )
    .option(
      "--buffer-interval <seconds>",
      "with --mqtt, longest a message waits before its batch is loaded (Firehose's buffering interval)",
      String(MQTT_LOCAL_DEFAULTS.bufferIntervalSeconds),
    )
    .option(
      "--buffer-size <MB>",
      "with --mqtt, payload megabytes that load a batch at once (Firehose's buffering size)",
      String(MQTT_LOCAL_DEFAULTS.bufferSizeMb),
    )
    .action(async (flags: LocalFlags) => {
      const { input, query } = flags;
      const streaming = flags.mqtt !== undefined;
      if (query === undefined && !streaming) {
        if (input === undefined)
          throw new Error("--input <dir> is required unless --query or --mqtt is given");
        checkInputBucket(input, flags.watch === true);
      }
      const interval = Number(flags.interval);
      if (!(interval > 0))
        throw new Error(`--interval ${flags.interval} must be a positive number of seconds`);
      const workers = Number(flags.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64)
        throw new Error(`--workers ${flags.workers} must be a whole number from 0 to 64`);
      if (!(SENSOR_IDENTITIES as readonly string[]).includes(flags.sensorIdentity))
        throw new Error(
          `--sensor-identity ${flags.sensorIdentity} is not an identity.\n  Fix: give ${SENSOR_IDENTITIES.join(" or ")}, as the environment's snowflake.transformation.sensorIdentity.`,
        );
      const database = await openDatabaseOption(
        flags.db,
        flags.memoryLimit,
        query === undefined,
        (line) => process.stderr.write(`${line}\n`),
      );
      try {
        if (query === undefined && streaming) {
          await streamFromMqtt(database, flags);
          return;
        }
        if (query !== undefined || input === undefined) {
          await printQueryResults(database, query ?? "", (text) => process.stdout.write(text));
          return;
        }
        if (flags.rebuild) await rebuildModel(database);
        const progress = new ProgressLine("local");
        const options: LocalRunOptions = {
          input: resolve(input),
          sql: pipelineSql(flags.sensorIdentity as SensorIdentity),
          normalizeWorkers: workers,
          onProgress: (stage, done, total) => progress.update(`${stage} ${done}/${total} files`),
        };
        if (!flags.watch) {
          const summary = await runLocalPipeline(database, options);
          progress.done();
          process.stdout.write(formatSummary(summary));
          return;
        }
        const stop = new AbortController();
        process.once("SIGINT", () => stop.abort());
        process.stderr.write(`watching ${options.input}/raw/ (Ctrl-C to stop)\n`);
        await watchLocalPipeline(database, {
          ...options,
          intervalMs: interval * 1000,
          signal: stop.signal,
          onRun: (summary) => {
            progress.done();
            process.stdout.write(`${new Date().toISOString()}\n${formatSummary(summary)}`);
          },
        });
      } finally {
        database.close();
      }
    });
};

/** A positive number option, or an error naming it. */
function positive(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !(value > 0))
    throw new Error(`--${name} ${text} must be a positive number, e.g. --${name} 1`);
  return value;
}

/** `local --mqtt`: files first when --input is given, then the stream until Ctrl-C. */
async function streamFromMqtt(database: PipelineDatabase, flags: LocalFlags): Promise<void> {
  const url = flags.mqtt as string;
  if (!/^mqtts?:\/\/[^/\s]+$/.test(url))
    throw new Error(`--mqtt ${url} must be a broker URL such as mqtt://127.0.0.1:1883`);
  checkTopicPrefix(flags.topicPrefix, "--topic-prefix");
  const bufferIntervalMs = positive("buffer-interval", flags.bufferInterval) * 1000;
  const bufferBytes = positive("buffer-size", flags.bufferSize) * 1024 * 1024;
  if (flags.rebuild) await rebuildModel(database);
  const sql = pipelineSql(flags.sensorIdentity as SensorIdentity);
  if (flags.input !== undefined && existsSync(join(flags.input, "raw"))) {
    const summary = await runLocalPipeline(database, { input: resolve(flags.input), sql });
    process.stdout.write(formatSummary(summary));
  }
  const progress = new ProgressLine("local --mqtt");
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  const summary = await runMqttPipeline(database, {
    url,
    topicPrefix: flags.topicPrefix,
    bucket: resolve(flags.input ?? dirname(resolve(flags.db))),
    sql,
    bufferIntervalMs,
    bufferBytes,
    signal: stop.signal,
    onSubscribed: () =>
      process.stderr.write(
        `subscribed to ${flags.topicPrefix}/+/readings on ${url} (Ctrl-C to stop)\n`,
      ),
    onBatch: (totals) => progress.update(formatMqttTotals(totals).replace(/\n/g, "; ")),
  });
  progress.done();
  process.stdout.write(formatMqttTotals(summary));
}
