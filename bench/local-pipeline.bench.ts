/**
 * `npm run bench -- local-pipeline`: the whole local data path on at least 5 million records, from
 * raw gateway files to REPORTING views (normalize, load, stream, task transaction), in one process.
 * The simulator's time is reported apart: it prepares the input and is not part of the pipeline.
 * Peak memory is the process's maximum RSS, DuckDB included (it runs in-process).
 *
 * LOCAL_BENCH_MINUTES changes the size (2400 minutes ≈ 5.3 M records).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { pipelineSql } from "../local/pipeline/cloud-sql";
import { openPipelineDatabase } from "../local/pipeline/database";
import { runLocalPipeline, type Stage } from "../local/pipeline/run";
import { simulate } from "../local/simulator/simulate";
import { report } from "./report";

const MINUTES = Number(process.env.LOCAL_BENCH_MINUTES ?? 2400);
const MIN_RECORDS = 5_000_000;
/** LOCAL_BENCH_MEMORY_LIMIT (e.g. 1GB) caps DuckDB's memory, as `sensorctl local --memory-limit`. */
const MEMORY_LIMIT = process.env.LOCAL_BENCH_MEMORY_LIMIT;
/** As `sensorctl local` defaults: one normalizing thread per core, at most 4. */
const WORKERS = Math.min(availableParallelism(), 4);

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "local-pipeline-bench-"));
  try {
    const input = join(root, "bucket");
    const simulateStarted = Date.now();
    const simulation = simulate({
      out: input,
      gateways: 40,
      sensors: 25,
      minutes: MINUTES,
      uploadEveryMinutes: 60,
      seed: 42,
    });
    const simulateSeconds = (Date.now() - simulateStarted) / 1000;
    if (MINUTES >= 2400 && simulation.records < MIN_RECORDS)
      throw new Error(`the benchmark input has ${simulation.records} records, fewer than 5 M`);

    const database = await openPipelineDatabase(join(root, "pipeline.duckdb"), MEMORY_LIMIT);
    const stageEnds: Partial<Record<Stage, number>> = {};
    const started = Date.now();
    const summary = await runLocalPipeline(database, {
      input,
      sql: pipelineSql(),
      normalizeWorkers: WORKERS,
      onProgress: (stage) => (stageEnds[stage] = Date.now()),
    });
    const seconds = (Date.now() - started) / 1000;
    const rerunStarted = Date.now();
    const rerun = await runLocalPipeline(database, { input, sql: pipelineSql() });
    const rerunSeconds = (Date.now() - rerunStarted) / 1000;
    database.close();
    if (rerun.normalize.objects + rerun.load.files !== 0 || rerun.task.ran)
      throw new Error("the second run over the same input was not a no-op");

    const normalizeEnd = stageEnds.normalize ?? started;
    const loadEnd = stageEnds.load ?? normalizeEnd;
    report("local-pipeline", {
      rawFiles: summary.rawFiles,
      records: summary.normalize.records,
      rowsLoaded: summary.load.rows,
      rowsRejected: summary.normalize.rejected,
      rowsMerged: summary.task.rowsChanged,
      statementSeconds: summary.task.seconds,
      endToEndSeconds: seconds,
      recordsPerSecond: Math.round(summary.normalize.records / seconds),
      stageSeconds: {
        normalize: (normalizeEnd - started) / 1000,
        load: (loadEnd - normalizeEnd) / 1000,
        streamAndTask: (started + summary.durationMs - loadEnd) / 1000,
      },
      normalizeWorkers: WORKERS,
      duckdbMemoryLimit: MEMORY_LIMIT ?? "DuckDB default (80% of RAM)",
      noOpRerunSeconds: rerunSeconds,
      simulateSeconds,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cores: availableParallelism(),
      node: process.version,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`local-pipeline bench failed: ${String(error)}\n`);
  process.exit(1);
});
