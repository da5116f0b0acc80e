import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OUTPUT_NAMES } from "../../stacks/outputs";
import { checkSnowflakeReachable, type Network } from "../../ops/snowflake-reachability";
import { sensorctl } from "../helpers/run-sensorctl";
import { sampleOutputs } from "../helpers/sample-outputs";

/** An outputs file for sensors-dev, as `cdktf output --outputs-file` writes it. */
function outputsFile(): string {
  const values = sampleOutputs("example-sensors-dev-landing");
  const named = Object.fromEntries(
    Object.entries(OUTPUT_NAMES).map(([key, name]) => [name, values[key as keyof typeof values]]),
  );
  const file = join(mkdtempSync(join(tmpdir(), "outputs-")), "outputs.json");
  writeFileSync(file, JSON.stringify({ "sensors-dev": named }));
  return file;
}

/** An environment with no AWS credentials anywhere, and no instance metadata to wait for. */
function withoutAwsCredentials(): () => void {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env))
    if (name.startsWith("AWS_") || name.startsWith("SNOWFLAKE_")) delete process.env[name];
  Object.assign(process.env, {
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  return () => {
    process.env = saved;
  };
}

const failing = (code: string): Network => ({
  lookup: () => Promise.reject(Object.assign(new Error(`getaddrinfo ${code}`), { code })),
  connect: () => Promise.resolve(),
});

describe("commands that need AWS credentials say so before any work", () => {
  let restore: () => void;
  beforeEach(() => (restore = withoutAwsCredentials()));
  afterEach(() => restore());

  test("replay without credentials names the fix instead of the SDK's message", async () => {
    const { error } = await sensorctl(
      "replay",
      "--stack",
      "sensors-dev",
      "--prefix",
      "raw/",
      "--dry-run",
      "--outputs",
      outputsFile(),
    );
    expect(error?.message).toMatch(
      /^AWS credentials: none found \(.*\)\.\n {2}Fix: export AWS_PROFILE=/,
    );
  });

  test("smoke without credentials stops before connecting to Snowflake", async () => {
    const { error } = await sensorctl(
      "smoke",
      "--stack",
      "sensors-dev",
      "--outputs",
      outputsFile(),
    );
    expect(error?.message).toMatch(/^AWS credentials: none found/);
  });
});

describe("Snowflake reachability", () => {
  test("a host that does not exist is named with ENOTFOUND and the settings to check", async () => {
    await expect(
      checkSnowflakeReachable(
        "exampleorg-sensors_dev.snowflakecomputing.com",
        failing("ENOTFOUND"),
      ),
    ).rejects.toThrow(
      "Snowflake account exampleorg-sensors_dev.snowflakecomputing.com: the host name does not exist (ENOTFOUND).\n  Fix: check snowflake.organizationName and accountName",
    );
  });

  test("a DNS failure other than a missing name points at the network", async () => {
    await expect(checkSnowflakeReachable("a.example", failing("EAI_AGAIN"))).rejects.toThrow(
      /cannot be resolved \(EAI_AGAIN\)\.\n {2}Fix: check this machine's network and DNS/,
    );
  });

  test("a port that does not answer is named with the cause", async () => {
    const network: Network = {
      lookup: () => Promise.resolve({ address: "192.0.2.1" }),
      connect: () => Promise.reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
    };
    await expect(checkSnowflakeReachable("a.example", network)).rejects.toThrow(
      /no connection to port 443 \(ETIMEDOUT\)/,
    );
  });

  test("a reachable host passes", async () => {
    const network: Network = {
      lookup: () => Promise.resolve({}),
      connect: () => Promise.resolve(),
    };
    await expect(checkSnowflakeReachable("a.example", network)).resolves.toBeUndefined();
  });

  test("the real check fails within seconds on a name that cannot exist", async () => {
    // RFC 6761: .invalid never resolves. The driver would retry for minutes; this test's timeout
    // (30 s) fails if the check waits like it.
    await expect(checkSnowflakeReachable("sensors.invalid")).rejects.toThrow(
      /Snowflake account sensors\.invalid: the host name (does not exist|cannot be resolved)/,
    );
  }, 30_000);
});
