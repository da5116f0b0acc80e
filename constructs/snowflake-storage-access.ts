import { Construct } from "constructs";
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import { grantIntegrationUsage } from "./integration-usage-grant";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { StorageIntegration } from "@cdktf/provider-snowflake/lib/storage-integration";
import { AwsAccount } from "./aws-account";
import { LANDING_PREFIXES } from "./landing-bucket";
import { Problems } from "./validation";

/** Properties of {@link SnowflakeStorageAccess}. */
export interface SnowflakeStorageAccessProps {
  /** Name of the storage integration, an unquoted upper-case Snowflake identifier. */
  readonly integrationName: string;
  /** Name of the IAM role Snowflake assumes (1-64 characters); its ARN is built from it. */
  readonly roleName: string;
  /** The bucket Snowflake reads. */
  readonly bucket: S3Bucket;
  /** The key prefix of the readings stage, ending in `/`. @default "normalized/" */
  readonly prefix?: string;
  /**
   * Further prefixes Snowflake may list and read, each ending in `/` (the health pipes' stages).
   * @default - none: only `prefix`
   */
  readonly additionalPrefixes?: readonly string[];
  /** Customer key the bucket encrypts with (SSE-KMS): the role may decrypt with it through S3. @default - no KMS permission (SSE-S3) */
  readonly kmsKey?: KmsKey;
  /** External ID set on the integration and required by the role's trust policy (16-1224 characters). */
  readonly externalId: string;
  /** Role that creates stages on the integration; it receives USAGE on it. */
  readonly usageRoleName: string;
  /** Provider whose role creates the account-level integration and the grant (the admin alias). */
  readonly provider: SnowflakeProvider;
}

/**
 * How Snowflake reads the landing bucket: a storage integration limited to the stages' prefixes,
 * and the IAM role it assumes, which trusts only the integration's IAM user presenting our external
 * ID and may only list and read those prefixes (never raw/).
 *
 * The integration names the role by an ARN built from the role's name, and the external ID is ours,
 * so the only edge between the two is integration → role (through `storage_aws_iam_user_arn`):
 * no cycle, one apply.
 */
export class SnowflakeStorageAccess extends Construct {
  /** The storage integration (account-level, created by the admin role). */
  readonly integration: StorageIntegration;
  /** The IAM role Snowflake assumes to read the bucket. */
  readonly role: IamRole;
  /** The role's inline read policy; loads fail until it exists. */
  readonly rolePolicy: IamRolePolicy;
  /** USAGE on the integration for the role that creates the stage. */
  readonly usageGrant: GrantPrivilegesToAccountRole;
  /** The readings stage's location, `s3://<bucket>/<prefix>`. */
  readonly allowedLocation: string;
  /** Every location the integration allows: `allowedLocation`, then the additional prefixes'. */
  readonly allowedLocations: readonly string[];
  /**
   * Snowflake's AWS IAM user for this account: the principal the ingest topic must allow to
   * `sns:Subscribe` (pass it to the topic construct's `grantSubscribe`).
   */
  readonly snowflakeSubscriberArn: string;

  constructor(scope: Construct, id: string, props: SnowflakeStorageAccessProps) {
    super(scope, id);
    const { bucket, kmsKey, externalId, provider } = props;
    const prefix = props.prefix ?? LANDING_PREFIXES.normalized;
    const prefixes = [prefix, ...(props.additionalPrefixes ?? [])];
    validate(props, prefixes);
    const account = AwsAccount.of(this);

    this.allowedLocation = `s3://${bucket.bucket}/${prefix}`;
    this.allowedLocations = prefixes.map((each) => `s3://${bucket.bucket}/${each}`);
    this.integration = new StorageIntegration(this, "Resource", {
      provider,
      name: props.integrationName,
      type: "EXTERNAL_STAGE",
      storageProvider: "S3",
      enabled: true,
      storageAwsRoleArn: account.roleArn(props.roleName),
      // Set, never read back: provider 2.11 returns only a configured value here.
      storageAwsExternalId: externalId,
      storageAllowedLocations: [...this.allowedLocations],
      comment: `Snowflake reads ${prefixes.join(", ")} of the landing bucket (managed by CDKTF)`,
    });
    this.snowflakeSubscriberArn = this.integration.storageAwsIamUserArn;

    const trust = new DataAwsIamPolicyDocument(this, "TrustPolicy", {
      statement: [
        {
          sid: "SnowflakeStorageIntegration",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: [this.integration.storageAwsIamUserArn] }],
          condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: [externalId] }],
        },
      ],
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: `Assumed by Snowflake storage integration ${props.integrationName} to read ${prefix}`,
      assumeRolePolicy: trust.json,
    });

    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "ReadObjects",
        effect: "Allow",
        actions: ["s3:GetObject", "s3:GetObjectVersion"],
        resources: prefixes.map((each) => `${bucket.arn}/${each}*`),
      },
      {
        sid: "ListPrefix",
        effect: "Allow",
        actions: ["s3:ListBucket"],
        resources: [bucket.arn],
        condition: [
          {
            test: "StringLike",
            variable: "s3:prefix",
            values: prefixes.flatMap((each) => [each, `${each}*`]),
          },
        ],
      },
      {
        // Its request carries no s3:prefix, so the ListBucket condition would deny it.
        sid: "LocateBucket",
        effect: "Allow",
        actions: ["s3:GetBucketLocation"],
        resources: [bucket.arn],
      },
    ];
    if (kmsKey) {
      statements.push({
        sid: "DecryptThroughS3",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [kmsKey.arn],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [`s3.${bucket.region}.${account.dnsSuffix}`],
          },
        ],
      });
    }
    const read = new DataAwsIamPolicyDocument(this, "ReadPolicy", { statement: statements });
    this.rolePolicy = new IamRolePolicy(this, "RolePolicy", {
      name: "read-normalized",
      role: this.role.name,
      policy: read.json,
    });

    this.usageGrant = grantIntegrationUsage(this, provider, props.usageRoleName, this.integration);
  }
}

function validate(props: SnowflakeStorageAccessProps, prefixes: readonly string[]): void {
  const problems = new Problems("SnowflakeStorageAccess")
    .identifier("integrationName", props.integrationName)
    .roleName("usageRoleName", props.usageRoleName)
    .iamRoleName("roleName", props.roleName)
    .externalId("externalId", props.externalId);
  prefixes.forEach((prefix, index) =>
    problems.keyPrefix(index === 0 ? "prefix" : `additionalPrefixes[${index - 1}]`, prefix),
  );
  problems.throwIfAny();
}
