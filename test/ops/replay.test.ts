import { createHash } from "node:crypto";
import { replayIdentity } from "../../ops/replay/generation";
import type { ProgressSink } from "../../ops/replay/progress";
import { type Renormalize, runReplay } from "../../ops/replay/run-replay";
import { FakeClock } from "../helpers/fake-clock";
import { type LocalS3, keysUnder, startLocalS3 } from "../helpers/local-s3";

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3("sensors-replay-test");
  await s3.store.put("raw/gw-1/a.csv", "sensor,value\ns1,1\n", "text/csv");
  await s3.store.put("raw/gw-1/b.csv", "sensor,value\ns1,2\ns2,3\n", "text/csv");
  await s3.store.put("raw/gw-2/c.csv", "sensor,value\ns9,9\n", "text/csv");
});
afterAll(async () => {
  await s3.stop();
});

interface Call {
  readonly key: string;
  readonly text: string;
}

/**
 * Stands in for the normalizer binding: reads the object, writes one output whose key hashes the
 * replay identity (as the real outputKeysFor does), and accepts one row per data line.
 */
function fakeNormalizer(calls: Call[] = []): Renormalize {
  return async (object, generation) => {
    const fetched = await s3.store.get(object.key);
    const text = Buffer.from(fetched.bytes).toString("utf8");
    calls.push({ key: object.key, text });
    const identity = replayIdentity(fetched, object.key, object.lastModified, generation);
    const hash = createHash("sha256")
      .update(`${object.key}\n${identity.versionId}`)
      .digest("hex")
      .slice(0, 8);
    const name = object.key.slice(object.key.lastIndexOf("/") + 1, -".csv".length);
    const key = `normalized/${object.key.split("/")[1]}/${name}-${hash}.ndjson.gz`;
    await s3.store.put(key, fetched.bytes, "application/gzip");
    const rows = text.trim().split("\n").length - 1;
    return { writtenKeys: [key], rowsAccepted: rows, rowsRejected: 0 };
  };
}

function sink(isTTY: boolean): ProgressSink & { text: string } {
  const out = { text: "", isTTY, write: (chunk: string) => void (out.text += chunk) };
  return out;
}

function run(
  prefix: string,
  generation: string,
  renormalize: Renormalize,
  options: { dryRun?: boolean; progress?: ProgressSink } = {},
) {
  const lines: string[] = [];
  return runReplay(
    {
      store: s3.store,
      renormalize,
      clock: new FakeClock(0),
      progress: options.progress ?? sink(false),
      print: (line) => lines.push(line),
    },
    { selection: { prefix }, generation, dryRun: options.dryRun ?? false },
  ).then((summary) => ({ summary, lines }));
}

describe("sensorctl replay", () => {
  test("every object under the prefix goes through the normalizer once, with its bytes", async () => {
    const calls: Call[] = [];
    await run("raw/gw-1/", "r1", fakeNormalizer(calls));
    expect(calls.map((call) => [call.key, call.text])).toEqual([
      ["raw/gw-1/a.csv", "sensor,value\ns1,1\n"],
      ["raw/gw-1/b.csv", "sensor,value\ns1,2\ns2,3\n"],
    ]);
  });

  test("the summary adds up the rows and objects the normalizer reports", async () => {
    const { summary } = await run("raw/gw-1/", "r2", fakeNormalizer());
    expect(summary).toMatchObject({
      selectedObjects: 2,
      replayedObjects: 2,
      writtenKeys: 2,
      rowsAccepted: 3,
      rowsRejected: 0,
      failures: [],
    });
  });

  test("a new generation writes new normalized keys; the same generation rewrites the same ones", async () => {
    const before = new Set(await keysUnder(s3.store, "normalized/gw-2/"));
    await run("raw/gw-2/", "r-first", fakeNormalizer());
    const afterFirst = new Set(await keysUnder(s3.store, "normalized/gw-2/"));
    await run("raw/gw-2/", "r-first", fakeNormalizer());
    const afterRepeat = new Set(await keysUnder(s3.store, "normalized/gw-2/"));
    await run("raw/gw-2/", "r-second", fakeNormalizer());
    const afterSecond = new Set(await keysUnder(s3.store, "normalized/gw-2/"));
    expect(afterFirst.size).toBe(before.size + 1);
    expect(afterRepeat).toEqual(afterFirst);
    expect(afterSecond.size).toBe(afterFirst.size + 1);
  });

  test("a dry run lists the objects and their total and neither reads nor writes", async () => {
    const calls: Call[] = [];
    const before = await keysUnder(s3.store, "normalized/");
    const { lines, summary } = await run("raw/gw-1/", "r3", fakeNormalizer(calls), {
      dryRun: true,
    });
    expect(calls).toEqual([]);
    expect(await keysUnder(s3.store, "normalized/")).toEqual(before);
    expect(lines.slice(0, 2).map((line) => line.split(/\s+/).pop())).toEqual([
      "raw/gw-1/a.csv",
      "raw/gw-1/b.csv",
    ]);
    expect(lines[2]).toMatch(/^dry run: 2 objects .* would be replayed as generation r3$/);
    expect(summary.replayedObjects).toBe(0);
  });

  test("one object that fails is reported and the others are still replayed", async () => {
    const healthy = fakeNormalizer();
    const flaky: Renormalize = (object, generation) =>
      object.key.endsWith("a.csv")
        ? Promise.reject(new Error("Unexpected end of JSON"))
        : healthy(object, generation);
    const { summary, lines } = await run("raw/gw-1/", "r4", flaky);
    expect(summary.replayedObjects).toBe(1);
    expect(summary.failures).toEqual([
      { key: "raw/gw-1/a.csv", message: "Unexpected end of JSON" },
    ]);
    expect(lines).toContain("failed: raw/gw-1/a.csv: Unexpected end of JSON");
  });

  test("progress in a log is one line per tenth of the work, ending at all objects", async () => {
    const progress = sink(false);
    await run("raw/gw-1/", "r5", fakeNormalizer(), { progress });
    const lines = progress.text.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\[#{30}\] 2\/2 objects/);
  });

  test("progress on a terminal redraws one line and ends with a newline", async () => {
    const progress = sink(true);
    await run("raw/gw-1/", "r6", fakeNormalizer(), { progress });
    expect(progress.text.split("\r").filter(Boolean)).toHaveLength(2);
    expect(progress.text.endsWith("\n")).toBe(true);
    expect(progress.text.split("\n")).toHaveLength(2);
  });
});
