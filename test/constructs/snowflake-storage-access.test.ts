import { TerraformOutput } from "cdktf";
import {
  SnowflakeStorageAccess,
  type SnowflakeStorageAccessProps,
} from "../../constructs/snowflake-storage-access";
import {
  OWNER_ROLE,
  type IngestionTestStack,
  dataSource,
  ingestionTestStack,
  onlyAddress,
} from "../helpers/snowflake-ingestion-stack";
import { type SynthesizedStack, onlyResource, synthesize } from "../helpers/synth";

const EXTERNAL_ID = "test-external-id-4f2a9c";

interface PolicyStatement {
  sid: string;
  effect: string;
  actions: string[];
  resources?: string[];
  principals?: Array<{ type: string; identifiers: string[] }>;
  condition?: Array<{ test: string; variable: string; values: string[] }>;
}

function storageAccess(
  change: (base: IngestionTestStack) => Partial<SnowflakeStorageAccessProps> = () => ({}),
): { synthesized: SynthesizedStack; access: SnowflakeStorageAccess } {
  const base = ingestionTestStack();
  const access = new SnowflakeStorageAccess(base.stack, "StorageAccess", {
    integrationName: "SENSORS_DEV_NORMALIZED_S3",
    roleName: "sensors-dev-snowflake-read",
    bucket: base.bucket,
    externalId: EXTERNAL_ID,
    usageRoleName: OWNER_ROLE,
    provider: base.adminProvider,
    ...change(base),
  });
  return { synthesized: synthesize(base.stack), access };
}

function statements(synthesized: SynthesizedStack, idPart: string): PolicyStatement[] {
  return dataSource(synthesized, "aws_iam_policy_document", idPart).statement as PolicyStatement[];
}

