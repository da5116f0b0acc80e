import type { EnvironmentConfigInput } from "../../stacks/config";
import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";

const dev = (): EnvironmentConfigInput =>
  structuredClone(ENVIRONMENTS.dev) as EnvironmentConfigInput;

describe("AWS settings", () => {
  test("default the per-object limits to the function's own: 2 GiB, 4 GiB of text, 20M records", () => {
    const input = dev();
    input.normalizer = {};
    const [config] = loadEnvironments({ dev: input }, "");
    expect(config.normalizer).toMatchObject({
      maxObjectBytes: 2147483648,
      maxDecompressedBytes: 4294967296,
      maxRecordsPerObject: 20000000,
    });
  });

  test("reject a per-object limit the function would refuse at start-up", () => {
    const input = dev();
    input.normalizer = { maxObjectBytes: 1000 };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /maxObjectBytes.*must be at least 1048576 bytes/,
    );
  });

  test("default the normalizer's content limits to 65536 bytes, 365 days and 10 minutes", () => {
    const input = dev();
    input.normalizer = {};
    const [config] = loadEnvironments({ dev: input }, "");
    expect(config.normalizer).toMatchObject({
      maxLineBytes: 65536,
      timestampMaxAgeDays: 365,
      timestampMaxFutureMinutes: 10,
    });
  });

  test("reject a raw transition that is not before the raw expiry", () => {
    const input = dev();
    input.landingBucket = {
      ...input.landingBucket,
      rawRetentionInDays: 30,
      rawTransitionToInfrequentAccessInDays: 30,
    };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.landingBucket\.rawTransitionToInfrequentAccessInDays = 30 is invalid; it must be less than rawRetentionInDays \(30\)/,
    );
  });

  test("reject a raw transition sooner than S3's 30-day minimum for Standard-IA", () => {
    const input = dev();
    input.landingBucket = {
      ...input.landingBucket,
      rawRetentionInDays: 60,
      rawTransitionToInfrequentAccessInDays: 7,
    };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /rawTransitionToInfrequentAccessInDays = 7 is invalid; it must be at least 30 days/,
    );
  });

  test("reject zero reserved concurrency, which would disable the normalizer", () => {
    const input = dev();
    input.normalizer = { reservedConcurrency: 0 };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.normalizer\.reservedConcurrency = 0 is invalid; it must be at least 1/,
    );
  });

  test("reject an alarm period that CloudWatch cannot evaluate", () => {
    const input = dev();
    input.alerts = { alarmPeriodSeconds: 90 };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.alerts\.alarmPeriodSeconds = 90 is invalid; it must be a multiple of 60 seconds/,
    );
  });

  test("reject a trust anchor that is not a PEM certificate", () => {
    const input = dev();
    input.gateways = { trustAnchorCertificatePem: "MIIB..." };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.gateways\.trustAnchorCertificatePem = "MIIB\.\.\." is invalid; it must be one PEM certificate/,
    );
  });

  test("reject a Roles Anywhere session shorter than 15 minutes", () => {
    const input = dev();
    input.gateways = { sessionDurationSeconds: 60 };
    expect(() => loadEnvironments({ dev: input }, "")).toThrow(
      /dev\.gateways\.sessionDurationSeconds = 60 is invalid; it must be at least 900 seconds/,
    );
  });
});
