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
        powerBiUser: "SENSORS_DEV_POWERBI",
        powerBiQueryTag: "sensors-dev-powerbi",
        deployUser: "SENSORS_DEV_DEPLOY",
        planUser: "SENSORS_DEV_PLAN",
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

  test("the stack assigns the BI resource monitor the bootstrap SQL creates, by the same name", () => {
    const config = environment("dev");
    const warehouses = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "snowflake_warehouse"),
    );
    const sql = renderSnowflakeBootstrapSql(config, {
      deployPublicKeyPem: publicKey(),
      planPublicKeyPem: publicKey(),
    });
    expect(warehouses.map((warehouse) => warehouse.resource_monitor)).toContain(
      '"SENSORS_DEV_BI_MONITOR"',
    );
    expect(sql).toMatch(/CREATE RESOURCE MONITOR IF NOT EXISTS SENSORS_DEV_BI_MONITOR\s/);
  });

  test("every name the stack hands out reaches its synthesized configuration", () => {
    const config = environment("dev");
    const names = environmentNames(config);
    const synthesized = JSON.stringify(synthesize(pipelineStack(config)));
    // Created by the bootstrap SQL, or only when their setting is on.
    const { deployUser, planUser, ciNetworkPolicy, powerBiNetworkPolicy, ...stackNames } =
      names.snowflake;
    expect([ciNetworkPolicy, powerBiNetworkPolicy]).toEqual([
      "SENSORS_DEV_CI_NETWORK",
      "SENSORS_DEV_POWERBI_NETWORK",
    ]);
    expect([deployUser, planUser]).toEqual(["SENSORS_DEV_DEPLOY", "SENSORS_DEV_PLAN"]);
    // The boundary is created by the bootstrap stack; the environment stack names it in ARNs.
    const { permissionsBoundaryPolicy, ...awsNames } = names.aws;
    expect(synthesized).toContain(`:policy/${permissionsBoundaryPolicy}"`);
    for (const name of [names.stateKey, ...Object.values(awsNames), ...Object.values(stackNames)]) {
      expect(synthesized).toContain(`"${name}`);
    }
  });
});
