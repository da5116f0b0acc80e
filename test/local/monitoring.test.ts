import { pipelineSql } from "../../local/pipeline/cloud-sql";
import type { PipelineDatabase } from "../../local/pipeline/database";
import { runLocalPipeline } from "../../local/pipeline/run";
import { HEALTH_DEFAULTS, MONITORING_VIEWS } from "../../sql/monitoring";
import { createWorkspace, type Workspace } from "../helpers/local";

/** A CSV upload of `rows` readings (and `bad` non-numeric ones) observed just before `uploadedAt`. */
function csv(uploadedAt: Date, rows: number, bad = 0): string {
  const at = (i: number) => new Date(uploadedAt.getTime() - (i + 1) * 60_000).toISOString();
  return [
    "timestamp,sensor_id,metric,value,unit",
    ...Array.from({ length: rows }, (_, i) => `${at(i)},s${i % 3},temperature,2${i % 10}.5,Cel`),
    ...Array.from({ length: bad }, (_, i) => `${at(i)},s9,temperature,oops,Cel`),
  ].join("\n");
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

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

async function run() {
  return runLocalPipeline(database, { input: workspace.bucket, sql: pipelineSql() });
}

describe("the MONITORING views on the local pipeline", () => {
  test("every view has exactly the columns sql/monitoring.ts declares", async () => {
    await run();
    for (const view of MONITORING_VIEWS) {
      const columns = await workspace.rows(database, `DESCRIBE monitoring.${view.name}`);
      expect(columns.map((column) => column.column_name)).toEqual(
        view.columns.map((column) => column.name),
      );
    }
  });

  test("records read = readings loaded + rejections loaded, per gateway and hour", async () => {
    const uploaded = minutesAgo(10);
    workspace.putRaw("gw-a/one.csv", csv(uploaded, 12, 2), uploaded.toISOString());
    workspace.putRaw("gw-b/two.csv", csv(uploaded, 7), uploaded.toISOString());
    workspace.putRaw("gw-b/three.csv", "not,a,sensor,file\n1,2,3,4\n", uploaded.toISOString());
    const summary = await run();
    const rows = await workspace.rows(
      database,
      "SELECT GATEWAY_ID, RECORDS_READ, READINGS_LOADED, REJECTIONS_LOADED, RECORDS_UNACCOUNTED FROM monitoring.INGEST_BY_GATEWAY_HOUR ORDER BY GATEWAY_ID",
    );
    expect(rows.map((row) => row.gateway_id)).toEqual(["gw-a", "gw-b"]);
    for (const row of rows) expect(Number(row.records_unaccounted)).toBe(0);
    const total = (key: string) => rows.reduce((sum, row) => sum + Number(row[key]), 0);
    expect(total("records_read")).toBe(summary.normalize.records);
    expect(total("readings_loaded")).toBe(summary.normalize.accepted);
    expect(total("rejections_loaded")).toBe(summary.normalize.rejected);
    expect(rows[0]).toMatchObject({ records_read: "14", rejections_loaded: "2" });
  });

  test("a gateway is SILENT past the silence threshold and spikes at the rejection threshold", async () => {
    const old = minutesAgo(HEALTH_DEFAULTS.silenceMinutes + 30);
    const recent = minutesAgo(5);
    workspace.putRaw("gw-quiet/old.csv", csv(old, 5), old.toISOString());
    workspace.putRaw("gw-fine/new.csv", csv(recent, 20, 1), recent.toISOString());
    workspace.putRaw("gw-bad/new.csv", csv(recent, 4, 1), recent.toISOString());
    await run();
    const rows = await workspace.rows(
      database,
      "SELECT GATEWAY_ID, STATUS, REJECTION_RATE_PERCENT, TOP_REASON FROM monitoring.GATEWAY_HEALTH ORDER BY GATEWAY_ID",
    );
    expect(rows).toEqual([
      {
        gateway_id: "gw-bad",
        status: "REJECTION_SPIKE",
        rejection_rate_percent: 20,
        top_reason: "NON_NUMERIC_VALUE",
      },
      {
        gateway_id: "gw-fine",
        status: "OK",
        rejection_rate_percent: 4.8,
        top_reason: "NON_NUMERIC_VALUE",
      },
      { gateway_id: "gw-quiet", status: "SILENT", rejection_rate_percent: null, top_reason: null },
    ]);
  });

  test("task runs and file loads stand in for TASK_HISTORY and COPY_HISTORY", async () => {
    const recent = minutesAgo(2);
    workspace.putRaw("gw-a/one.csv", csv(recent, 3, 1), recent.toISOString());
    await run();
    const runs = await workspace.rows(
      database,
      "SELECT TASK_NAME, STATE FROM monitoring.TASK_RUNS",
    );
    expect(runs).toEqual([{ task_name: "TRANSFORM_READINGS", state: "SUCCEEDED" }]);
    const loads = await workspace.rows(
      database,
      "SELECT TABLE_NAME, STATUS, ROW_COUNT FROM monitoring.FILE_LOADS ORDER BY TABLE_NAME",
    );
    expect(loads).toEqual([
      { table_name: "INGEST_LEDGER", status: "LOADED", row_count: "1" },
      { table_name: "READINGS_RAW", status: "LOADED", row_count: "3" },
      { table_name: "REJECTED_RECORDS", status: "LOADED", row_count: "1" },
    ]);
    const lag = await workspace.rows(
      database,
      "SELECT FILES, FILES_NOT_MERGED FROM monitoring.END_TO_END_LAG",
    );
    expect(lag).toEqual([{ files: "1", files_not_merged: "0" }]);
  });
});
