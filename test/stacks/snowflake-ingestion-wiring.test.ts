import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";
import type { SensorPipelineStack } from "../../stacks/sensor-pipeline-stack";
import { dataSource } from "../helpers/snowflake-ingestion-stack";
import {
  type SynthesizedStack,
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";

/** The environment stack, which wires Snowflake ingestion to its own AWS constructs. */
function withIngestion(stack: SensorPipelineStack): SynthesizedStack {
  return synthesize(stack);
}

describe("SensorPipelineStack Snowflake ingestion wiring", () => {
  test("enables exactly the preview resources ingestion uses, on both Snowflake providers", () => {
    const providers = withIngestion(pipelineStack()).provider?.snowflake ?? [];
    expect(providers).toHaveLength(2);
    for (const provider of providers) {
      expect(provider.preview_features_enabled).toEqual([
        "snowflake_file_format_resource",
        "snowflake_notification_integration_resource",
        "snowflake_pipe_resource",
        "snowflake_stage_resource",
        "snowflake_storage_integration_resource",
        "snowflake_table_resource",
      ]);
    }
  });

  test("sets the environment's configured external ID on the integration and requires it in the trust policy", () => {
    const config = environment("prod");
    const synthesized = withIngestion(pipelineStack(config));
    const integration = onlyResource(synthesized, "snowflake_storage_integration");
    expect(integration.storage_aws_external_id).toBe(config.snowflake.storageExternalId);
    const trust = dataSource(synthesized, "aws_iam_policy_document", "StorageAccess_TrustPolicy");
    expect(trust.statement).toEqual([
      expect.objectContaining({
        condition: [
          {
            test: "StringEquals",
            variable: "sts:ExternalId",
            values: [config.snowflake.storageExternalId],
          },
        ],
      }),
    ]);
  });

  test("names the integrations and IAM roles after the environment", () => {
    const synthesized = withIngestion(pipelineStack(environment("prod")));
    expect(onlyResource(synthesized, "snowflake_storage_integration").name).toBe(
      "SENSORS_PROD_NORMALIZED_S3",
    );
    expect(onlyResource(synthesized, "snowflake_notification_integration").name).toBe(
      "SENSORS_PROD_PIPELINE_ERRORS",
    );
    const roles = Object.values(resourcesOfType(synthesized, "aws_iam_role"))
      .map((role) => role.name as string)
      .filter((name) => name.includes("snowflake"));
    expect(roles.sort()).toEqual([
      "sensors-prod-snowflake-publish-errors",
      "sensors-prod-snowflake-read-normalized",
    ]);
  });

  test("grants USAGE on both integrations to the configured owner role, and on the storage integration to the engineer role (for smoke's validation)", () => {
    const config = environment("prod");
    const grants = Object.values(
      resourcesOfType(
        withIngestion(pipelineStack(config)),
        "snowflake_grant_privileges_to_account_role",
      ),
    );
    const onIntegrations = grants.filter(
      (grant) =>
        (grant.on_account_object as { object_type?: string } | undefined)?.object_type ===
        "INTEGRATION",
    );
    expect(onIntegrations.map((grant) => [grant.account_role_name, grant.privileges])).toEqual([
      [
        expect.stringMatching(/^\$\{snowflake_account_role\.SnowflakeAccessRoles_Engineer_/),
        ["USAGE"],
      ],
      [`"${config.snowflake.ownerRole}"`, ["USAGE"]],
      [`"${config.snowflake.ownerRole}"`, ["USAGE"]],
    ]);
  });

  test("puts the pipe in the environment's database", () => {
    const pipes = Object.values(
      withIngestion(pipelineStack(environment("prod"))).resource?.snowflake_pipe ?? {},
    );
    const copy = pipes.find((pipe) => pipe.name === "READINGS_PIPE")?.copy_statement as string;
    expect(copy.split("\n")[0]).toBe("COPY INTO SENSORS_PROD.LANDING.READINGS_RAW (");
  });
});

describe("snowflake.storageExternalId", () => {
  test("is required, and a missing one names the file, setting and fix", () => {
    const input = structuredClone(ENVIRONMENTS.dev) as Record<string, unknown> & {
      snowflake: Record<string, unknown>;
    };
    delete input.snowflake.storageExternalId;
    expect(() => loadEnvironments({ dev: input as never })).toThrow(
      /stacks\/environments\.ts:\d+: dev\.snowflake\.storageExternalId is missing[\s\S]*Fix: add dev\.snowflake\.storageExternalId/,
    );
  });

  test("must be long enough not to be guessed", () => {
    const input = structuredClone(ENVIRONMENTS.dev);
    input.snowflake.storageExternalId = "dev";
    expect(() => loadEnvironments({ dev: input })).toThrow(
      /dev\.snowflake\.storageExternalId = "dev" is invalid; it must be 16-1224 characters/,
    );
  });

  test("differs between the checked-in environments", () => {
    expect(ENVIRONMENTS.dev.snowflake.storageExternalId).not.toBe(
      ENVIRONMENTS.prod.snowflake.storageExternalId,
    );
  });
});
