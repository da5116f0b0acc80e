/**
 * One run of the local pipeline: raw files → normalizer → normalized/ → landing table → stream →
 * task transaction → CORE tables, under REPORTING views. Each stage remembers what it has done, so
 * a second run on the same input changes nothing.
 */
import type { SensorIdentity } from "../../sql/sensor-identity";
import { sqlString, type PipelineDatabase } from "./database";
import { listBucketFiles, type BucketFile } from "./files";
import { runHealthLoadStage, type HealthLoadResult } from "./health-load-stage";
import { runLoadStage, type LoadStageResult } from "./load-stage";
import { runNormalizeStage, type NormalizeStageResult } from "./normalize-stage";
import { runTaskStage, type TaskStageResult, type TaskStatement } from "./task-stage";

/** The SQL of the cloud side, as DuckDB runs it. */
export interface PipelineSql {
  /** CORE tables and REPORTING views; each statement must be safe to run again. */
  readonly setup: readonly TaskStatement[];
  /** The task's statements, in transaction order. */
  readonly task: readonly TaskStatement[];
  /** What identifies a sensor in the CORE tables these statements build. */
  readonly sensorIdentity: SensorIdentity;
}

export type Stage = "normalize" | "load";

export interface LocalRunOptions {
  /** The local bucket: `raw/` in, `normalized/` and `rejected/` out. */
  readonly input: string;
  readonly sql: PipelineSql;
  /** Restricts the run to these raw files (watch mode passes the files that stopped changing). */
  readonly rawFilter?: (file: BucketFile) => boolean;
  readonly onProgress?: (stage: Stage, done: number, total: number) => void;
  /**
   * Worker threads that normalize raw files in parallel; 0 normalizes on the main thread.
   * @default 0
   */
  readonly normalizeWorkers?: number;
}

export interface LocalRunSummary {
  readonly rawFiles: number;
  readonly normalize: NormalizeStageResult;
  readonly load: LoadStageResult;
  /** The rejected/ and ledger/ files loaded by the health pipes. */
  readonly healthLoad: HealthLoadResult;
  readonly task: TaskStageResult;
  readonly durationMs: number;
}

/**
 * Refuses to merge with another sensor identity than the CORE tables were built with: their keys
 * would mix `gateway/sensor` and `sensor`, and readings would be duplicated, not moved.
 */
async function checkSensorIdentity(database: PipelineDatabase, wanted: SensorIdentity) {
  const result = await database.connection.runAndReadAll(
    "SELECT value FROM local_state.model_settings WHERE name = 'sensor_identity'",
  );
  const built = result.getRows()[0]?.[0];
  if (built === undefined) {
    await database.connection.run(
      `INSERT INTO local_state.model_settings VALUES ('sensor_identity', ${sqlString(wanted)})`,
    );
  } else if (built !== wanted) {
    throw new Error(
      `the CORE tables were built with sensor identity "${String(built)}", not "${wanted}".\n` +
        `  Fix: run again with --sensor-identity ${String(built)}, or add --rebuild to re-merge every landing row as "${wanted}".`,
    );
  }
}

/** Creates the CORE tables and REPORTING views (idempotent). */
export async function setUpModel(database: PipelineDatabase, sql: PipelineSql): Promise<void> {
  await checkSensorIdentity(database, sql.sensorIdentity);
  for (const statement of sql.setup) {
    try {
      await database.connection.run(statement.sql);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`setting up ${statement.name} failed: ${message}`);
    }
  }
}

/** Runs every stage once over the input. */
export async function runLocalPipeline(
  database: PipelineDatabase,
  options: LocalRunOptions,
): Promise<LocalRunSummary> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  await setUpModel(database, options.sql);
  const rawFiles = listBucketFiles(options.input, "raw").filter(options.rawFilter ?? (() => true));
  const normalize = await runNormalizeStage(
    database,
    options.input,
    rawFiles,
    options.normalizeWorkers ?? 0,
    (done, total) => progress("normalize", done, total),
  );
  const load = await runLoadStage(
    database,
    listBucketFiles(options.input, "normalized"),
    (done, total) => progress("load", done, total),
  );
  const healthLoad = await runHealthLoadStage(database, options.input);
  const task = await runTaskStage(database, options.sql.task);
  return {
    rawFiles: rawFiles.length,
    normalize,
    load,
    healthLoad,
    task,
    durationMs: Date.now() - started,
  };
}
