import type { EnvironmentConfig } from "./config";

/**
 * Value of the `Project` tag every stack puts on its AWS resources (with `Environment`): the CI
 * roles tell an environment's KMS keys and Roles Anywhere anchors, whose ARNs hold random IDs, by
 * these two tags.
 */
export const PROJECT_TAG_VALUE = "sensor-pipeline";

/**
 * Every physical name of one environment, derived in this one place from its config: the stack,
 * its state, the AWS resources the stack names and the Snowflake objects it creates or assigns, and
 * the objects the bootstrap SQL creates for it. The stack, the bootstrap SQL, the CLI and the tests
 * read names from here, so two files that must agree on a name (the warehouses are created by the
 * bootstrap SQL and only granted by the stack) cannot drift.
 *
 * Constructs name their own parts from the name they are given (the normalizer's failure queue is
 * `<function>-failures`, the KMS alias `alias/<bucket>`); this module names what the stack gives them.
 * Add a new name here, with a line in `test/stacks/names.test.ts`, rather than building it in place.
 */

/** The AWS names of one environment. */
export interface AwsNames {
  /** Landing bucket (configured: `landingBucket.name`). */
  readonly landingBucket: string;
  /** Normalizer Lambda: `sensors-<env>-normalizer`. */
  readonly normalizerFunction: string;
  /** SNS topic of normalized/ object events: `sensors-<env>-normalized-objects`. */
  readonly ingestTopic: string;
  /** SNS topic of alarms and Snowflake errors: `sensors-<env>-alerts`. */
  readonly alertsTopic: string;
  /** Prefix of the gateway upload policy, role, trust anchor and profile: `sensors-<env>-gateways`. */
  readonly gatewayPrefix: string;
  /** IAM role the storage integration assumes: `sensors-<env>-snowflake-read-normalized`. */
  readonly snowflakeStorageRole: string;
  /** IAM role the error notification integration assumes: `sensors-<env>-snowflake-publish-errors`. */
  readonly snowflakeErrorRole: string;
  /** CloudWatch dashboard of the AWS half: `sensors-<env>-pipeline`. */
  readonly dashboard: string;
  /** Firehose processing Lambda of the MQTT path: `sensors-<env>-stream-normalizer`. */
  readonly streamNormalizerFunction: string;
  /** Firehose delivery stream of the MQTT path (and its role): `sensors-<env>-readings-stream`. */
  readonly streamingDeliveryStream: string;
  /** Secret holding the streaming user's Snowflake key: `sensors-<env>-snowflake-streaming-key`. */
  readonly streamingSecret: string;
  /** IoT policy of every gateway certificate: `sensors-<env>-gateway-publish`. */
  readonly gatewayIotPolicy: string;
  /** IoT topic rule (letters, digits and `_` only): `sensors_<env>_readings`. */
  readonly readingsTopicRule: string;
  /** IAM role of the topic rule: `sensors-<env>-iot-readings-rule`. */
  readonly readingsTopicRuleRole: string;
  /**
   * Prefix of every AWS name above except the bucket (`sensors-<env>-`), and of what constructs
   * derive from them (alarms, log groups, queues): the environment's CI roles may manage only names
   * with it, so nothing one environment deploys can reach another's.
   */
  readonly namePrefix: string;
  /**
   * Permissions boundary of every role the stack creates, created by the bootstrap stack:
   * `sensors-<env>-permissions-boundary`. The deploy role may create roles only with it.
   */
  readonly permissionsBoundaryPolicy: string;
}

/** The Snowflake names of one environment (unquoted upper-case identifiers). */
export interface SnowflakeNames {
  /** Database: `SENSORS_<ENV>`. */
  readonly database: string;
  /** Role that creates and owns the pipeline objects (configured: `snowflake.ownerRole`). */
  readonly ownerRole: string;
  /** Role of account-level objects (configured: `snowflake.adminRole`). */
  readonly adminRole: string;
  /** Role reading every schema: configured, or `SENSORS_<ENV>_ENGINEER`. */
  readonly engineerRole: string;
  /** Role reading the REPORTING views: configured, or `SENSORS_<ENV>_REPORTER`. */
  readonly reporterRole: string;
  /** Storage integration reading normalized/: `SENSORS_<ENV>_NORMALIZED_S3`. */
  readonly storageIntegration: string;
  /** Notification integration for pipe and task errors: `SENSORS_<ENV>_PIPELINE_ERRORS`. */
  readonly errorIntegration: string;
  /** Power BI warehouse: `SENSORS_<ENV>_BI_WH`. */
  readonly biWarehouse: string;
  /** Resource monitor of the BI warehouse, created by the bootstrap SQL: `SENSORS_<ENV>_BI_MONITOR`. */
  readonly biResourceMonitor: string;
  /**
   * The operators' warehouse, created by the bootstrap SQL: Terraform's own reads (the owner
   * provider's warehouse), sensorctl and engineers: `SENSORS_<ENV>_OPS_WH`.
   */
  readonly opsWarehouse: string;
  /** Resource monitor of the operators' warehouse, created by the bootstrap SQL: `SENSORS_<ENV>_OPS_MONITOR`. */
  readonly opsResourceMonitor: string;
  /** Power BI service user: `SENSORS_<ENV>_POWERBI`. */
  readonly powerBiUser: string;
  /** QUERY_TAG on the Power BI user, for the query log: `sensors-<env>-powerbi`. */
  readonly powerBiQueryTag: string;
  /** Deploy service user, created by the bootstrap SQL; CI's SNOWFLAKE_USER: `SENSORS_<ENV>_DEPLOY`. */
  readonly deployUser: string;
  /** Plan service user, created by the bootstrap SQL; SNOWFLAKE_PLAN_USER_<ENV>: `SENSORS_<ENV>_PLAN`. */
  readonly planUser: string;
  /** Role of the streaming user (INSERT on LANDING.READINGS_STREAMED): `SENSORS_<ENV>_STREAMING`. */
  readonly streamingRole: string;
  /** Service user Firehose writes as: `SENSORS_<ENV>_STREAMING`. */
  readonly streamingUser: string;
  /** Host of the account's URL: `<org>-<account>.snowflakecomputing.com`, lower case, `_` as `-`. */
  readonly accountHost: string;
  /** Network policy of the deploy and plan users, created by the bootstrap SQL: `SENSORS_<ENV>_CI_NETWORK`. */
  readonly ciNetworkPolicy: string;
  /** Network policy of the Power BI user: `SENSORS_<ENV>_POWERBI_NETWORK`. */
  readonly powerBiNetworkPolicy: string;
}

