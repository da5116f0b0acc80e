import { generateKeyPairSync } from "node:crypto";
import { environmentNames } from "../../stacks/names";
import { renderSnowflakeBootstrapSql } from "../../stacks/snowflake-bootstrap";
import { environment, pipelineStack, resourcesOfType, synthesize } from "../helpers/synth";

const publicKey = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  }).publicKey;

describe("environmentNames", () => {
  test("pins every physical name of an environment", () => {
    expect(environmentNames(environment("dev"))).toEqual({
      stack: "sensors-dev",
      stateKey: "sensors-dev/terraform.tfstate",
      localStateFile: "terraform.sensors-dev.tfstate",
      aws: {
        landingBucket: "example-sensors-dev-landing",
        normalizerFunction: "sensors-dev-normalizer",
        ingestTopic: "sensors-dev-normalized-objects",
        alertsTopic: "sensors-dev-alerts",
        gatewayPrefix: "sensors-dev-gateways",
        snowflakeStorageRole: "sensors-dev-snowflake-read-normalized",
        snowflakeErrorRole: "sensors-dev-snowflake-publish-errors",
        dashboard: "sensors-dev-pipeline",
        streamNormalizerFunction: "sensors-dev-stream-normalizer",
        streamingDeliveryStream: "sensors-dev-readings-stream",
        streamingSecret: "sensors-dev-snowflake-streaming-key",
        gatewayIotPolicy: "sensors-dev-gateway-publish",
        readingsTopicRule: "sensors_dev_readings",
        readingsTopicRuleRole: "sensors-dev-iot-readings-rule",
        namePrefix: "sensors-dev-",
        permissionsBoundaryPolicy: "sensors-dev-permissions-boundary",
      },
      snowflake: {
        database: "SENSORS_DEV",
        ownerRole: "SENSORS_DEV_PIPELINE_OWNER",
        adminRole: "SENSORS_DEPLOY_ADMIN",
        engineerRole: "SENSORS_DEV_ENGINEER",
        reporterRole: "SENSORS_DEV_REPORTER",
        storageIntegration: "SENSORS_DEV_NORMALIZED_S3",
        errorIntegration: "SENSORS_DEV_PIPELINE_ERRORS",
        biWarehouse: "SENSORS_DEV_BI_WH",
        biResourceMonitor: "SENSORS_DEV_BI_MONITOR",
        opsWarehouse: "SENSORS_DEV_OPS_WH",
        opsResourceMonitor: "SENSORS_DEV_OPS_MONITOR",
        powerBiUser: "SENSORS_DEV_POWERBI",
        powerBiQueryTag: "sensors-dev-powerbi",
        deployUser: "SENSORS_DEV_DEPLOY",
        planUser: "SENSORS_DEV_PLAN",
        streamingRole: "SENSORS_DEV_STREAMING",
        streamingUser: "SENSORS_DEV_STREAMING",
        accountHost: "exampleorg-sensors-dev.snowflakecomputing.com",
        ciNetworkPolicy: "SENSORS_DEV_CI_NETWORK",
        powerBiNetworkPolicy: "SENSORS_DEV_POWERBI_NETWORK",
      },
    });
  });

  test("takes configured engineer and reporter roles over the derived ones", () => {
    const config = environment("prod", (input) => ({
      ...input,
      snowflake: { ...input.snowflake, engineerRole: "OPS", reporterRole: "BI_READERS" },
    }));
    const { snowflake } = environmentNames(config);
    expect([snowflake.engineerRole, snowflake.reporterRole]).toEqual(["OPS", "BI_READERS"]);
    expect(snowflake.database).toBe("SENSORS_PROD");
  });

  test("the stack grants use of the warehouses the bootstrap SQL creates and monitors, by the same names", () => {
    const config = environment("dev");
    const grants = Object.values(
      resourcesOfType(
        synthesize(pipelineStack(config)),
        "snowflake_grant_privileges_to_account_role",
      ),
    ).map(
      (grant) => (grant.on_account_object as { object_name?: string } | undefined)?.object_name,
    );
    const sql = renderSnowflakeBootstrapSql(config, {
      deployPublicKeyPem: publicKey(),
      planPublicKeyPem: publicKey(),
    });
    for (const [warehouse, monitor] of [
      ["SENSORS_DEV_BI_WH", "SENSORS_DEV_BI_MONITOR"],
      ["SENSORS_DEV_OPS_WH", "SENSORS_DEV_OPS_MONITOR"],
    ]) {
      expect(grants).toContain(`"${warehouse}"`);
      expect(sql).toMatch(new RegExp(`CREATE WAREHOUSE IF NOT EXISTS ${warehouse}\\s`));
      expect(sql).toMatch(new RegExp(`RESOURCE_MONITOR = ${monitor}\\s`));
    }
  });

  test("every name the stack hands out reaches its synthesized configuration", () => {
    const config = environment("dev");
    const names = environmentNames(config);
    const synthesized = JSON.stringify(synthesize(pipelineStack(config)));
    // Created by the bootstrap SQL (CI users, monitors), or only when their setting is on.
    const {
      deployUser,
      planUser,
      biResourceMonitor,
      opsResourceMonitor,
      ciNetworkPolicy,
      powerBiNetworkPolicy,
      ...stackNames
    } = names.snowflake;
    expect([ciNetworkPolicy, powerBiNetworkPolicy]).toEqual([
      "SENSORS_DEV_CI_NETWORK",
      "SENSORS_DEV_POWERBI_NETWORK",
    ]);
    expect([deployUser, planUser, biResourceMonitor, opsResourceMonitor]).toEqual([
      "SENSORS_DEV_DEPLOY",
      "SENSORS_DEV_PLAN",
      "SENSORS_DEV_BI_MONITOR",
      "SENSORS_DEV_OPS_MONITOR",
    ]);
    // The boundary is created by the bootstrap stack; the environment stack names it in ARNs.
    const { permissionsBoundaryPolicy, ...awsNames } = names.aws;
    expect(synthesized).toContain(`:policy/${permissionsBoundaryPolicy}"`);
    for (const name of [names.stateKey, ...Object.values(awsNames), ...Object.values(stackNames)]) {
      expect(synthesized).toContain(`"${name}`);
    }
  });
});
