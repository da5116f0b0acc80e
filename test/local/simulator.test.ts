import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { normalizeToBuffers, optionsFromSettings, readSettings } from "../../lambda/normalizer";
import { simulate, type SimulateOptions } from "../../local/simulator/simulate";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function run(options: Omit<SimulateOptions, "out">) {
  const out = mkdtempSync(join(tmpdir(), "sensor-sim-"));
  dirs.push(out);
  return { out, summary: simulate({ ...options, out }) };
}

function rawFiles(out: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) =>
    readdirSync(dir, { withFileTypes: true }).forEach((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : found.push(join(dir, entry.name)),
    );
  walk(join(out, "raw"));
  return found.sort();
}

/** Path, mtime and content hash of every raw file: what "the same files" means. */
function fingerprint(out: string): string[] {
  return rawFiles(out).map(
    (path) =>
      `${relative(out, path)} ${statSync(path).mtimeMs} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`,
  );
}

async function normalizeAll(out: string) {
  const totals = { records: 0, accepted: 0, rejected: 0 };
  for (const path of rawFiles(out)) {
    const key = relative(out, path).split("\\").join("/");
    const result = await normalizeToBuffers(Readable.from([readFileSync(path)]), {
      sourceKey: key,
      gatewayId: key.split("/")[1],
      options: optionsFromSettings(readSettings({}), new Date(statSync(path).mtimeMs)),
    });
    totals.records += result.counts.records;
    totals.accepted += result.counts.accepted;
    totals.rejected += result.counts.rejected;
  }
  return totals;
}

describe("sensorctl simulate", () => {
  test("writes the same files with the same upload times for the same seed", () => {
    const first = run({ seed: 7, gateways: 2, minutes: 20 });
    const second = run({ seed: 7, gateways: 2, minutes: 20 });
    expect(fingerprint(second.out)).toEqual(fingerprint(first.out));
  });

  test("writes different readings for a different seed", () => {
    const first = run({ seed: 7, gateways: 2, minutes: 20 });
    const second = run({ seed: 8, gateways: 2, minutes: 20 });
    expect(fingerprint(second.out)).not.toEqual(fingerprint(first.out));
  });

  test("uses every upload format and gzip across a few hours of uploads", () => {
    const { summary } = run({ seed: 3, gateways: 4, sensors: 2, minutes: 120 });
    expect(Object.keys(summary.filesByFormat).sort()).toEqual(
      ["csv", "csv-european", "csv-wide", "json", "json-array", "ndjson", "senml"].sort(),
    );
    expect(summary.gzipFiles).toBeGreaterThan(0);
    expect(summary.gzipFiles).toBeLessThan(summary.files);
  });

  test("writes files the normalizer reads completely, rejecting exactly the bad records", async () => {
    const { out, summary } = run({ seed: 11, gateways: 3, minutes: 45, badRate: 0.05 });
    expect(summary.badRecords).toBeGreaterThan(0);
    const totals = await normalizeAll(out);
    expect(totals.records).toBe(summary.records);
    expect(totals.rejected).toBe(summary.badRecords);
  });

  test("writes no bad record with a bad rate of zero", async () => {
    const { out, summary } = run({ seed: 5, gateways: 2, minutes: 30, badRate: 0 });
    const totals = await normalizeAll(out);
    expect(summary.badRecords).toBe(0);
    expect(totals.rejected).toBe(0);
  });

  test("includes duplicates, late readings, corrections and retried uploads in a longer run", () => {
    const { summary } = run({ seed: 2, gateways: 5, sensors: 6, minutes: 120 });
    expect(summary.duplicates).toBeGreaterThan(0);
    expect(summary.lateReadings).toBeGreaterThan(0);
    expect(summary.corrections).toBeGreaterThan(0);
    expect(summary.retriedUploads).toBeGreaterThan(0);
  });

  test("rejects a bad rate above 1 with the option name and the rule", () => {
    expect(() => run({ badRate: 1.5 })).toThrow(
      /--bad-rate 1.5 is invalid; it must be a share from 0 to 1/,
    );
  });
});
