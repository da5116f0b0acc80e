import { TerraformStack, Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { SnowflakeDatabase } from "../../constructs/snowflake-database";
import type { SynthesizedStack } from "./synth";

/** The owner and admin roles of the test stack's Snowflake providers. */
export const OWNER_ROLE = "TEST_PIPELINE_OWNER";
export const ADMIN_ROLE = "TEST_DEPLOY_ADMIN";

/** A minimal stack holding what the Snowflake ingestion constructs connect to. */
export interface IngestionTestStack {
  readonly stack: TerraformStack;
  readonly ownerProvider: SnowflakeProvider;
  readonly adminProvider: SnowflakeProvider;
  readonly database: SnowflakeDatabase;
  readonly bucket: S3Bucket;
  readonly bucketKey: KmsKey;
  readonly ingestTopic: SnsTopic;
  readonly alertsTopic: SnsTopic;
  /** The ingest topic's policy, which the integrator passes as `pipeDependsOn`. */
  readonly ingestTopicPolicy: SnsTopicPolicy;
}

/** Builds the stack: providers as the two roles, database SENSORS_DEV, a bucket, a key, two topics. */
export function ingestionTestStack(): IngestionTestStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const ownerProvider = new SnowflakeProvider(stack, "snowflake", { role: OWNER_ROLE });
  const adminProvider = new SnowflakeProvider(stack, "snowflake-admin", {
    alias: "admin",
    role: ADMIN_ROLE,
  });
  const database = new SnowflakeDatabase(stack, "Database", {
    databaseName: "SENSORS_DEV",
    dataRetentionTimeInDays: 1,
    provider: ownerProvider,
  });
  const ingestTopic = new SnsTopic(stack, "IngestTopic", { name: "test-ingest" });
  return {
    stack,
    ownerProvider,
    adminProvider,
    database,
    bucket: new S3Bucket(stack, "Bucket", { bucket: "test-landing" }),
    bucketKey: new KmsKey(stack, "BucketKey", { enableKeyRotation: true }),
    ingestTopic,
    alertsTopic: new SnsTopic(stack, "AlertsTopic", { name: "test-alerts" }),
    ingestTopicPolicy: new SnsTopicPolicy(stack, "IngestTopicPolicy", {
      arn: ingestTopic.arn,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
    }),
  };
}

/** The Terraform address (`type.logical_id`) of the only resource of a type in a synthesized stack. */
export function onlyAddress(synthesized: SynthesizedStack, type: string): string {
  const keys = Object.keys(synthesized.resource?.[type] ?? {});
  if (keys.length !== 1) throw new Error(`expected exactly one ${type}, found ${keys.length}`);
  return `${type}.${keys[0]}`;
}

/** The only data source of a type whose logical id contains `idPart`. */
export function dataSource(
  synthesized: SynthesizedStack,
  type: string,
  idPart: string,
): Record<string, unknown> {
  const matches = Object.entries(synthesized.data?.[type] ?? {}).filter(([id]) =>
    id.includes(idPart),
  );
  if (matches.length !== 1) {
    throw new Error(
      `expected exactly one ${type} with "${idPart}" in its id, found ${matches.length}`,
    );
  }
  return matches[0][1];
}
