import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../cli/sensorctl";

let root: string;
let stdout: string[];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "sensorctl-local-"));
  stdout = [];
  jest.spyOn(process.stdout, "write").mockImplementation((text) => {
    stdout.push(String(text));
    return true;
  });
  jest.spyOn(process.stderr, "write").mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const sensorctl = (...args: string[]) =>
  buildProgram()
    .exitOverride()
    .parseAsync(["node", "sensorctl", ...args]);

describe("sensorctl simulate and local", () => {
  test("simulate writes uploads for every gateway under raw/", async () => {
    await sensorctl("simulate", "--out", root, "--gateways", "2", "--minutes", "10");
    expect(readdirSync(join(root, "raw")).sort()).toEqual(["gw-001", "gw-002"]);
  });

  test("simulate names the option and the rule when a value is not a number", async () => {
    await expect(sensorctl("simulate", "--out", root, "--gateways", "many")).rejects.toThrow(
      /--gateways many is not a number/,
    );
  });

  test("local prints the summary, then --query answers from the REPORTING views", async () => {
    await sensorctl("simulate", "--out", root, "--minutes", "10", "--bad-rate", "0");
    const db = join(root, "pipeline.duckdb");
    await sensorctl("local", "--input", root, "--db", db, "--workers", "0");
    const summary = stdout.join("");
    stdout.length = 0;
    await sensorctl(
      "local",
      "--db",
      db,
      "--query",
      "SELECT count(*) AS sensors FROM reporting.sensors",
    );
    expect(summary).toMatch(/rejected: 0\n/);
    expect(summary).toMatch(/task: [\d,]+ rows from the stream merged in one transaction/);
    expect(stdout.join("")).toBe("sensors\n-------\n12\n(1 rows)\n");
  });

  test("local without --input or --query says what is missing", async () => {
    await expect(sensorctl("local", "--db", join(root, "x.duckdb"))).rejects.toThrow(
      /--input <dir> is required unless --query or --mqtt is given/,
    );
  });
});
