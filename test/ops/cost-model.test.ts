import { readFileSync } from "node:fs";
import { READING_COLUMNS } from "../../contract/reading";
import { EXAMPLE_FLEETS } from "../../cost/fleets";
import {
  type CostLine,
  type Fleet,
  NORMALIZED_BYTES_PER_ROW,
  SAMPLE_ROW,
  monthlyCost,
  monthlyVolumes,
} from "../../cost/model";
import { LIST_PRICES, PRICE_SOURCES } from "../../cost/prices";
import { BEGIN_MARKER, END_MARKER, renderCostTables } from "../../cost/render";
import { COST_DOC } from "../../cost/write-docs";

const small = EXAMPLE_FLEETS[0];
const line = (lines: CostLine[], prefix: string) => {
  const found = lines.find((candidate) => candidate.item.startsWith(prefix));
  if (!found) throw new Error(`no line ${prefix}`);
  return found;
};

describe("cost model", () => {
  test("the sample row has exactly the contract's columns, in contract order", () => {
    expect(Object.keys(SAMPLE_ROW)).toEqual(READING_COLUMNS.map((column) => column.name));
  });

  test("100 sensors at one reading per 10 s make 25,920,000 readings in a 30-day month", () => {
    expect(monthlyVolumes(small).readings).toBe(100 * ((30 * 86_400) / 10));
  });

  test("Snowpipe bills the uncompressed normalized bytes at the per-GB rate", () => {
    const gb = (25_920_000 * NORMALIZED_BYTES_PER_ROW) / 1e9;
    expect(line(monthlyCost(small, LIST_PRICES), "Snowpipe").usd).toBeCloseTo(
      gb * 0.0037 * 3.0,
      10,
    );
  });

  test("better gzip lowers S3 storage but not Snowpipe, which bills uncompressed bytes", () => {
    const better: Fleet = { ...small, normalizedGzipRatio: small.normalizedGzipRatio * 2 };
    const before = monthlyCost(small, LIST_PRICES);
    const after = monthlyCost(better, LIST_PRICES);
    expect(line(after, "Snowpipe").usd).toBe(line(before, "Snowpipe").usd);
    expect(line(after, "S3 storage").usd).toBeLessThan(line(before, "S3 storage").usd);
  });

  test("uploading five times less often divides S3 requests, invocations and publishes by five", () => {
    const batched: Fleet = { ...small, uploadIntervalSeconds: small.uploadIntervalSeconds * 5 };
    const before = monthlyCost(small, LIST_PRICES);
    const after = monthlyCost(batched, LIST_PRICES);
    for (const item of ["S3 PUT", "S3 GET", "Lambda requests", "SNS"]) {
      expect(line(after, item).quantity).toBeCloseTo(line(before, item).quantity / 5, 6);
    }
  });

  test("the task runs at most once per upload when uploads are rarer than schedule ticks", () => {
    const rare: Fleet = { ...small, uploadIntervalSeconds: 600, taskScheduleSeconds: 60 };
    const volumes = monthlyVolumes(rare);
    expect(volumes.taskRuns).toBe((30 * 86_400) / 600);
    expect(volumes.taskTicks).toBe((30 * 86_400) / 60);
  });

  test("with no data and no queries only the freshness check bills Snowflake credits: 4,320 one-second checks a month", () => {
    const idle = monthlyCost({ ...small, sensors: 0, biActiveHoursPerDay: 0 }, LIST_PRICES);
    const compute = idle.filter((l) => l.unit === "credits" || l.item.startsWith("Snowpipe"));
    expect(compute.map((l) => [l.item, l.usd])).toEqual([
      ["Snowpipe (per uncompressed GB)", 0],
      ["Serverless task (MERGE)", 0],
      // 30 days of checks every 10 minutes, 1 X-Small-second each, times 0.9, at $3 a credit.
      ["Serverless task (freshness check)", ((4320 * 1) / 3600) * 0.9 * 3],
      ["BI warehouse", 0],
    ]);
    expect(idle.find((l) => l.item === "Serverless task (freshness check)")?.idle).toBe(true);
  });

  test("checking freshness every 15 minutes instead of 10 bills two thirds as much", () => {
    const check = (minutes: number) =>
      monthlyCost(
        { ...small, sensors: 0, freshnessCheckIntervalMinutes: minutes },
        LIST_PRICES,
      ).find((l) => l.item === "Serverless task (freshness check)")!.usd;
    expect(check(15) / check(10)).toBeCloseTo(2 / 3, 10);
  });

  test("with no data only the lines marked idle cost anything", () => {
    const idle = monthlyCost({ ...small, sensors: 0, biActiveHoursPerDay: 0 }, LIST_PRICES);
    expect(idle.filter((l) => l.usd > 0 && !l.idle)).toEqual([]);
  });

  test("every price names its source", () => {
    expect(Object.keys(PRICE_SOURCES).sort()).toEqual(Object.keys(LIST_PRICES).sort());
  });

  test("docs/cost.md holds exactly the tables the model computes (run npx tsx cost/write-docs.ts)", () => {
    const text = readFileSync(COST_DOC, "utf8");
    const generated = text.slice(
      text.indexOf(BEGIN_MARKER),
      text.indexOf(END_MARKER) + END_MARKER.length,
    );
    expect(generated).toBe(renderCostTables());
  });
});