describe("SnowflakeStorageAccess", () => {
  test("trusts only the integration's IAM user presenting the configured external ID", () => {
    const { synthesized } = storageAccess();
    const integration = onlyAddress(synthesized, "snowflake_storage_integration");
    expect(statements(synthesized, "TrustPolicy")).toEqual([
      {
        sid: expect.any(String),
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: [`\${${integration}.storage_aws_iam_user_arn}`] }],
        condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: [EXTERNAL_ID] }],
      },
    ]);
  });

  test("sets the same external ID on the integration, so the role never reads it back", () => {
    const { synthesized } = storageAccess();
    const integration = onlyResource(synthesized, "snowflake_storage_integration");
    expect(integration.storage_aws_external_id).toBe(EXTERNAL_ID);
    const trust = JSON.stringify(dataSource(synthesized, "aws_iam_policy_document", "TrustPolicy"));
    expect(trust).not.toMatch(/storage_aws_external_id|describe_output/);
  });

  test("names the role by an ARN built from its name, not by a reference to the role", () => {
    const { synthesized } = storageAccess();
    const integration = onlyResource(synthesized, "snowflake_storage_integration");
    const role = onlyResource(synthesized, "aws_iam_role");
    const partition = onlyAddress({ resource: synthesized.data }, "aws_partition");
    const account = onlyAddress({ resource: synthesized.data }, "aws_caller_identity");
    expect(integration.storage_aws_role_arn).toBe(
      `arn:\${data.${partition}.partition}:iam::\${data.${account}.account_id}:role/${role.name}`,
    );
  });

  test("allows exactly the normalized prefix of the bucket", () => {
    const { synthesized } = storageAccess();
    const bucket = onlyAddress(synthesized, "aws_s3_bucket");
    const integration = onlyResource(synthesized, "snowflake_storage_integration");
    expect(integration.storage_allowed_locations).toEqual([
      `s3://\${${bucket}.bucket}/normalized/`,
    ]);
  });

  test("lets the role list and read only the normalized prefix, and locate the bucket", () => {
    const { synthesized } = storageAccess();
    const bucketArn = `\${${onlyAddress(synthesized, "aws_s3_bucket")}.arn}`;
    expect(statements(synthesized, "ReadPolicy")).toEqual([
      {
        sid: expect.any(String),
        effect: "Allow",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: [`${bucketArn}/normalized/*`],
      },
      {
        sid: expect.any(String),
        effect: "Allow",
        actions: ["s3:ListBucket"],
        resources: [bucketArn],
        condition: [
          { test: "StringLike", variable: "s3:prefix", values: ["normalized/", "normalized/*"] },
        ],
      },
      {
        sid: expect.any(String),
        effect: "Allow",
        actions: ["s3:GetBucketLocation"],
        resources: [bucketArn],
      },
    ]);
  });

  test("attaches the read policy to the role Snowflake assumes", () => {
    const { synthesized } = storageAccess();
    const policy = onlyResource(synthesized, "aws_iam_role_policy");
    const readPolicy = Object.keys(synthesized.data?.aws_iam_policy_document ?? {}).find((id) =>
      id.includes("ReadPolicy"),
    );
    expect(policy.role).toBe(`\${${onlyAddress(synthesized, "aws_iam_role")}.name}`);
    expect(policy.policy).toBe(`\${data.aws_iam_policy_document.${readPolicy}.json}`);
  });

  test("lets the role decrypt with the bucket key, only through S3, when the bucket uses SSE-KMS", () => {
    const { synthesized } = storageAccess((base) => ({ kmsKey: base.bucketKey }));
    const decrypt = statements(synthesized, "ReadPolicy").filter((statement) =>
      statement.actions.some((action) => action.startsWith("kms:")),
    );
    expect(decrypt).toEqual([
      {
        sid: expect.any(String),
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [`\${${onlyAddress(synthesized, "aws_kms_key")}.arn}`],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [expect.stringMatching(/^s3\.\$\{aws_s3_bucket\.Bucket\.region\}\./)],
          },
        ],
      },
    ]);
  });

  test("grants no KMS permission when the bucket uses SSE-S3", () => {
    const { synthesized } = storageAccess();
    const actions = statements(synthesized, "ReadPolicy").flatMap((statement) => statement.actions);
    expect(actions.filter((action) => action.startsWith("kms:"))).toEqual([]);
  });

  test("creates the integration as the admin role and grants USAGE on it to the owner role only", () => {
    const { synthesized } = storageAccess();
    const integration = onlyResource(synthesized, "snowflake_storage_integration");
    const grant = onlyResource(synthesized, "snowflake_grant_privileges_to_account_role");
    expect(integration.provider).toBe("snowflake.admin");
    expect(grant).toEqual({
      provider: "snowflake.admin",
      account_role_name: `"${OWNER_ROLE}"`,
      privileges: ["USAGE"],
      on_account_object: {
        object_type: "INTEGRATION",
        object_name: `\${${onlyAddress(synthesized, "snowflake_storage_integration")}.fully_qualified_name}`,
      },
    });
  });

  test("exposes the integration's IAM user as the principal the ingest topic lets subscribe", () => {
    const base = ingestionTestStack();
    const access = new SnowflakeStorageAccess(base.stack, "StorageAccess", {
      integrationName: "SENSORS_DEV_NORMALIZED_S3",
      roleName: "sensors-dev-snowflake-read",
      bucket: base.bucket,
      externalId: EXTERNAL_ID,
      usageRoleName: OWNER_ROLE,
      provider: base.adminProvider,
    });
    new TerraformOutput(base.stack, "Subscriber", { value: access.snowflakeSubscriberArn });
    const synthesized = synthesize(base.stack);
    const integration = onlyAddress(synthesized, "snowflake_storage_integration");
    expect(synthesized.output?.Subscriber.value).toBe(
      `\${${integration}.storage_aws_iam_user_arn}`,
    );
  });

  test.each([
    [
      { integrationName: "sensors_dev_s3" },
      /integrationName "sensors_dev_s3" must be an unquoted Snowflake identifier in upper case/,
    ],
    [{ externalId: "too-short" }, /externalId must be 16-1224 characters/],
    [{ prefix: "normalized" }, /prefix "normalized" must be a key prefix ending in "\/"/],
    [{ roleName: "role with spaces" }, /roleName "role with spaces" must be 1-64 characters/],
  ])("rejects %j with a message naming the setting", (change, message) => {
    expect(() => storageAccess(() => change)).toThrow(message);
  });
});
