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

  test("a public key file that does not exist is named by its option, with the fix", async () => {
    const key = publicKeyFile("deploy-ok");
    const missing = join(dir, "dev-plan.pub");
    await expect(
      run([
        "bootstrap-sql",
        "--env",
        "dev",
        "--deploy-public-key",
        key,
        "--plan-public-key",
        missing,
      ]),
    ).rejects.toThrow(
      `--plan-public-key ${missing} does not exist.\n  Fix: give the .pub file written by \`openssl rsa`,
    );
  });

  test("a directory given as a key file is named by its option", async () => {
    const key = publicKeyFile("plan-ok");
    await expect(
      run(["bootstrap-sql", "--env", "dev", "--deploy-public-key", dir, "--plan-public-key", key]),
    ).rejects.toThrow(`--deploy-public-key ${dir} is a directory, not a file.\n  Fix:`);
  });

  test("a credit quota that is not a whole number is named with its range", async () => {
    const key = publicKeyFile("quota");
    const args = ["bootstrap-sql", "--env", "dev", "--deploy-public-key", key];
    await expect(
      run([...args, "--plan-public-key", key, "--bi-credit-quota", "ten"]),
    ).rejects.toThrow("--bi-credit-quota ten is not a whole number from 1 to 10000.\n  Fix:");
    await expect(
      run([...args, "--plan-public-key", key, "--bi-credit-quota", "0"]),
    ).rejects.toThrow("--bi-credit-quota 0 is not a whole number from 1 to 10000.");
  });
});
