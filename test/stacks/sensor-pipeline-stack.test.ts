import { resolve } from "node:path";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { SnowflakePreviewFeatures } from "../../stacks/snowflake-preview-features";
import { Pipe } from "@cdktf/provider-snowflake/lib/pipe";
import { Task } from "@cdktf/provider-snowflake/lib/task";
import { DataSnowflakeSystemGetAwsSnsIamPolicy } from "@cdktf/provider-snowflake/lib/data-snowflake-system-get-aws-sns-iam-policy";
import { SensorPipelineStack } from "../../stacks/sensor-pipeline-stack";
import {
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";

describe("SensorPipelineStack", () => {
  test("holds an AWS provider in the environment's region with the configured tags", () => {
    const synthesized = synthesize(pipelineStack(environment("prod")));
    expect(synthesized.provider?.aws).toEqual([
      expect.objectContaining({
        region: "eu-west-1",
        default_tags: [
          {
            tags: expect.objectContaining({
              Environment: "prod",
              Owner: "data-platform",
              CostCentre: "iot-prod",
            }),
          },
        ],
      }),
    ]);
  });

  test("holds a Snowflake provider as the owner role and an admin alias, both for the configured account", () => {
    const providers = synthesize(pipelineStack(environment("prod"))).provider?.snowflake ?? [];
    expect(providers).toHaveLength(2);
    expect(providers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          organization_name: "EXAMPLEORG",
          account_name: "SENSORS_PROD",
          role: "SENSORS_PROD_PIPELINE_OWNER",
        }),
        expect.objectContaining({ alias: "admin", role: "SENSORS_DEPLOY_ADMIN" }),
      ]),
    );
  });

  test("puts no credentials in the synthesized providers", () => {
    const synthesized = synthesize(pipelineStack());
    const credentialKeys = [
      "password",
      "private_key",
      "private_key_passphrase",
      "token",
      "access_key",
      "secret_key",
      "user",
    ];
    for (const provider of [
      ...(synthesized.provider?.snowflake ?? []),
      ...(synthesized.provider?.aws ?? []),
    ]) {
      for (const key of credentialKeys) expect(provider).not.toHaveProperty(key);
    }
  });

  test("keeps state in S3 per environment, encrypted, with S3-native locking and no DynamoDB table", () => {
    const terraform = synthesize(pipelineStack(environment("prod"))).terraform as {
      backend: { s3: Record<string, unknown> };
    };
    expect(terraform.backend.s3).toEqual({
      bucket: "example-sensors-tfstate",
      key: "sensors-prod/terraform.tfstate",
      region: "eu-west-1",
      encrypt: true,
      use_lockfile: true,
    });
  });

  test("can keep state in a local file for a first look, at the repository root rather than in cdktf.out/", () => {
    const stack = new SensorPipelineStack(Testing.app(), "sensors-dev", {
      config: environment("dev"),
      stateBackend: "local",
    });
    const terraform = synthesize(stack).terraform as { backend: { local: { path: string } } };
    // Terraform runs in cdktf.out/stacks/<stack>/ and resolves the path from there.
    expect(resolve("cdktf.out/stacks/sensors-dev", terraform.backend.local.path)).toBe(
      resolve("terraform.sensors-dev.tfstate"),
    );
  });

  test("creates the SENSORS_<ENV> database with its configured Time Travel, as the owner role", () => {
    const synthesized = synthesize(pipelineStack(environment("prod")));
    const database = onlyResource(synthesized, "snowflake_database");
    expect(database).toMatchObject({ name: "SENSORS_PROD", data_retention_time_in_days: 7 });
    expect(database.provider).toBe("snowflake");
    const schemas = Object.values(resourcesOfType(synthesized, "snowflake_schema")).map(
      (schema) => schema.name,
    );
    expect(schemas.sort()).toEqual(["CORE", "LANDING", "MONITORING", "REPORTING"]);
  });
});

describe("preview features", () => {
  test("list exactly the preview resources and data sources a stack declares, on every Snowflake provider", () => {
    // GIVEN a stack with two Snowflake providers, one preview resource, one stable resource and one preview data source
    const stack = new TerraformStack(Testing.app(), "preview");
    new SnowflakeProvider(stack, "snowflake", {});
    new SnowflakeProvider(stack, "snowflake-admin", { alias: "admin" });
    Aspects.of(stack).add(new SnowflakePreviewFeatures());
    new Pipe(stack, "TestPipe", {
      database: "D",
      schema: "S",
      name: "P",
      copyStatement: "COPY INTO T FROM @S",
    });
    new Task(stack, "TestTask", {
      database: "D",
      schema: "S",
      name: "T",
      started: false,
      sqlStatement: "SELECT 1",
    });
    new DataSnowflakeSystemGetAwsSnsIamPolicy(stack, "Policy", { awsSnsTopicArn: "arn" });
    // WHEN it is synthesized
    const providers = synthesize(stack).provider?.snowflake ?? [];
    // THEN the stable task is not listed, the preview pipe and data source are
    expect(providers).toHaveLength(2);
    for (const provider of providers) {
      expect(provider.preview_features_enabled).toEqual([
        "snowflake_pipe_resource",
        "snowflake_system_get_aws_sns_iam_policy_datasource",
      ]);
    }
  });
});
