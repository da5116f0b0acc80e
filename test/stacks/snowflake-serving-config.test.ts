import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";
import { environment } from "../helpers/synth";

describe("snowflake serving settings", () => {
  test("default to a minute's schedule, an X-Small BI warehouse suspending after 60 s and a 30-minute freshness threshold", () => {
    const config = environment("dev", (input) => ({
      ...input,
      snowflake: {
        organizationName: "O",
        accountName: "A",
        ownerRole: "OWNER",
        adminRole: "ADMIN",
        storageExternalId: input.snowflake.storageExternalId,
      },
    }));
    expect(config.snowflake.transformation).toEqual({
      scheduleSeconds: 60,
      timeoutSeconds: 900,
      suspendAfterFailures: 10,
      sensorIdentity: "gateway",
    });
    expect(config.snowflake.biWarehouse).toEqual({
      size: "XSMALL",
      autoSuspendSeconds: 60,
      statementTimeoutSeconds: 300,
      monthlyCreditQuota: 20,
    });
    expect(config.snowflake.freshness).toEqual({ thresholdMinutes: 30, checkIntervalMinutes: 10 });
  });

  test("name the setting and its choices when the sensor identity is neither gateway nor global", () => {
    const input = structuredClone(ENVIRONMENTS.dev);
    const broken = {
      ...input,
      snowflake: { ...input.snowflake, transformation: { sensorIdentity: "fleet" } },
    } as unknown as typeof input;
    expect(() => loadEnvironments({ dev: broken }, "")).toThrow(
      /transformation\.sensorIdentity[\s\S]*must be one of gateway, global/,
    );
  });

  test("name the setting and the fix when the BI warehouse would suspend in under a minute", () => {
    const input = structuredClone(ENVIRONMENTS.dev);
    const broken = {
      ...input,
      snowflake: { ...input.snowflake, biWarehouse: { autoSuspendSeconds: 10 } },
    };
    expect(() => loadEnvironments({ dev: broken }, "")).toThrow(
      /dev\.snowflake\.biWarehouse\.autoSuspendSeconds = 10 is invalid; it must be at least 60 seconds\.\n {2}Fix: change dev\.snowflake\.biWarehouse\.autoSuspendSeconds/,
    );
  });

  test("assume a STANDARD edition account and stop synth on Time Travel beyond 1 day, naming snowflake.edition and both fixes", () => {
    expect(environment("dev").snowflake.edition).toBe("STANDARD");
    const snowflake: Record<string, unknown> = { ...ENVIRONMENTS.prod.snowflake };
    delete snowflake.edition;
    const input = { ...structuredClone(ENVIRONMENTS.prod), snowflake } as typeof ENVIRONMENTS.prod;
    expect(() => loadEnvironments({ prod: input }, "")).toThrow(
      /prod\.snowflake\.dataRetentionTimeInDays = 7 is invalid; it must be 1 on a STANDARD edition account \(snowflake\.edition\).*Set snowflake\.edition to "ENTERPRISE" if the account is Enterprise or higher, or lower dataRetentionTimeInDays to 1/,
    );
  });

  test("accept Time Travel beyond 1 day on an ENTERPRISE account", () => {
    expect(environment("prod").snowflake).toMatchObject({
      edition: "ENTERPRISE",
      dataRetentionTimeInDays: 7,
    });
  });

  test("reject a Power BI public key with its PEM header lines", () => {
    const input = structuredClone(ENVIRONMENTS.dev);
    const broken = {
      ...input,
      snowflake: { ...input.snowflake, powerBiPublicKey: "-----BEGIN PUBLIC KEY-----\nMIIB" },
    };
    expect(() => loadEnvironments({ dev: broken }, "")).toThrow(
      /powerBiPublicKey .* must be the base64 body of an RSA public key on one line/,
    );
  });
});
