import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../cli/sensorctl";

let root: string;
let stdout: string[];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "sensorctl-status-"));
  stdout = [];
  process.exitCode = undefined;
  jest.spyOn(process.stdout, "write").mockImplementation((text) => {
    stdout.push(String(text));
    return true;
  });
  jest.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
  rmSync(root, { recursive: true, force: true });
});

const sensorctl = (...args: string[]) =>
  buildProgram()
    .exitOverride()
    .parseAsync(["node", "sensorctl", ...args]);

/** Half an hour of uploads that ended a few minutes ago, so "the last hour" holds all of them. */
function recentStart(): string {
  const start = new Date(Date.now() - 40 * 60_000);
  start.setUTCSeconds(0, 0);
  return start.toISOString();
}

/** A gateway whose firmware renamed its CSV header: every row is rejected. */
function uploadRenamedHeader(gateway: string): void {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const rows = Array.from({ length: 20 }, (_, i) => `${now},th-0${i % 3},temperature,21.${i},°C`);
  mkdirSync(join(root, "raw", gateway), { recursive: true });
  writeFileSync(
    join(root, "raw", gateway, "export.csv"),
    ["time_utc,device_name,metric,value,unit", ...rows, ""].join("\n"),
  );
}

async function runLocal(badRate: string): Promise<string> {
  await sensorctl(
    "simulate",
    ...["--out", root, "--gateways", "3", "--minutes", "30", "--start", recentStart()],
    ...["--bad-rate", badRate],
  );
  const db = join(root, "pipeline.duckdb");
  return db;
}

describe("sensorctl status --db", () => {
  test("names every gateway, shows the renamed-header gateway's rejection spike and exits 2", async () => {
    const db = await runLocal("0.01");
    uploadRenamedHeader("gw-004");
    await sensorctl("local", "--input", root, "--db", db, "--workers", "0");
    stdout.length = 0;
    await sensorctl("status", "--db", db);
    const screen = stdout.join("");
    for (const gateway of ["gw-001", "gw-002", "gw-003"]) {
      expect(screen).toMatch(new RegExp(`^${gateway} .* OK$`, "m"));
    }
    expect(screen).toMatch(/^gw-004 .* 0 +21 +100 +UNRECOGNIZED_FORMAT +REJECTION_SPIKE$/m);
    expect(screen).toMatch(/UNHEALTHY:\n {2}- gw-004 has a REJECTION_SPIKE: 100 %/);
    expect(process.exitCode).toBe(2);
  });

  test("says HEALTHY and leaves the exit code alone when every gateway is fine", async () => {
    const db = await runLocal("0");
    await sensorctl("local", "--input", root, "--db", db, "--workers", "0");
    stdout.length = 0;
    await sensorctl("status", "--db", db);
    const screen = stdout.join("");
    expect(screen).toMatch(/^gw-003 .* OK$/m);
    expect(screen).toMatch(/^ {2}TRANSFORM_READINGS: last run SUCCEEDED/m);
    expect(screen).toMatch(/\nHEALTHY\n/);
    expect(process.exitCode).toBeUndefined();
  });

  test("refuses a database that does not exist instead of creating it", async () => {
    await expect(sensorctl("status", "--db", join(root, "typo.duckdb"))).rejects.toThrow(
      /no such database. Fix: run `sensorctl local/,
    );
  });
});
