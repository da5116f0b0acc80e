import { Token } from "cdktf";
import { Construct } from "constructs";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { AwsAccount } from "./aws-account";
import { type PolicyStatementJson, lazyPolicyJson, policyJson } from "./policy-document";
import { Problems } from "./validation";

/**
 * The key prefixes of the landing bucket: gateways write raw/, the normalizer the other three
 * (ledger/ holds one line per object it read, for the health checks of docs/monitoring.md).
 */
export const LANDING_PREFIXES = {
  raw: "raw/",
  normalized: "normalized/",
  rejected: "rejected/",
  ledger: "ledger/",
  /**
   * The streaming path's system of record: every MQTT message as Firehose received it (its S3
   * backup) and messages the IoT rule could not hand to Firehose (its error action). Kept as long
   * as raw/, which it stands in for.
   */
  stream: "stream/",
} as const;

/** Snowpipe remembers loaded file names for 14 days; a file must not vanish before that. */
export const SNOWPIPE_LOAD_HISTORY_DAYS = 14;

/** Defaults of {@link LandingBucketProps}; the one home of these values: stacks/config.ts fills its `.default(...)`s from here. */
export const LANDING_BUCKET_DEFAULTS = {
  encryption: "SSE_KMS",
  rawRetentionInDays: 30,
  rejectedRetentionInDays: 90,
  normalizedRetentionInDays: 30,
  noncurrentVersionRetentionInDays: 7,
} as const;

/** How objects are encrypted at rest. */
export type LandingBucketEncryption = "SSE_KMS" | "SSE_S3";

/** Properties of {@link LandingBucket}. */
export interface LandingBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Region of the bucket, for the kms:ViaService condition. */
  readonly region: string;
  /** SSE_KMS: a customer managed key with rotation and a bucket key; SSE_S3: S3-managed keys. @default "SSE_KMS" */
  readonly encryption?: LandingBucketEncryption;
  /** Days raw uploads (and the streaming path's stream/ backup) are kept. @default 30 */
  readonly rawRetentionInDays?: number;
  /** Days after upload raw files move to Standard-IA. @default - never */
  readonly rawTransitionToInfrequentAccessInDays?: number;
  /** Days rejected records are kept. @default 90 */
  readonly rejectedRetentionInDays?: number;
  /** Days normalized files are kept; at least 14 (Snowpipe's load history). @default 30 */
  readonly normalizedRetentionInDays?: number;
  /** Days an overwritten or expired object version is kept. @default 7 */
  readonly noncurrentVersionRetentionInDays?: number;
  /** Bucket receiving server access logs under `<bucketName>/`. @default - no access logging */
  readonly accessLogBucketName?: string;
  /**
   * Whether `terraform destroy` may delete the bucket with every object version in it (force_destroy).
   * Otherwise destroy and replacement are refused (prevent_destroy). @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * The bucket gateways upload to and the normalizer writes back into: versioned, encrypted, never
 * public, TLS only, owner-enforced, with one lifecycle rule per prefix. Access is granted per
 * prefix with {@link grantRead} and {@link grantWrite}.
 */
