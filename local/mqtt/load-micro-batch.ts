/**
 * Delivers one micro-batch the way the cloud's streaming path does: rejections to the bucket's
 * `rejected/` (where uploaded files' rejections go), readings into the landing table with their
 * streamed lineage, then the task's statements once, so the batch is in REPORTING when this
 * resolves.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { READING_COLUMNS } from "../../contract/reading";
import { streamedRejectedKey } from "../../contract/streamed-rows";
import { rejectedLine } from "../../lambda/normalizer/serialize";
import { LANDING_TABLE, sqlString, type PipelineDatabase } from "../pipeline/database";
import { runTaskStage, type TaskStageResult, type TaskStatement } from "../pipeline/task-stage";
import type { MicroBatch } from "./micro-batch";

const COLUMNS = [
  ...READING_COLUMNS.map((c) => `${c.name}: '${c.duckdbType}'`),
  "file_name: 'VARCHAR'",
  "file_row: 'BIGINT'",
  "uploaded_at: 'TIMESTAMP'",
].join(", ");
const NAMES = [...READING_COLUMNS.map((c) => c.name), "file_name", "file_row", "uploaded_at"].join(
  ", ",
);

function writeAtomically(path: string, bytes: Buffer | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = join(dirname(path), `.${path.slice(dirname(path).length + 1)}.partial`);
  writeFileSync(partial, bytes);
  renameSync(partial, path);
}

export interface MicroBatchLoad {
  readonly rows: number;
  readonly task: TaskStageResult;
  /** Keys written under the bucket. */
  readonly rejectedKeys: readonly string[];
}

/** Loads `batch`; `loadedAt` must be later than every earlier load (contract/streamed-rows.ts). */
export async function loadMicroBatch(
  database: PipelineDatabase,
  batch: MicroBatch,
  target: {
    readonly bucket: string;
    readonly batchId: string;
    readonly loadedAt: Date;
    readonly task: readonly TaskStatement[];
  },
): Promise<MicroBatchLoad> {
  const rejectedKeys: string[] = [];
  for (const [gatewayKey, rejections] of batch.rejectionsByGateway) {
    const key = streamedRejectedKey(gatewayKey, target.batchId, target.loadedAt);
    writeAtomically(
      join(target.bucket, ...key.split("/")),
      gzipSync(rejections.map(rejectedLine).join(""), { level: 1 }),
    );
    rejectedKeys.push(key);
  }
  let rows = 0;
  if (batch.rows.length > 0) {
    const staging = join(target.bucket, "stream-staging", `${target.batchId}.ndjson`);
    writeAtomically(staging, batch.rows.map((row) => JSON.stringify(row)).join("\n"));
    try {
      const inserted = await database.connection.run(
        `INSERT INTO ${LANDING_TABLE} BY NAME SELECT ${NAMES}, TIMESTAMP ${sqlString(
          target.loadedAt.toISOString(),
        )} AS loaded_at FROM read_json(${sqlString(staging)}, format = 'newline_delimited', columns = {${COLUMNS}})`,
      );
      rows = Number(inserted.rowsChanged);
    } finally {
      rmSync(staging, { force: true });
    }
  }
  const task = await runTaskStage(database, target.task);
  return { rows, task, rejectedKeys };
}
