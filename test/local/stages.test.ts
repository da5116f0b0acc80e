import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipelineSql } from "../../local/pipeline/cloud-sql";
import type { PipelineDatabase } from "../../local/pipeline/database";
import { rebuildModel } from "../../local/pipeline/rebuild";
import { runLocalPipeline, type PipelineSql } from "../../local/pipeline/run";
import { CHANGES_RELATION } from "../../local/pipeline/task-stage";
import { createWorkspace, type Workspace } from "../helpers/local";

/**
 * The stages' bookkeeping, tested with a probe task that records each batch it is given, so these
 * tests do not depend on the transformation SQL (its semantics are tested in semantics.test.ts).
 */
const probeSql: PipelineSql = {
  setup: [
    ...pipelineSql().setup,
    {
      name: "probe table",
      sql: "CREATE TABLE IF NOT EXISTS core.probe_batches (rows BIGINT, first_key VARCHAR, last_key VARCHAR)",
    },
  ],
  task: [
    {
      name: "record batch",
      sql: `INSERT INTO core.probe_batches SELECT count(*), min(source_key), max(source_key) FROM ${CHANGES_RELATION}`,
    },
  ],
  sensorIdentity: "gateway",
};

const failingSql: PipelineSql = {
  setup: probeSql.setup,
  task: [...probeSql.task, { name: "broken", sql: "SELECT * FROM core.no_such_table" }],
  sensorIdentity: "gateway",
};

const CSV = [
  "timestamp,sensor_id,metric,value,unit",
  "2026-01-05T08:00:00Z,s1,temperature,21.5,Cel",
  "2026-01-05T08:01:00Z,s1,temperature,oops,Cel",
  "2026-01-05T08:02:00Z,s1,temperature,21.7,Cel",
  "2026-01-05T08:03:00Z,s2,temperature,19.0,Cel",
].join("\n");

let workspace: Workspace;
let database: PipelineDatabase;
beforeEach(async () => {
  workspace = createWorkspace();
  database = await workspace.open();
});
afterEach(() => {
  database.close();
  workspace.dispose();
});

const run = (sql: PipelineSql = probeSql) =>
  runLocalPipeline(database, { input: workspace.bucket, sql });

describe("the local pipeline's stages", () => {
  test("load each accepted row with its stage-relative file name, its row in that file, the load time and the raw file's upload time", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    await run();
    const rows = await workspace.rows(
      database,
      "SELECT file_name, file_row, source_line, loaded_at, CAST(uploaded_at AS VARCHAR) AS uploaded_at FROM landing.readings_raw ORDER BY source_line",
    );
    expect(rows.map((row) => [row.source_line, row.file_row])).toEqual([
      ["2", "1"],
      ["4", "2"],
      ["5", "3"],
    ]);
    const fileName = String(rows[0].file_name);
    expect(fileName).toMatch(/^2026\/01\/05\/gw-a\/20260105T080500Z-up1-[0-9a-f]{16}\.ndjson\.gz$/);
    expect(existsSync(join(workspace.bucket, "normalized", ...fileName.split("/")))).toBe(true);
    expect(rows.every((row) => row.file_name === fileName && row.loaded_at !== null)).toBe(true);
    expect(rows.every((row) => row.uploaded_at === "2026-01-05 08:05:00")).toBe(true);
  });

  test("count a rejected record by reason and never load it", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    const summary = await run();
    const lines = await workspace.rows(database, "SELECT source_line FROM landing.readings_raw");
    expect(summary.normalize.rejectedByReason).toEqual({ NON_NUMERIC_VALUE: 1 });
    expect(lines.map((row) => row.source_line)).not.toContain("3");
    expect(lines).toHaveLength(3);
  });

  test("do nothing on a second run over the same input", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    await run();
    const second = await run();
    const batches = await workspace.rows(database, "SELECT rows FROM core.probe_batches");
    expect([second.normalize.objects, second.load.files, second.task.ran]).toEqual([0, 0, false]);
    expect(batches).toEqual([{ rows: "3" }]);
  });

  test("hand the task only the rows loaded since its last committed run", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    await run();
    workspace.putRaw("gw-b/up2.csv", CSV.replace(/s1/g, "s9"), "2026-01-05T08:10:00Z");
    await run();
    const batches = await workspace.rows(
      database,
      "SELECT rows, first_key, last_key FROM core.probe_batches ORDER BY first_key",
    );
    expect(batches).toEqual([
      { rows: "3", first_key: "raw/gw-a/up1.csv", last_key: "raw/gw-a/up1.csv" },
      { rows: "3", first_key: "raw/gw-b/up2.csv", last_key: "raw/gw-b/up2.csv" },
    ]);
  });

  test("keep the stream's offset when a task statement fails, so the next run retries the same rows", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    await expect(run(failingSql)).rejects.toThrow(/task statement broken failed/);
    const retry = await run(probeSql);
    const batches = await workspace.rows(database, "SELECT rows FROM core.probe_batches");
    expect(retry.task.changes).toBe(3);
    expect(batches).toEqual([{ rows: "3" }]);
  });

  test("normalize a raw file again when its content changes, as S3 sends an event per version", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    await run();
    workspace.putRaw(
      "gw-a/up1.csv",
      `${CSV}\n2026-01-05T08:04:00Z,s2,temperature,19.5,Cel`,
      "2026-01-05T08:06:00Z",
    );
    const second = await run();
    const files = await workspace.rows(
      database,
      "SELECT DISTINCT file_name FROM landing.readings_raw ORDER BY file_name",
    );
    expect(second.normalize.objects).toBe(1);
    expect(second.load.rows).toBe(4);
    expect(files).toHaveLength(2);
  });

  test("record a normalized file that cannot be read as LOAD_FAILED and still load the others", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    const broken = join(workspace.bucket, "normalized", "2026", "01", "05", "gw-a");
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, "broken-0000000000000000.ndjson.gz"), "not gzip at all");
    const summary = await run();
    const history = await workspace.rows(
      database,
      "SELECT status, row_count FROM local_state.load_history ORDER BY status",
    );
    expect(summary.load.failed.map((f) => f.fileName)).toEqual([
      "2026/01/05/gw-a/broken-0000000000000000.ndjson.gz",
    ]);
    expect(history).toEqual([
      { status: "LOADED", row_count: "3" },
      { status: "LOAD_FAILED", row_count: "0" },
    ]);
  });

  test("hand the task every landing row again after a rebuild, without normalizing or loading again", async () => {
    workspace.putRaw("gw-a/up1.csv", CSV, "2026-01-05T08:05:00Z");
    workspace.putRaw("gw-b/up2.csv", CSV, "2026-01-05T08:10:00Z");
    await run();
    await rebuildModel(database);
    const again = await run();
    const batches = await workspace.rows(database, "SELECT rows FROM core.probe_batches");
    expect([again.normalize.objects, again.load.files, again.task.changes]).toEqual([0, 0, 6]);
    expect(batches).toEqual([{ rows: "6" }]);
  });
});
