import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { sourceKeyForPath } from "../../../cli/commands/normalize";
import { main } from "../../../cli/sensorctl";

let dir: string;
let stdout: jest.SpyInstance;
let stderr: jest.SpyInstance;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sensorctl-normalize-"));
  stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  process.exitCode = undefined;
});

afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => main(["node", "sensorctl", "normalize", ...args]);
const printed = (spy: jest.SpyInstance) => spy.mock.calls.map((call) => String(call[0])).join("");

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe("sensorctl normalize", () => {
  it("takes key and gateway from a raw/<gateway>/ path", () => {
    expect(sourceKeyForPath("/data/raw/gw-3/2026/a.csv", undefined)).toBe("raw/gw-3/2026/a.csv");
  });

  it("lets --gateway replace the gateway of the path", () => {
    expect(sourceKeyForPath("/data/raw/gw-3/a.csv", "gw-4")).toBe("raw/gw-4/a.csv");
  });

  it("needs --gateway for a path without raw/<gateway>/", () => {
    expect(() => sourceKeyForPath("/data/a.csv", undefined)).toThrow(/pass --gateway <id>/);
    expect(sourceKeyForPath("/data/a.csv", "gw-5")).toBe("raw/gw-5/a.csv");
  });

  it("writes normalized/ and rejected/ objects and one summary line per file, exiting 0", async () => {
    const now = new Date().toISOString();
    const file = join(dir, "in.csv");
    writeFileSync(file, `timestamp,sensor,metric,value\n${now},s,t,1\n${now},s,t,x\n`);
    await run(file, "--gateway", "gw-1", "--out", join(dir, "out"));
    expect(process.exitCode).toBeUndefined();
    const files = filesUnder(join(dir, "out"));
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(
      /^normalized\/\d{4}\/\d{2}\/\d{2}\/gw-1\/\d{8}T\d{6}Z-in-[0-9a-f]{16}\.ndjson\.gz$/,
    );
    expect(files[1]).toBe(files[0].replace(/^normalized/, "rejected"));
    const rows = gunzipSync(readFileSync(join(dir, "out", files[0])))
      .toString()
      .trim()
      .split("\n");
    expect(rows.map((row) => JSON.parse(row).source_key)).toEqual(["raw/gw-1/in.csv"]);
    const lines = printed(stdout).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/records=2 accepted=1 rejected=1 \(NON_NUMERIC_VALUE=1\)/);
  });

  it("exits non-zero with a clear message when a file cannot be read, after processing the others", async () => {
    const good = join(dir, "raw", "gw-2", "good.csv");
    mkdirSync(join(dir, "raw", "gw-2"), { recursive: true });
    writeFileSync(good, "");
    await run(join(dir, "missing.csv"), good, "--gateway", "gw-2", "--out", join(dir, "out"));
    expect(process.exitCode).toBe(1);
    expect(printed(stderr)).toMatch(/missing\.csv: ENOENT/);
    expect(printed(stderr)).toMatch(/1 of 2 files could not be normalized/);
    expect(printed(stdout)).toMatch(
      /good\.csv: none records=1 accepted=0 rejected=1 \(EMPTY_FILE=1\)/,
    );
  });
});
