import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openPipelineDatabase, type PipelineDatabase } from "../../local/pipeline/database";

/** A temporary local bucket and database, removed after the test. */
export interface Workspace {
  readonly bucket: string;
  readonly dbPath: string;
  /** Writes `raw/<key>` with `uploadedAt` as its mtime (the upload time the normalizer anchors on). */
  putRaw(key: string, content: string | Buffer, uploadedAt: string): void;
  open(): Promise<PipelineDatabase>;
  /** Rows of a query as plain objects with lower-case keys (timestamps and bigints as strings). */
  rows(database: PipelineDatabase, sql: string): Promise<Record<string, unknown>[]>;
  dispose(): void;
}

export function createWorkspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), "sensor-local-"));
  const bucket = join(root, "bucket");
  mkdirSync(bucket);
  return {
    bucket,
    dbPath: join(root, "pipeline.duckdb"),
    putRaw(key, content, uploadedAt) {
      const path = join(bucket, "raw", ...key.split("/"));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      const at = new Date(uploadedAt);
      utimesSync(path, at, at);
    },
    open() {
      return openPipelineDatabase(join(root, "pipeline.duckdb"));
    },
    async rows(database, sql) {
      const reader = await database.connection.runAndReadAll(sql);
      return reader
        .getRowObjectsJson()
        .map((row) =>
          Object.fromEntries(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value])),
        );
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
