import type { TopicPolicyReader } from "../../ops/topic-policy";
import { type SmokeOptions, type SmokeResult, runSmoke } from "../../ops/smoke/run-smoke";
import { SMOKE_TOOL } from "../../ops/smoke/snowflake-operations";
import { FakeClock } from "../helpers/fake-clock";
import { FakeSnowflake } from "../helpers/fake-snowflake";
import { type LocalS3, keysUnder, startLocalS3 } from "../helpers/local-s3";
import { sampleOutputs } from "../helpers/sample-outputs";

const START = Date.parse("2026-11-26T10:00:00.000Z");
const RUN_ID = "20261126T100000-abcd1234";
const SENSOR = `smoke-${RUN_ID}`;
const SNOWFLAKE_USER_ARN = "arn:aws:iam::999988887777:user/abc1-s-snowflake";
const TOPIC_ARN = "arn:aws:sns:eu-west-1:111122223333:sensors-dev-ingest";

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3.stop();
});

/** A topic whose policy lets the given principals subscribe (and S3 publish). */
function topicAllowing(...principals: string[]): TopicPolicyReader {
  return {
    topicPolicy: async () =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "S3Publish",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: TOPIC_ARN,
          },
          {
            Sid: "SnowflakeSubscribe",
            Effect: "Allow",
            Principal: { AWS: principals },
            Action: ["sns:Subscribe"],
            Resource: TOPIC_ARN,
          },
        ],
      }),
  };
}

interface World {
  readonly clock: FakeClock;
  readonly snowflake: FakeSnowflake;
  readonly lines: string[];
  run(topics?: TopicPolicyReader, runId?: string): Promise<SmokeResult>;
}

/** A healthy deployment; each test breaks one thing. Each world gets its own gateway id. */
let worldCount = 0;
function world(): World & { gateway: string } {
  worldCount += 1;
  const gateway = `smoke-gw-${worldCount}`;
  const clock = new FakeClock(START);
  const snowflake = new FakeSnowflake();
  snowflake.snsPolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "1",
        Effect: "Allow",
        Principal: { AWS: SNOWFLAKE_USER_ARN },
        Action: ["sns:Subscribe"],
        Resource: [TOPIC_ARN],
      },
    ],
  };
  const lines: string[] = [];
  const outputs = sampleOutputs(s3.bucket);
  return {
    gateway,
    clock,
    snowflake,
    lines,
    run: (topics = topicAllowing(SNOWFLAKE_USER_ARN), runId = RUN_ID) => {
      const options: SmokeOptions = {
        outputs,
        gatewayId: gateway,
        runId,
        pollIntervalMs: 5_000,
        stageTimeoutsMs: { normalized: 60_000, loaded: 120_000, merged: 120_000, visible: 30_000 },
      };
      return runSmoke(
        { store: s3.store, sql: snowflake, topics, clock, print: (line) => lines.push(line) },
        options,
      );
    },
  };
}

/** The pipeline's behaviour after upload, on the fake clock: each step at `START + seconds`. */
function schedulePipeline(
  w: ReturnType<typeof world>,
  steps: { normalizedAt?: number; loadedAt?: number; mergedAt?: number; visibleAt?: number },
) {
  if (steps.normalizedAt !== undefined) {
    w.clock.at(START + steps.normalizedAt * 1000, () =>
      s3.store.put(
        `normalized/2026/11/26/${w.gateway}/${SENSOR}-0f1e2d3c.ndjson.gz`,
        "x",
        "application/gzip",
      ),
    );
  }
  const rowsAt = (seconds: number | undefined, relation: string) => {
    if (seconds !== undefined) {
      w.clock.at(START + seconds * 1000, () => w.snowflake.addRows(relation, SENSOR, 3));
    }
  };
  rowsAt(steps.loadedAt, "SENSORS_DEV.LANDING.READINGS_RAW");
  rowsAt(steps.mergedAt, "SENSORS_DEV.CORE.READINGS");
  rowsAt(steps.visibleAt, "SENSORS_DEV.REPORTING.READINGS");
}