export class LandingBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** Name of the bucket. */
  readonly bucketName: string;
  /** ARN of the bucket. */
  readonly bucketArn: string;
  /** The customer managed key of SSE_KMS; undefined with SSE_S3. */
  readonly kmsKey?: KmsKey;
  /** The public access block; the bucket policy and notifications come after it. */
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  private readonly region: string;
  private readonly keyPolicyStatements: PolicyStatementJson[] = [];
  private readonly grantIds = new Set<string>();

  constructor(scope: Construct, id: string, props: LandingBucketProps) {
    super(scope, id);
    const defaults = LANDING_BUCKET_DEFAULTS;
    const encryption = props.encryption ?? defaults.encryption;
    const rawDays = props.rawRetentionInDays ?? defaults.rawRetentionInDays;
    const rejectedDays = props.rejectedRetentionInDays ?? defaults.rejectedRetentionInDays;
    const normalizedDays = props.normalizedRetentionInDays ?? defaults.normalizedRetentionInDays;
    const noncurrentDays =
      props.noncurrentVersionRetentionInDays ?? defaults.noncurrentVersionRetentionInDays;
    const transitionDays = props.rawTransitionToInfrequentAccessInDays;
    validateLifecycle(normalizedDays, rawDays, transitionDays);
    this.region = props.region;

    // A versioned bucket holds every upload: deleting it takes an explicit opt-in.
    this.bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy === true ? true : undefined,
      lifecycle: props.forceDestroy === true ? undefined : { preventDestroy: true },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });

    if (encryption === "SSE_KMS") {
      const account = AwsAccount.of(this);
      this.keyPolicyStatements.push({
        Sid: "AccountAdministersKeyAndDelegatesUseToIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${account.partition}:iam::${account.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      });
      this.kmsKey = new KmsKey(this, "Key", {
        description: `Encrypts s3://${props.bucketName} and the pipeline's topics`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: lazyPolicyJson(this.keyPolicyStatements),
      });
      new KmsAlias(this, "KeyAlias", {
        name: `alias/${props.bucketName}`,
        targetKeyId: this.kmsKey.keyId,
      });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: this.bucket.id,
      rule: [
        this.kmsKey
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: this.kmsKey.arn,
              },
              // One data key per bucket instead of per object: KMS requests (and cost) drop ~99%.
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });

    new S3BucketPolicy(this, "Policy", {
      bucket: this.bucket.id,
      policy: policyJson([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucketArn, `${this.bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        ...rawUploadDenies(`${this.bucketArn}/${LANDING_PREFIXES.raw}*`, this.kmsKey?.arn),
      ]),
      dependsOn: [this.publicAccessBlock],
    });

    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: this.bucket.id,
      rule: [
        prefixRule("raw", LANDING_PREFIXES.raw, rawDays, noncurrentDays, transitionDays),
        prefixRule("normalized", LANDING_PREFIXES.normalized, normalizedDays, noncurrentDays),
        prefixRule("rejected", LANDING_PREFIXES.rejected, rejectedDays, noncurrentDays),
        // Ledger lines are tiny and loaded by Snowpipe like normalized files: same retention.
        prefixRule("ledger", LANDING_PREFIXES.ledger, normalizedDays, noncurrentDays),
        prefixRule("stream", LANDING_PREFIXES.stream, rawDays, noncurrentDays, transitionDays),
        {
          id: "remove-expired-delete-markers",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
      // Noncurrent-version rules only mean something once versioning is on (AWS's own advice).
      dependsOn: [versioning],
    });

    if (props.accessLogBucketName) {
      new S3BucketLoggingA(this, "AccessLogging", {
        bucket: this.bucket.id,
        targetBucket: props.accessLogBucketName,
        targetPrefix: `${props.bucketName}/`,
      });
    }
  }

  /** Adds a statement to the key policy (SSE_KMS only), e.g. to let S3 publish to an encrypted topic. */
  addToKeyPolicy(statement: PolicyStatementJson): void {
    if (!this.kmsKey) {
      throw new Error("LandingBucket: addToKeyPolicy needs encryption SSE_KMS (there is no key).");
    }
    this.keyPolicyStatements.push(statement);
  }

  /**
   * Lets `role` read objects under `prefix` (GetObject and GetObjectVersion), list only that prefix
   * and, with SSE_KMS, decrypt through S3 for this bucket only.
   */
  grantRead(role: IamRole, prefix: string): IamRolePolicy {
    const objects = this.objectsUnder("grantRead", prefix);
    const statements: PolicyStatementJson[] = [
      {
        Sid: "ReadObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: objects,
      },
      {
        Sid: "ListPrefix",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: this.bucketArn,
        Condition: { StringLike: { "s3:prefix": [prefix, `${prefix}*`] } },
      },
      // GetBucketLocation carries no s3:prefix, so a prefix condition would always deny it.
      {
        Sid: "LocateBucket",
        Effect: "Allow",
        Action: "s3:GetBucketLocation",
        Resource: this.bucketArn,
      },
      ...this.keyStatements(["kms:Decrypt"]),
    ];
    return this.attach("Read", role, prefix, statements);
  }

  /**
   * Lets `role` create objects under `prefix` (PutObject, and AbortMultipartUpload for its own
   * failed multipart uploads) and, with SSE_KMS, generate data keys through S3 for this bucket.
   * No read, list or delete.
   */
  grantWrite(role: IamRole, prefix: string): IamRolePolicy {
    const objects = this.objectsUnder("grantWrite", prefix);
    const statements: PolicyStatementJson[] = [
      {
        Sid: "WriteObjects",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: objects,
      },
      // Multipart uploads read the data key back to encrypt each part, hence Decrypt.
      ...this.keyStatements(["kms:GenerateDataKey", "kms:Decrypt"]),
    ];
    return this.attach("Write", role, prefix, statements);
  }

  /** KMS statements for S3 to use the bucket key on a principal's behalf, if the bucket has one. */
  keyStatements(actions: readonly string[]): PolicyStatementJson[] {
    if (!this.kmsKey) return [];
    const account = AwsAccount.of(this);
    return [
      {
        Sid: "UseBucketKeyThroughS3",
        Effect: "Allow",
        Action: actions,
        Resource: this.kmsKey.arn,
        Condition: {
          StringEquals: { "kms:ViaService": `s3.${this.region}.${account.dnsSuffix}` },
          // With a bucket key S3 names the bucket, not the object, as the encryption context.
          StringLike: {
            "kms:EncryptionContext:aws:s3:arn": [this.bucketArn, `${this.bucketArn}/*`],
          },
        },
      },
    ];
  }

  private objectsUnder(method: string, prefix: string): string {
    new Problems(`LandingBucket.${method}`).keyPrefix("prefix", prefix).throwIfAny();
    return `${this.bucketArn}/${prefix}*`;
  }

  private attach(
    verb: string,
    role: IamRole,
    prefix: string,
    statements: PolicyStatementJson[],
  ): IamRolePolicy {
    const id = `${verb}${role.node.id}${prefix.replace(/[^A-Za-z0-9]/g, "")}`;
    if (this.grantIds.has(id)) {
      throw new Error(
        `LandingBucket: ${verb.toLowerCase()} access to "${prefix}" was already granted to ${role.node.path}.`,
      );
    }
    this.grantIds.add(id);
    return new IamRolePolicy(this, id, {
      name: `${verb.toLowerCase()}-${prefix.replace(/\/$/, "").replace(/[^A-Za-z0-9+=,.@_-]/g, "-")}`,
      role: role.name,
      policy: policyJson(statements),
    });
  }
}

/**
 * Deny statements for uploads to raw/ that the normalizer could not read or that would break the
 * lifecycle: a customer-provided key (SSE-C: S3 keeps no key, so every read fails), a KMS key other
 * than the bucket's (the normalizer may decrypt only with the bucket key), another algorithm than the
 * bucket's, or a storage class other than STANDARD (an archive class cannot be read at once). Each
 * such object would fail three times and land in the failure queue: a poison object.
 *
 * The condition keys are the request headers (Service Authorization Reference, list_amazons3.html:
 * s3:x-amz-server-side-encryption-customer-algorithm, s3:x-amz-server-side-encryption-aws-kms-key-id,
 * s3:x-amz-server-side-encryption, s3:x-amz-storage-class on s3:PutObject). Denying s3:PutObject
 * also covers CreateMultipartUpload, UploadPart and CompleteMultipartUpload (S3 user guide,
 * mpuAndPermissions.html: each needs s3:PutObject) and CopyObject into raw/ (authorized as
 * s3:PutObject on the target, hence its s3:x-amz-copy-source key on the same page). A gateway that
 * sends none of the headers gets the bucket's default encryption and STANDARD, so every deny pairs
 * a negated test with `Null: false`: a negated operator is true for an absent key (IAM user guide,
 * reference_policies_elements_condition_operators.html), and absent headers must stay allowed.
 * The KMS key condition key is typed ARN (list_amazons3.html); whether S3 expands a key ID or
 * alias sent in the header to the ARN before comparing is not documented, so a gateway that names
 * the key must send its full ARN. Anything else is denied: the check fails closed.
 */
function rawUploadDenies(rawObjects: string, bucketKeyArn?: string): PolicyStatementJson[] {
  const deny = (sid: string, condition: PolicyStatementJson["Condition"]): PolicyStatementJson => ({
    Sid: sid,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: rawObjects,
    Condition: condition,
  });
  const algorithm = bucketKeyArn ? "aws:kms" : "AES256";
  const kmsKeyId = "s3:x-amz-server-side-encryption-aws-kms-key-id";
  return [
    deny("DenyRawUploadsWithCustomerKeys", {
      Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" },
    }),
    deny("DenyRawUploadsWithAnotherAlgorithm", {
      Null: { "s3:x-amz-server-side-encryption": "false" },
      StringNotEquals: { "s3:x-amz-server-side-encryption": algorithm },
    }),
    ...(bucketKeyArn
      ? [
          deny("DenyRawUploadsWithAnotherKmsKey", {
            Null: { [kmsKeyId]: "false" },
            StringNotEquals: { [kmsKeyId]: bucketKeyArn },
          }),
          // "aws:kms" without a key ID may pick the AWS managed key aws/s3 (PutObject API
          // reference), not the bucket's.
          deny("DenyRawUploadsWithoutTheBucketKey", {
            StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            Null: { [kmsKeyId]: "true" },
          }),
        ]
      : [deny("DenyRawUploadsWithAKmsKey", { Null: { [kmsKeyId]: "false" } })]),
    deny("DenyRawUploadsToColdStorage", {
      Null: { "s3:x-amz-storage-class": "false" },
      StringNotEquals: { "s3:x-amz-storage-class": "STANDARD" },
    }),
  ];
}

function prefixRule(
  name: string,
  prefix: string,
  retentionDays: number,
  noncurrentDays: number,
  transitionDays?: number,
): S3BucketLifecycleConfigurationRule {
  return {
    id: `${name}-retention`,
    status: "Enabled",
    filter: [{ prefix }],
    expiration: [{ days: retentionDays }],
    noncurrentVersionExpiration: [{ noncurrentDays }],
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
    ...(transitionDays === undefined
      ? {}
      : { transition: [{ days: transitionDays, storageClass: "STANDARD_IA" }] }),
  };
}

function validateLifecycle(normalizedDays: number, rawDays: number, transitionDays?: number): void {
  if ([normalizedDays, rawDays, transitionDays].some((days) => Token.isUnresolved(days))) return;
  const problems = new Problems("LandingBucket");
  if (normalizedDays < SNOWPIPE_LOAD_HISTORY_DAYS) {
    problems.add(
      `normalizedRetentionInDays ${normalizedDays} must be at least ${SNOWPIPE_LOAD_HISTORY_DAYS}: Snowpipe's load history lasts 14 days, and a file deleted sooner cannot be replayed or audited`,
    );
  }
  if (transitionDays !== undefined && (transitionDays < 30 || transitionDays >= rawDays)) {
    problems.add(
      `rawTransitionToInfrequentAccessInDays ${transitionDays} must be at least 30 (S3's minimum for Standard-IA) and less than rawRetentionInDays ${rawDays}`,
    );
  }
  problems.throwIfAny();
}
