import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../cli/sensorctl";

const run = (args: string[]) =>
  buildProgram()
    .exitOverride()
    .parseAsync(["node", "sensorctl", ...args]);

describe("sensorctl bootstrap-sql", () => {
  const dir = mkdtempSync(join(tmpdir(), "bootstrap-sql-"));
  const publicKeyFile = (name: string) => {
    const { publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const file = join(dir, `${name}.pub`);
    writeFileSync(file, publicKey);
    return file;
  };

  test("writes the SQL of the named environment to --out", async () => {
    const out = join(dir, "prod.sql");
    await run([
      "bootstrap-sql",
      "--env",
      "prod",
      "--deploy-public-key",
      publicKeyFile("deploy"),
      "--plan-public-key",
      publicKeyFile("plan"),
      "--bi-credit-quota",
      "25",
      "--out",
      out,
    ]);
    const sql = readFileSync(out, "utf8");
    expect(sql).toContain("CREATE USER IF NOT EXISTS SENSORS_PROD_DEPLOY");
    expect(sql).toMatch(
      /CREATE RESOURCE MONITOR IF NOT EXISTS SENSORS_PROD_BI_MONITOR\n {2}WITH CREDIT_QUOTA = 25 /,
    );
  });

  test("names the environments there are when the one asked for does not exist", async () => {
    const key = publicKeyFile("any");
    await expect(
      run(["bootstrap-sql", "--env", "qa", "--deploy-public-key", key, "--plan-public-key", key]),
    ).rejects.toThrow(/no environment "qa"[\s\S]*Fix: use one of dev, prod/);
  });
});
