import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipelineSql } from "../../local/pipeline/cloud-sql";
import type { PipelineDatabase } from "../../local/pipeline/database";
import { rebuildModel } from "../../local/pipeline/rebuild";
import { runLocalPipeline } from "../../local/pipeline/run";
import type { SensorIdentity } from "../../sql/sensor-identity";
import { simulate } from "../../local/simulator/simulate";
import { createWorkspace, type Workspace } from "../helpers/local";

/**
 * End to end on the real normalizer and the real sql/ statements: raw files in, CORE tables and
 * REPORTING views out. Expected values are worked out by hand from the files each test writes.
 */
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

const run = (workers = 0, sensorIdentity: SensorIdentity = "gateway") =>
  runLocalPipeline(database, {
    input: workspace.bucket,
    sql: pipelineSql(sensorIdentity),
    normalizeWorkers: workers,
  });

const csv = (...rows: string[]) => ["timestamp,sensor_id,metric,value,unit", ...rows].join("\n");

const readings = () =>
  workspace.rows(
    database,
    "SELECT sensor_id, metric, CAST(observed_at AS VARCHAR) AS observed_at, value FROM reporting.readings ORDER BY ALL",
  );

describe("the local pipeline, end to end", () => {
  test("keeps one reading per sensor, metric and time when a file repeats a line and is uploaded twice", async () => {
    const content = csv(
      "2026-01-05T08:00:00Z,s1,temperature,21.5,Cel",
      "2026-01-05T08:00:00Z,s1,temperature,21.5,Cel",
      "2026-01-05T08:01:00Z,s1,temperature,21.6,Cel",
    );
    workspace.putRaw("gw-a/up1.csv", content, "2026-01-05T08:05:00Z");
    workspace.putRaw("gw-a/retry-up1.csv", content, "2026-01-05T08:06:00Z");
    await run();
    expect(await readings()).toEqual([
      { sensor_id: "s1", metric: "temperature", observed_at: "2026-01-05 08:00:00", value: 21.5 },
      { sensor_id: "s1", metric: "temperature", observed_at: "2026-01-05 08:01:00", value: 21.6 },
    ]);
  });

  test("keeps the value of the later upload when two uploads in one run disagree", async () => {
    workspace.putRaw(
      "gw-a/b.csv",
      csv("2026-01-05T08:00:00Z,s1,temperature,22.0,Cel"),
      "2026-01-05T08:10:00Z",
    );
    workspace.putRaw(
      "gw-a/a.csv",
      csv("2026-01-05T08:00:00Z,s1,temperature,21.5,Cel"),
      "2026-01-05T08:05:00Z",
    );
    await run();
    expect((await readings()).map((row) => row.value)).toEqual([22.0]);
  });

  test("lets a correction loaded in a later run replace the value loaded before", async () => {
    workspace.putRaw(
      "gw-a/up1.csv",
      csv("2026-01-05T08:00:00Z,s1,temperature,21.5,Cel"),
      "2026-01-05T08:05:00Z",
    );
    await run();
    workspace.putRaw(
      "gw-a/fix.csv",
      csv("2026-01-05T08:00:00Z,s1,temperature,20.9,Cel"),
      "2026-01-05T09:00:00Z",
    );
    await run();
    expect((await readings()).map((row) => row.value)).toEqual([20.9]);
  });

  test("recomputes the hour a late reading belongs to and leaves the other hours alone", async () => {
    workspace.putRaw(
      "gw-a/up1.csv",
      csv(
        "2026-01-05T08:10:00Z,s1,temperature,20,Cel",
        "2026-01-05T08:20:00Z,s1,temperature,22,Cel",
        "2026-01-05T09:10:00Z,s1,temperature,30,Cel",
      ),
      "2026-01-05T09:15:00Z",
    );
    await run();
    workspace.putRaw(
      "gw-a/late.csv",
      csv("2026-01-05T08:50:00Z,s1,temperature,27,Cel"),
      "2026-01-05T09:30:00Z",
    );
    await run();
    const hours = await workspace.rows(
      database,
      "SELECT CAST(hour_start AS VARCHAR) AS hour, reading_count, value_min, value_max, value_avg, value_sum FROM reporting.readings_hourly ORDER BY hour_start",
    );
    expect(hours).toEqual([
      {
        hour: "2026-01-05 08:00:00",
        reading_count: "3",
        value_min: 20,
        value_max: 27,
        value_avg: 23,
        value_sum: 69,
      },
      {
        hour: "2026-01-05 09:00:00",
        reading_count: "1",
        value_min: 30,
        value_max: 30,
        value_avg: 30,
        value_sum: 30,
      },
    ]);
  });

  test("counts rejected records by reason, keeps them under rejected/ and never loads them", async () => {
    workspace.putRaw(
      "gw-a/up1.csv",
      csv(
        "2026-01-05T08:00:00Z,s1,temperature,21.5,Cel",
        "2026-01-05T08:01:00Z,s1,temperature,warm,Cel",
        "yesterday,s1,temperature,21.7,Cel",
      ),
      "2026-01-05T08:05:00Z",
    );
    const summary = await run();
    const landing = await workspace.rows(database, "SELECT source_line FROM landing.readings_raw");
    const rejectedFiles = await workspace.rows(
      database,
      "SELECT rejected_key FROM local_state.normalized_objects",
    );
    expect(summary.normalize.rejectedByReason).toEqual({
      NON_NUMERIC_VALUE: 1,
      UNPARSEABLE_TIMESTAMP: 1,
    });
    expect(landing).toEqual([{ source_line: "2" }]);
    expect((await readings()).map((row) => row.value)).toEqual([21.5]);
    const rejectedKey = String(rejectedFiles[0].rejected_key);
    expect(existsSync(join(workspace.bucket, ...rejectedKey.split("/")))).toBe(true);
  });

  test("changes nothing when run a second time over the same simulated input", async () => {
    simulate({ out: workspace.bucket, gateways: 2, sensors: 3, minutes: 40, seed: 9 });
    await run();
    const snapshot = async () => ({
      readings: await workspace.rows(database, "SELECT * FROM core.readings ORDER BY ALL"),
      sensors: await workspace.rows(database, "SELECT * FROM core.sensors ORDER BY ALL"),
      hourly: await workspace.rows(database, "SELECT * FROM core.readings_hourly ORDER BY ALL"),
      landing: await workspace.rows(database, "SELECT count(*) AS n FROM landing.readings_raw"),
    });
    const before = await snapshot();
    const second = await run();
    expect(await snapshot()).toEqual(before);
    expect([second.normalize.objects, second.load.files, second.task.ran]).toEqual([0, 0, false]);
  });

  test("ends with exactly the simulator's distinct readings and rejects exactly its bad records", async () => {
    const truth = simulate({
      out: workspace.bucket,
      gateways: 3,
      sensors: 4,
      minutes: 90,
      seed: 4,
      badRate: 0.03,
    });
    const summary = await run();
    const count = await workspace.rows(database, "SELECT count(*) AS n FROM reporting.readings");
    expect(summary.normalize.rejected).toBe(truth.badRecords);
    expect(Number(count[0].n)).toBe(truth.distinctReadings);
    // Every simulated gateway calls its first sensor th-01: three sensors, not one.
    const shared = await workspace.rows(
      database,
      "SELECT count(*) AS n FROM reporting.sensors WHERE sensor_id = 'th-01'",
    );
    expect(Number(shared[0].n)).toBe(3);
  });

  test("ends with the corrected value of every reading the simulator corrected", async () => {
    const truth = simulate({
      out: workspace.bucket,
      gateways: 4,
      sensors: 6,
      minutes: 120,
      seed: 12,
    });
    await run();
    const stored = await workspace.rows(
      database,
      "SELECT gateway_id, sensor_id, metric, strftime(observed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS observed_at, value FROM core.readings",
    );
    const valueOf = new Map(
      stored.map((row) => [
        `${row.gateway_id}|${row.sensor_id}|${row.metric}|${row.observed_at}`,
        row.value,
      ]),
    );
    expect(truth.correctionSamples.length).toBeGreaterThan(3);
    for (const sample of truth.correctionSamples)
      expect(
        valueOf.get(`${sample.gatewayId}|${sample.sensorId}|${sample.metric}|${sample.observedAt}`),
      ).toBe(sample.value);
  });

  test("gives the same readings when worker threads normalize the files", async () => {
    const input = mkdtempSync(join(tmpdir(), "sensor-sim-"));
    try {
      simulate({ out: input, gateways: 2, sensors: 3, minutes: 30, seed: 6 });
      simulate({ out: workspace.bucket, gateways: 2, sensors: 3, minutes: 30, seed: 6 });
      const inline = createWorkspace();
      const other = await inline.open();
      try {
        await runLocalPipeline(other, { input, sql: pipelineSql(), normalizeWorkers: 0 });
        await run(2);
        const query =
          "SELECT sensor_id, metric, observed_at, value, source_key, source_line FROM core.readings ORDER BY ALL";
        expect(await workspace.rows(database, query)).toEqual(await inline.rows(other, query));
      } finally {
        other.close();
        inline.dispose();
      }
    } finally {
      rmSync(input, { recursive: true, force: true });
    }
  });

  test("keeps the same sensor id behind three gateways as three sensors with all their readings", async () => {
    for (const [index, gateway] of ["gw-a", "gw-b", "gw-c"].entries())
      workspace.putRaw(
        `${gateway}/up.csv`,
        csv(
          `2026-01-05T08:00:00Z,th-01,temperature,${20 + index},Cel`,
          `2026-01-05T08:01:00Z,th-01,temperature,${30 + index},Cel`,
        ),
        "2026-01-05T08:05:00Z",
      );
    await run();
    const sensors = await workspace.rows(
      database,
      "SELECT sensor_key, sensor_id, gateway_id FROM reporting.sensors ORDER BY ALL",
    );
    expect(sensors).toEqual([
      { sensor_key: "gw-a/th-01", sensor_id: "th-01", gateway_id: "gw-a" },
      { sensor_key: "gw-b/th-01", sensor_id: "th-01", gateway_id: "gw-b" },
      { sensor_key: "gw-c/th-01", sensor_id: "th-01", gateway_id: "gw-c" },
    ]);
    const values = await workspace.rows(
      database,
      "SELECT gateway_id, list(value ORDER BY observed_at) AS v FROM reporting.readings GROUP BY ALL ORDER BY ALL",
    );
    expect(values).toEqual([
      { gateway_id: "gw-a", v: [20, 30] },
      { gateway_id: "gw-b", v: [21, 31] },
      { gateway_id: "gw-c", v: [22, 32] },
    ]);
  });

  test("keeps the newer upload when an older version of the file is normalized and loaded after it", async () => {
    workspace.putRaw(
      "gw-a/up1.csv",
      csv("2026-01-05T08:00:00Z,s1,temperature,20.9,Cel"),
      "2026-01-05T09:00:00Z",
    );
    await run();
    // The older version of the same object reaches the pipeline late (a backlog, a retry, a replay).
    workspace.putRaw(
      "gw-a/up1.csv",
      csv("2026-01-05T08:00:00Z,s1,temperature,21.5,Cel"),
      "2026-01-05T08:05:00Z",
    );
    const late = await run();
    expect([late.normalize.objects, late.load.files, late.task.ran]).toEqual([1, 1, true]);
    expect((await readings()).map((row) => row.value)).toEqual([20.9]);
    const hours = await workspace.rows(database, "SELECT value_sum FROM reporting.readings_hourly");
    expect(hours).toEqual([{ value_sum: 20.9 }]);
  });

  test("where sensor ids are global, accepts a sensor's readings through another gateway and shows the move", async () => {
    workspace.putRaw(
      "gw-a/up.csv",
      csv("2026-01-05T08:00:00Z,tag-7,temperature,20,Cel"),
      "2026-01-05T08:05:00Z",
    );
    workspace.putRaw(
      "gw-b/up.csv",
      csv("2026-01-05T08:10:00Z,tag-7,temperature,21,Cel"),
      "2026-01-05T08:15:00Z",
    );
    await run(0, "global");
    expect(
      await workspace.rows(
        database,
        "SELECT sensor_key, gateway_id, gateways FROM reporting.sensors",
      ),
    ).toEqual([{ sensor_key: "tag-7", gateway_id: "gw-b", gateways: "gw-a,gw-b" }]);
    expect(
      await workspace.rows(
        database,
        "SELECT gateway_id, value FROM reporting.readings ORDER BY observed_at",
      ),
    ).toEqual([
      { gateway_id: "gw-a", value: 20 },
      { gateway_id: "gw-b", value: 21 },
    ]);
    const again = await run(0, "global");
    expect(again.task.ran).toBe(false);
  });

  test("refuses to merge with another sensor identity than the tables were built with, until --rebuild", async () => {
    workspace.putRaw(
      "gw-a/up.csv",
      csv("2026-01-05T08:00:00Z,th-01,temperature,20,Cel"),
      "2026-01-05T08:05:00Z",
    );
    await run();
    await expect(run(0, "global")).rejects.toThrow(
      /built with sensor identity "gateway", not "global"[\s\S]*--rebuild/,
    );
    await rebuildModel(database);
    await run(0, "global");
    expect(await workspace.rows(database, "SELECT sensor_key FROM reporting.sensors")).toEqual([
      { sensor_key: "th-01" },
    ]);
  });
});