describe("sensorctl smoke", () => {
  test("a healthy deployment passes every stage and reports each latency at the poll that saw it", async () => {
    // GIVEN a pipeline that normalizes at +7 s, loads at +52 s, merges at +100 s, shows at +101 s
    const w = world();
    schedulePipeline(w, { normalizedAt: 7, loadedAt: 52, mergedAt: 100, visibleAt: 101 });
    // WHEN the smoke test polls every 5 s
    const result = await w.run();
    // THEN it passes, and each stage is seen at the first poll after it happened
    expect(result.failure).toBeUndefined();
    expect(result.timings.map((t) => [t.stage, t.sinceUploadMs, t.stageMs])).toEqual([
      ["normalized", 10_000, 10_000],
      ["loaded", 55_000, 45_000],
      ["merged", 100_000, 45_000],
      ["visible", 105_000, 5_000],
    ]);
  });

  test("sends Snowflake only the statements SMOKE_TOOL declares, on the objects it declares, so check-apply checks what really runs", async () => {
    // GIVEN one healthy run and one that times out waiting for the load (its hint reads the pipe)
    const healthy = world();
    schedulePipeline(healthy, { normalizedAt: 1, loadedAt: 2, mergedAt: 3, visibleAt: 4 });
    await healthy.run();
    const stuck = world();
    schedulePipeline(stuck, { normalizedAt: 1 });
    await stuck.run();
    const outputs = sampleOutputs(s3.bucket);
    const sent = [...healthy.snowflake.statements, ...stuck.snowflake.statements];
    // THEN every statement matches a declared operation, with the declared object as first bind
    for (const { sqlText, binds } of sent) {
      const declared = SMOKE_TOOL.operations.filter(
        (operation) =>
          operation.sql.test(sqlText) &&
          (operation.object === undefined || outputs[operation.object] === binds[0]),
      );
      expect({ sqlText, bind: binds[0], declared: declared.length > 0 }).toEqual({
        sqlText,
        bind: binds[0],
        declared: true,
      });
    }
    // AND every declared operation ran at least once
    for (const operation of SMOKE_TOOL.operations) {
      const ran = sent.some(
        ({ sqlText, binds }) =>
          operation.sql.test(sqlText) &&
          (operation.object === undefined || outputs[operation.object] === binds[0]),
      );
      expect({ operation: operation.statement, object: operation.object, ran }).toMatchObject({
        ran: true,
      });
    }
  });

  test("the probe is uploaded under raw/<gateway>/ tagged with the run id", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 1, loadedAt: 2, mergedAt: 3, visibleAt: 4 });
    await w.run();
    expect(await keysUnder(s3.store, `raw/${w.gateway}/`)).toEqual([
      `raw/${w.gateway}/${SENSOR}.ndjson`,
    ]);
  });

  test("the probe's rows carry the run's sensor id, so the queries count only this run", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 1, loadedAt: 2, mergedAt: 3, visibleAt: 4 });
    await w.run();
    const raw = await s3.store.get(`raw/${w.gateway}/${SENSOR}.ndjson`);
    const rows = Buffer.from(raw.bytes)
      .toString("utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((row) => row.sensor_id))).toEqual(new Set([SENSOR]));
    const countBinds = w.snowflake.statements
      .filter((s) => s.sqlText.includes("COUNT(*)"))
      .map((s) => s.binds[1]);
    expect(new Set(countBinds)).toEqual(new Set([SENSOR]));
  });

  test("a failed storage integration validation stops the run before anything is uploaded", async () => {
    const w = world();
    w.snowflake.validation = {
      status: "failure",
      actions: { LIST: { status: "failure", message: "Access Denied (Status Code: 403)" } },
    };
    const result = await w.run();
    expect(result.failure?.stage).toBe("storage integration");
    expect(result.failure?.detail).toContain("Access Denied");
    expect(await keysUnder(s3.store, `raw/${w.gateway}/`)).toEqual([]);
  });

  test("a running pipe's check reports when it last received and forwarded a message", async () => {
    const w = world();
    w.snowflake.pipeStatus = {
      executionState: "RUNNING",
      lastReceivedMessageTimestamp: "2026-11-26T09:58:12.345Z",
      lastForwardedMessageTimestamp: "2026-11-26T09:58:12.901Z",
    };
    schedulePipeline(w, { normalizedAt: 1, loadedAt: 2, mergedAt: 3, visibleAt: 4 });
    const result = await w.run();
    expect(result.checks.find((check) => check.name === "pipe")?.detail).toBe(
      "SENSORS_DEV.LANDING.READINGS_PIPE is RUNNING (last message received: 2026-11-26T09:58:12.345Z, forwarded: 2026-11-26T09:58:12.901Z)",
    );
  });

  test("a paused pipe fails the pipe check with the statement that resumes it", async () => {
    const w = world();
    w.snowflake.pipeStatus = { executionState: "PAUSED" };
    const result = await w.run();
    expect(result.failure?.stage).toBe("pipe");
    expect(result.failure?.hint).toContain(
      "ALTER PIPE SENSORS_DEV.LANDING.READINGS_PIPE SET PIPE_EXECUTION_PAUSED = FALSE",
    );
  });

  test("a pipe stopped because its stage was dropped points to the recreate runbook", async () => {
    const w = world();
    w.snowflake.pipeStatus = { executionState: "STOPPED_STAGE_DROPPED" };
    const result = await w.run();
    expect(result.failure?.stage).toBe("pipe");
    expect(result.failure?.hint).toMatch(/recreate the pipe/);
  });

  test("a topic policy that lets another principal subscribe fails, naming both principals", async () => {
    const w = world();
    const stale = "arn:aws:iam::999988887777:user/old-snowflake-user";
    const result = await w.run(topicAllowing(stale));
    expect(result.failure?.stage).toBe("topic policy");
    expect(result.failure?.detail).toContain(SNOWFLAKE_USER_ARN);
    expect(result.failure?.detail).toContain(stale);
    expect(await keysUnder(s3.store, `raw/${w.gateway}/`)).toEqual([]);
  });

  test("a check whose query fails is reported as that check's failure", async () => {
    const w = world();
    w.snowflake.failures.push({
      pattern: /SYSTEM\$PIPE_STATUS/,
      error: new Error("Insufficient privileges to operate on pipe"),
    });
    const result = await w.run();
    expect(result.failure?.stage).toBe("pipe");
    expect(result.failure?.detail).toContain("Insufficient privileges");
  });

  test("a normalizer that writes nothing times out at the normalized stage, naming the function", async () => {
    const w = world();
    const result = await w.run();
    expect(result.failure?.stage).toBe("normalized");
    expect(result.failure?.detail).toBe("not seen within 60.0 s");
    expect(result.failure?.hint).toContain("/aws/lambda/sensors-dev-normalizer");
  });

  test("a rejected probe fails the normalized stage at once, naming the rejected object", async () => {
    const w = world();
    const rejectedKey = `rejected/2026/11/26/${w.gateway}/${SENSOR}-0f1e2d3c.ndjson.gz`;
    w.clock.at(START + 3_000, () => s3.store.put(rejectedKey, "x", "application/gzip"));
    const result = await w.run();
    expect(result.failure?.stage).toBe("normalized");
    expect(result.failure?.detail).toContain(rejectedKey);
    expect(w.clock.now() - START).toBe(5_000);
  });

  test("no load and no event received since upload blames the notification path", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 2 });
    w.snowflake.pipeStatus = {
      executionState: "RUNNING",
      lastReceivedMessageTimestamp: "2026-11-25T09:00:00.000Z",
    };
    const result = await w.run();
    expect(result.failure?.stage).toBe("loaded");
    expect(result.failure?.hint).toMatch(/received no event since the upload/);
  });

  test("an event received but not forwarded blames the stage location", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 2 });
    w.snowflake.pipeStatus = {
      executionState: "RUNNING",
      lastReceivedMessageTimestamp: "2026-11-26T10:00:03.000Z",
      lastForwardedMessageTimestamp: "2026-11-25T09:00:00.000Z",
    };
    const result = await w.run();
    expect(result.failure?.stage).toBe("loaded");
    expect(result.failure?.hint).toMatch(/forwarded no file/);
  });

  test("a forwarded file that loads no rows points to COPY_HISTORY of the landing table", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 2 });
    w.snowflake.pipeStatus = {
      executionState: "RUNNING",
      lastReceivedMessageTimestamp: "2026-11-26T10:00:03.000Z",
      lastForwardedMessageTimestamp: "2026-11-26T10:00:04.000Z",
    };
    const result = await w.run();
    expect(result.failure?.stage).toBe("loaded");
    expect(result.failure?.hint).toContain(
      "COPY_HISTORY(TABLE_NAME => 'SENSORS_DEV.LANDING.READINGS_RAW'",
    );
  });

  test("rows that are loaded but never merged time out at the merged stage, naming the task", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 2, loadedAt: 30 });
    const result = await w.run();
    expect(result.failure?.stage).toBe("merged");
    expect(result.failure?.hint).toContain("SENSORS_DEV.CORE.TRANSFORM_READINGS");
    expect(result.timings.map((t) => t.stage)).toEqual(["normalized", "loaded"]);
  });

  test("rows merged but absent from the reporting view time out at the visible stage", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 2, loadedAt: 30, mergedAt: 60 });
    const result = await w.run();
    expect(result.failure?.stage).toBe("visible");
    expect(result.failure?.hint).toContain("SENSORS_DEV.REPORTING.READINGS");
  });

  test("a stage waits its own timeout, measured from when the previous stage finished", async () => {
    // GIVEN loading finishes at +30 s and nothing merges; merged has a 120 s budget
    const w = world();
    schedulePipeline(w, { normalizedAt: 2, loadedAt: 30 });
    await w.run();
    // THEN the run ends 120 s after loaded was seen at +30 s
    expect(w.clock.now() - START).toBe(150_000);
  });

  test("a partial load (fewer rows than the probe holds) does not pass the loaded stage", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 2 });
    w.clock.at(START + 10_000, () =>
      w.snowflake.addRows("SENSORS_DEV.LANDING.READINGS_RAW", SENSOR, 2),
    );
    const result = await w.run();
    expect(result.failure?.stage).toBe("loaded");
  });

  test("a query that fails while polling fails that stage with the error", async () => {
    const w = world();
    schedulePipeline(w, { normalizedAt: 2 });
    w.snowflake.failures.push({
      pattern: /COUNT\(\*\)/,
      error: new Error(
        "Object 'SENSORS_DEV.LANDING.READINGS_RAW' does not exist or not authorized.",
      ),
    });
    const result = await w.run();
    expect(result.failure?.stage).toBe("loaded");
    expect(result.failure?.detail).toContain("does not exist or not authorized");
  });
});
