import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../cli/sensorctl";

let root: string;
let stdout: string[];
let stderr: string[];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "sensorctl-errors-"));
  stdout = [];
  stderr = [];
  jest.spyOn(process.stdout, "write").mockImplementation((text) => {
    stdout.push(String(text));
    return true;
  });
  jest.spyOn(process.stderr, "write").mockImplementation((text) => {
    stderr.push(String(text));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const sensorctl = (...args: string[]) =>
  buildProgram()
    .exitOverride()
    .parseAsync(["node", "sensorctl", ...args]);

/** A small simulated bucket at `<root>/demo` with its database, for the --query tests. */
async function demoWithDatabase(): Promise<string> {
  const demo = join(root, "demo");
  await sensorctl("simulate", "--out", demo, "--gateways", "1", "--minutes", "5");
  const db = join(demo, "pipeline.duckdb");
  await sensorctl("local", "--input", demo, "--db", db, "--workers", "0");
  stdout.length = 0;
  stderr.length = 0;
  return db;
}

describe("sensorctl local refuses input it cannot use", () => {
  test("an --input that does not exist is named, with the fix", async () => {
    await expect(
      sensorctl("local", "--input", join(root, "dmeo"), "--db", join(root, "p.duckdb")),
    ).rejects.toThrow(/--input .*dmeo does not exist\.\n {2}Fix: give the local bucket directory/);
  });

  test("the raw/ folder given as --input points at its parent", async () => {
    mkdirSync(join(root, "demo", "raw", "gw-001"), { recursive: true });
    await expect(
      sensorctl("local", "--input", join(root, "demo", "raw"), "--db", join(root, "p.duckdb")),
    ).rejects.toThrow(
      `is the raw/ folder itself.\n  Fix: give the directory that holds it: --input ${join(root, "demo")}.`,
    );
  });

  test("a bucket without raw/ or without any file under it is an error, not an empty run", async () => {
    mkdirSync(join(root, "empty"));
    await expect(
      sensorctl("local", "--input", join(root, "empty"), "--db", join(root, "p.duckdb")),
    ).rejects.toThrow(/--input .*empty has no raw\/ directory/);
    mkdirSync(join(root, "empty", "raw", "gw-001"), { recursive: true });
    await expect(
      sensorctl("local", "--input", join(root, "empty"), "--db", join(root, "p.duckdb")),
    ).rejects.toThrow(/--input .*empty has no files under raw\/\.\n {2}Fix: add uploads/);
  });

  test("--memory-limit that is not a size is named before DuckDB sees it", async () => {
    const db = await demoWithDatabase();
    await expect(
      sensorctl("local", "--db", db, "--memory-limit", "lots", "--query", "SELECT 1"),
    ).rejects.toThrow(
      "--memory-limit lots is not a memory size.\n  Fix: give a number and a unit, e.g. --memory-limit 1GB",
    );
    await sensorctl("local", "--db", db, "--memory-limit", "256MB", "--query", "SELECT 1 AS one");
    expect(stdout.join("")).toBe("one\n---\n1\n(1 rows)\n");
  });
});

describe("sensorctl local --db", () => {
  test("--query on a mistyped --db refuses to create a database", async () => {
    const db = await demoWithDatabase();
    const typo = db.replace("pipeline", "pipline");
    await expect(sensorctl("local", "--db", typo, "--query", "SELECT 1")).rejects.toThrow(
      `--db ${typo} does not exist.\n  Fix: check the path`,
    );
    expect(existsSync(typo)).toBe(false);
  });

  test("a pipeline run says when it created a new database", async () => {
    await sensorctl("simulate", "--out", join(root, "demo"), "--gateways", "1", "--minutes", "5");
    const db = join(root, "demo", "pipeline.duckdb");
    await sensorctl("local", "--input", join(root, "demo"), "--db", db, "--workers", "0");
    expect(stderr.join("")).toContain(`created a new database ${db}\n`);
    stderr.length = 0;
    await sensorctl("local", "--input", join(root, "demo"), "--db", db, "--workers", "0");
    expect(stderr.join("")).not.toContain("created a new database");
  });

  test("--query runs every statement and prints each result", async () => {
    const db = await demoWithDatabase();
    await sensorctl("local", "--db", db, "--query", "SELECT 1 AS a; SELECT 2 AS b;");
    expect(stdout.join("")).toBe("a\n-\n1\n(1 rows)\n\nb\n-\n2\n(1 rows)\n");
  });

  test("a failing statement is named by its position after the results before it", async () => {
    const db = await demoWithDatabase();
    await expect(
      sensorctl("local", "--db", db, "--query", "SELECT 1 AS a; SELECT * FROM no_such_table"),
    ).rejects.toThrow(/--query failed \(statement 2 of 2\): .*no_such_table/);
    expect(stdout.join("")).toBe("a\n-\n1\n(1 rows)\n");
  });

  test("--query while another process holds the database names the cause and the fix", async () => {
    const db = await demoWithDatabase();
    // Another process holds the file, as `sensorctl local --watch` does.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `require("@duckdb/node-api").DuckDBInstance.create(${JSON.stringify(db)}).then(() => { process.stdout.write("open\\n"); setInterval(() => undefined, 1000); })`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
      await expect(sensorctl("local", "--db", db, "--query", "SELECT 1")).rejects.toThrow(
        new RegExp(
          `^--db ${db.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is open in another process \\(PID ${holder.pid}\\).*\n {2}Fix: stop that process \\(Ctrl-C\\), then run this again\\.$`,
        ),
      );
    } finally {
      holder.kill();
    }
  });
});

describe("sensorctl exit codes", () => {
  test("a failed command exits 1 with one message and no stack trace", () => {
    const result = spawnSync(
      process.execPath,
      ["bin/sensorctl.js", "local", "--input", join(root, "nope"), "--db", join(root, "p.duckdb")],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `sensorctl: --input ${join(root, "nope")} does not exist.\n  Fix: give the local bucket directory that holds raw/, e.g. --input ./demo (\`sensorctl simulate --out ./demo\` writes one).\n`,
    );
  });
});

describe("simulated upload times", () => {
  test("copies of files simulated for an old --start keep their simulated upload time", async () => {
    const demo = join(root, "demo");
    await sensorctl(
      "simulate",
      "--out",
      demo,
      "--gateways",
      "1",
      "--minutes",
      "10",
      "--bad-rate",
      "0",
      "--start",
      "2023-02-01T08:00:00Z",
    );
    // cp without -p: every file gets today's mtime, as a checkout or an unzip would give it.
    const copy = join(root, "copy");
    cpSync(demo, copy, { recursive: true, preserveTimestamps: false });
    cpSync(join(copy, "raw", "gw-001"), join(copy, "raw", "gw-009"), { recursive: true });
    await sensorctl("local", "--input", copy, "--db", join(root, "p.duckdb"), "--workers", "0");
    expect(stdout.join("")).toMatch(/rejected: 0\n/);
  });

  test("a file the simulator did not write keeps its mtime as its upload time", async () => {
    const demo = join(root, "demo");
    await sensorctl(
      "simulate",
      "--out",
      demo,
      "--gateways",
      "1",
      "--minutes",
      "5",
      "--bad-rate",
      "0",
    );
    // Dropped in by hand today with readings from 2023: too old for its upload time.
    writeFileSync(
      join(demo, "raw", "gw-001", "by-hand.csv"),
      "timestamp,sensor_id,metric,value,unit\n2023-02-01T08:00:00Z,s1,temperature,21.5,Cel\n",
    );
    stdout.length = 0;
    await sensorctl("local", "--input", demo, "--db", join(root, "p.duckdb"), "--workers", "0");
    expect(stdout.join("")).toMatch(/rejected: 1\n {4}IMPLAUSIBLE_TIMESTAMP: 1\n/);
  });

  test("the default start lies within the normalizer's window whenever the demo runs", async () => {
    const demo = join(root, "demo");
    await sensorctl(
      "simulate",
      "--out",
      demo,
      "--gateways",
      "1",
      "--minutes",
      "30",
      "--bad-rate",
      "0",
    );
    stdout.length = 0;
    await sensorctl("local", "--input", demo, "--db", join(root, "p.duckdb"), "--workers", "0");
    expect(stdout.join("")).toMatch(/rejected: 0\n/);
  });
});
