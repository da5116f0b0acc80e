import type { Command } from "commander";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { ProgressLine } from "../../local/progress";
import { pipelineSql } from "../../local/pipeline/cloud-sql";
import { printQueryResults } from "../../local/pipeline/query";
import { rebuildModel } from "../../local/pipeline/rebuild";
import { runLocalPipeline, type LocalRunOptions } from "../../local/pipeline/run";
import { formatSummary } from "../../local/pipeline/summary";
import { watchLocalPipeline } from "../../local/pipeline/watch";
import type { RegisterCommand } from "./index";
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
}

/** `sensorctl local --input <dir> --db <file.duckdb> [--watch]`, or `--query <sql>` on the result. */
export const registerLocal: RegisterCommand = (program: Command) => {
  program
    .command("local")
    .description(
      "Run the whole pipeline on this machine: normalize <input>/raw/ with the Lambda's code, load like Snowpipe into DuckDB, run the task's SQL and create the REPORTING views",
    )
    .option("--input <dir>", "local bucket: reads raw/, writes normalized/ and rejected/")
    .requiredOption(
      "--db <file>",
      "DuckDB database file; a run with --input creates it if missing (and says so), --query never does",
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
      "--rebuild",
      "first drop the CORE tables and REPORTING views and merge every landing row again (after a change to sql/)",
    )
    .action(async (flags: LocalFlags) => {
      const { input, query } = flags;
      if (query === undefined) {
        if (input === undefined)
          throw new Error("--input <dir> is required unless --query is given");
        checkInputBucket(input, flags.watch === true);
      }
      const interval = Number(flags.interval);
      if (!(interval > 0))
        throw new Error(`--interval ${flags.interval} must be a positive number of seconds`);
      const workers = Number(flags.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64)
        throw new Error(`--workers ${flags.workers} must be a whole number from 0 to 64`);
      const database = await openDatabaseOption(
        flags.db,
        flags.memoryLimit,
        query === undefined,
        (line) => process.stderr.write(`${line}\n`),
      );
      try {
        if (query !== undefined || input === undefined) {
          await printQueryResults(database, query ?? "", (text) => process.stdout.write(text));
          return;
        }
        if (flags.rebuild) await rebuildModel(database);
        const progress = new ProgressLine("local");
        const options: LocalRunOptions = {
          input: resolve(input),
          sql: pipelineSql(),
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
