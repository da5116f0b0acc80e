import { pipelineSql } from "../../local/pipeline/cloud-sql";
import type { LocalRunSummary } from "../../local/pipeline/run";
import { watchLocalPipeline } from "../../local/pipeline/watch";
import { createWorkspace } from "../helpers/local";

const csv = (row: string) => `timestamp,sensor_id,metric,value,unit\n${row}\n`;

test("--watch runs again for a file added while it runs, and only for that file", async () => {
  const workspace = createWorkspace();
  const database = await workspace.open();
  const stop = new AbortController();
  const runs: LocalRunSummary[] = [];
  try {
    workspace.putRaw(
      "gw-a/first.csv",
      csv("2026-01-05T08:00:00Z,s1,temperature,21,Cel"),
      "2026-01-05T08:05:00Z",
    );
    const watching = watchLocalPipeline(database, {
      input: workspace.bucket,
      sql: pipelineSql(),
      intervalMs: 30,
      signal: stop.signal,
      onRun: (summary) => {
        runs.push(summary);
        if (runs.length === 1)
          workspace.putRaw(
            "gw-a/second.csv",
            csv("2026-01-05T08:06:00Z,s1,temperature,22,Cel"),
            "2026-01-05T08:10:00Z",
          );
        else stop.abort();
      },
    });
    await watching;
    const count = await workspace.rows(database, "SELECT count(*) AS n FROM reporting.readings");
    expect(runs.map((run) => [run.rawFiles, run.load.rows])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(count).toEqual([{ n: "2" }]);
  } finally {
    stop.abort();
    database.close();
    workspace.dispose();
  }
});
