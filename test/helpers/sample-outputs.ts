import type { DeploymentOutputs } from "../../stacks/outputs";

/** Outputs of a fictitious dev deployment, with the bucket of the local S3 server. */
export function sampleOutputs(bucket: string): DeploymentOutputs {
  return {
    landingBucketName: bucket,
    awsRegion: "eu-west-1",
    normalizerFunctionName: "sensors-dev-normalizer",
    normalizerEnvironmentJson: JSON.stringify({
      DEFAULT_TIME_ZONE: "UTC",
      MAX_LINE_BYTES: "65536",
    }),
    ingestTopicArn: "arn:aws:sns:eu-west-1:111122223333:sensors-dev-ingest",
    snowflakeOrganizationName: "EXAMPLEORG",
    snowflakeAccountName: "SENSORS_DEV",
    storageIntegrationName: "SENSORS_DEV_NORMALIZED_S3",
    databaseName: "SENSORS_DEV",
    pipeName: "SENSORS_DEV.LANDING.READINGS_PIPE",
    landingTableName: "SENSORS_DEV.LANDING.READINGS_RAW",
    coreReadingsTableName: "SENSORS_DEV.CORE.READINGS",
    reportingReadingsViewName: "SENSORS_DEV.REPORTING.READINGS",
    transformTaskName: "SENSORS_DEV.CORE.TRANSFORM_READINGS",
    operatorRoleName: "SENSORS_DEV_ENGINEER",
    queryWarehouseName: "SENSORS_DEV_OPS_WH",
  };
}
