import type { EnvironmentConfigInput } from "../../stacks/config";
import { ENVIRONMENTS } from "../../stacks/environments";
import { ConfigError, loadEnvironments } from "../../stacks/load-environments";

const dev = (): EnvironmentConfigInput =>
  structuredClone(ENVIRONMENTS.dev) as EnvironmentConfigInput;

describe("loadEnvironments", () => {
  test("the checked-in environments are valid and named dev and prod", () => {
    const names = loadEnvironments(ENVIRONMENTS).map((config) => config.name);
    expect(names).toEqual(["dev", "prod"]);
  });

  test("fills in documented defaults for settings left out", () => {
    const input = dev();
    delete (input as { normalizer?: unknown }).normalizer;
    const [config] = loadEnvironments({ dev: input }, "");
    expect(config.normalizer).toEqual({
      memorySizeMb: 512,
      timeoutSeconds: 300,
      reservedConcurrency: 10,
      logRetentionInDays: 30,
      defaultTimeZone: "UTC",
      maxLineBytes: 65536,
      timestampMaxAgeDays: 365,
      timestampMaxFutureMinutes: 10,
      maxObjectBytes: 2147483648,
      maxDecompressedBytes: 4294967296,
      maxRecordsPerObject: 20000000,
      logLevel: "INFO",
      maxRetryAttempts: 2,
      maxEventAgeSeconds: 21600,
    });
  });

  test("a missing setting names the setting, the file and the fix", () => {
    const input = dev();
    delete (input.snowflake as { accountName?: string }).accountName;
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /stacks\/environments\.ts: dev\.snowflake\.accountName is missing; it must be the account name[\s\S]*Fix: add dev\.snowflake\.accountName to the dev block/,
    );
  });

  test("an invalid value is shown with the rule it breaks", () => {
    const input = dev();
    input.normalizer = { memorySizeMb: 0 };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.normalizer\.memorySizeMb = 0 is invalid; it must be at least 128 MB/,
    );
  });

  test("network policy ranges must be IPv4 addresses or CIDR ranges, and never everything", () => {
    const input = dev();
    input.snowflake = {
      ...input.snowflake,
      networkPolicies: {
        ciAllowedIpRanges: ["0.0.0.0/0"],
        powerBiAllowedIpRanges: ["10.0.0.0/33"],
      },
    };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /ciAllowedIpRanges\.0 = "0\.0\.0\.0\/0" is invalid; it must not be 0\.0\.0\.0\/0, which allows every address[\s\S]*powerBiAllowedIpRanges\.0 = "10\.0\.0\.0\/33" is invalid; it must be an IPv4 address or CIDR range/,
    );
  });

  test("network policies are off unless ranges are listed", () => {
    const [config] = loadEnvironments({ dev: dev() }, "");
    expect(config.snowflake.networkPolicies).toEqual({});
  });

  test("a lower-case Snowflake role name is rejected as a bad name", () => {
    const input = dev();
    input.snowflake.ownerRole = "pipeline_owner";
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.snowflake\.ownerRole = "pipeline_owner" is invalid; it must be an unquoted Snowflake identifier in upper case/,
    );
  });

  test("an invalid bucket name is rejected", () => {
    const input = dev();
    input.landingBucket.name = "Sensors_Landing";
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /landingBucket\.name .* valid S3 bucket name/,
    );
  });

  test("normalized files must outlive Snowpipe's 14-day load history", () => {
    const input = dev();
    input.landingBucket.normalizedRetentionInDays = 7;
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /normalizedRetentionInDays = 7 is invalid; it must be at least 14 days/,
    );
  });

  test("production needs at least 7 days of Time Travel", () => {
    const input = dev();
    input.production = true;
    input.snowflake.dataRetentionTimeInDays = 1;
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.snowflake\.dataRetentionTimeInDays = 1 is invalid; it must be at least 7 days in a production environment/,
    );
  });

  test("an unknown time zone is rejected", () => {
    const input = dev();
    input.normalizer = { defaultTimeZone: "Mars/Olympus" };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(/defaultTimeZone .* IANA time zone/);
  });

  test("an environment whose name differs from its key is rejected", () => {
    expect(() => loadEnvironments({ staging: dev() }, "")).toThrow(
      /staging\.name = "dev" differs from its key "staging"\.\n {2}Fix: rename the key or the name/,
    );
  });

  test("every problem is reported at once, as a ConfigError", () => {
    const input = dev();
    input.normalizer = { memorySizeMb: 0, timeoutSeconds: 0 };
    let error: unknown;
    try {
      loadEnvironments({ dev: input }, "");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/2 problems/);
  });

  test("errors point at the line of the setting in the environments file", () => {
    const source = [
      "export const ENVIRONMENTS = {",
      "  dev: {",
      "    normalizer: {",
      "      memorySizeMb: 0,",
      "    },",
      "  },",
      "};",
    ].join("\n");
    const input = dev();
    input.normalizer = { memorySizeMb: 0 };
    expect(() => loadEnvironments({ dev: input }, source)).toThrow(
      /^[\s\S]*stacks\/environments\.ts:4: dev\.normalizer\.memorySizeMb/,
    );
  });
});
