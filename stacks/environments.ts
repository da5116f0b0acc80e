import type { EnvironmentConfigInput } from "./config";

/**
 * The environments this repository deploys, one stack each (`sensors-<name>`).
 *
 * Replace the example values (bucket names, Snowflake organization and account) with yours before
 * the first deploy; `stacks/config.ts` documents every setting, its default and its range.
 * Environments differ here, never in code.
 *
 * Give each environment a fresh `snowflake.storageExternalId` too (a random UUID): a fork that
 * keeps these makes its external IDs public knowledge.
 */
export const ENVIRONMENTS = {
  dev: {
    name: "dev",
    // A sandbox: `cdktf destroy sensors-dev` may delete its bucket, topic and database.
    allowDestroyingData: true,
    aws: { region: "eu-west-1" },
    state: { bucket: "example-sensors-tfstate" },
    tags: { owner: "data-platform", costCentre: "iot-dev" },
    landingBucket: {
      name: "example-sensors-dev-landing",
      encryption: "SSE_S3",
      rawRetentionInDays: 14,
      rejectedRetentionInDays: 30,
      normalizedRetentionInDays: 14,
    },
    normalizer: { memorySizeMb: 512, reservedConcurrency: 5, logRetentionInDays: 14 },
    alerts: { emailAddresses: [] },
    // The MQTT path, on for trying it; gateway ids become IoT things (docs/gateways.md).
    streaming: { enabled: true, gatewayIds: ["gw-0042"] },
    snowflake: {
      organizationName: "EXAMPLEORG",
      accountName: "SENSORS_DEV",
      ownerRole: "SENSORS_DEV_PIPELINE_OWNER",
      adminRole: "SENSORS_DEPLOY_ADMIN",
      dataRetentionTimeInDays: 1,
      storageExternalId: "sensors-dev-0b6f3c1e-8d2a-4f57-9e41-7a3c5d9b2e10",
      biWarehouse: { monthlyCreditQuota: 10 },
      freshness: { thresholdMinutes: 60, checkIntervalMinutes: 15 },
    },
  },
  prod: {
    name: "prod",
    production: true,
    aws: { region: "eu-west-1" },
    state: { bucket: "example-sensors-tfstate" },
    tags: { owner: "data-platform", costCentre: "iot-prod" },
    landingBucket: {
      name: "example-sensors-prod-landing",
      encryption: "SSE_KMS",
      rawRetentionInDays: 90,
      rawTransitionToInfrequentAccessInDays: 30,
      rejectedRetentionInDays: 180,
      normalizedRetentionInDays: 30,
    },
    normalizer: { memorySizeMb: 1024, reservedConcurrency: 50, logRetentionInDays: 90 },
    alerts: { emailAddresses: ["data-platform-oncall@example.com"] },
    // Files only until the MQTT path has run in dev for a while (docs/architecture.md).
    streaming: { enabled: false },
    snowflake: {
      organizationName: "EXAMPLEORG",
      accountName: "SENSORS_PROD",
      ownerRole: "SENSORS_PROD_PIPELINE_OWNER",
      adminRole: "SENSORS_DEPLOY_ADMIN",
      // Seven days of Time Travel need Enterprise Edition; change both if your account is Standard.
      edition: "ENTERPRISE",
      dataRetentionTimeInDays: 7,
      storageExternalId: "sensors-prod-6e2d9a47-1c8b-4b03-a5f2-0d7e4c1b8f96",
      biWarehouse: { monthlyCreditQuota: 50 },
      freshness: { thresholdMinutes: 30, checkIntervalMinutes: 10 },
    },
  },
} satisfies Record<string, EnvironmentConfigInput>;