/** Every physical name of one environment. */
export interface EnvironmentNames {
  /** The environment stack (and `cdktf.out/stacks/` folder): `sensors-<env>`. */
  readonly stack: string;
  /** Key of the stack's state object in the state bucket: `sensors-<env>/terraform.tfstate`. */
  readonly stateKey: string;
  /** State file of the local backend (`SENSORS_STATE_BACKEND=local`): `terraform.sensors-<env>.tfstate`. */
  readonly localStateFile: string;
  readonly aws: AwsNames;
  readonly snowflake: SnowflakeNames;
}

/** The names of one environment, from its validated config. Pure: same config, same names. */
export function environmentNames(config: EnvironmentConfig): EnvironmentNames {
  const stack = `sensors-${config.name}`;
  const upper = `SENSORS_${config.name.toUpperCase()}`;
  return {
    stack,
    stateKey: `${stack}/terraform.tfstate`,
    localStateFile: `terraform.${stack}.tfstate`,
    aws: {
      landingBucket: config.landingBucket.name,
      normalizerFunction: `${stack}-normalizer`,
      ingestTopic: `${stack}-normalized-objects`,
      alertsTopic: `${stack}-alerts`,
      gatewayPrefix: `${stack}-gateways`,
      snowflakeStorageRole: `${stack}-snowflake-read-normalized`,
      snowflakeErrorRole: `${stack}-snowflake-publish-errors`,
      dashboard: `${stack}-pipeline`,
      streamNormalizerFunction: `${stack}-stream-normalizer`,
      streamingDeliveryStream: `${stack}-readings-stream`,
      streamingSecret: `${stack}-snowflake-streaming-key`,
      gatewayIotPolicy: `${stack}-gateway-publish`,
      readingsTopicRule: `${stack}_readings`.replace(/[^A-Za-z0-9_]/g, "_"),
      readingsTopicRuleRole: `${stack}-iot-readings-rule`,
      namePrefix: `${stack}-`,
      permissionsBoundaryPolicy: `${stack}-permissions-boundary`,
    },
    snowflake: {
      database: upper,
      ownerRole: config.snowflake.ownerRole,
      adminRole: config.snowflake.adminRole,
      engineerRole: config.snowflake.engineerRole ?? `${upper}_ENGINEER`,
      reporterRole: config.snowflake.reporterRole ?? `${upper}_REPORTER`,
      storageIntegration: `${upper}_NORMALIZED_S3`,
      errorIntegration: `${upper}_PIPELINE_ERRORS`,
      biWarehouse: `${upper}_BI_WH`,
      biResourceMonitor: `${upper}_BI_MONITOR`,
      opsWarehouse: `${upper}_OPS_WH`,
      opsResourceMonitor: `${upper}_OPS_MONITOR`,
      powerBiUser: `${upper}_POWERBI`,
      powerBiQueryTag: `${stack}-powerbi`,
      deployUser: `${upper}_DEPLOY`,
      planUser: `${upper}_PLAN`,
      streamingRole: `${upper}_STREAMING`,
      streamingUser: `${upper}_STREAMING`,
      // The organization-account form of the URL (docs.snowflake.com admin-account-identifier).
      accountHost:
        `${config.snowflake.organizationName}-${config.snowflake.accountName}.snowflakecomputing.com`
          .toLowerCase()
          .replace(/_/g, "-"),
      ciNetworkPolicy: `${upper}_CI_NETWORK`,
      powerBiNetworkPolicy: `${upper}_POWERBI_NETWORK`,
    },
  };
}
