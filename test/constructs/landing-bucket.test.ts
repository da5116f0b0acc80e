import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { onlyResource, resourcesOfType, synthesize } from "../helpers/synth";
import { address, bucketStack, list, reference, statementsOf } from "../helpers/aws";

function withRole(props: Parameters<typeof bucketStack>[0] = {}) {
  const { stack, bucket } = bucketStack(props);
  const role = new IamRole(stack, "Reader", { name: "reader", assumeRolePolicy: "{}" });
  return { stack, bucket, role };
}

describe("LandingBucket", () => {
  test("blocks every kind of public access and enforces bucket-owner object ownership", () => {
    const synthesized = synthesize(bucketStack().stack);
    expect(onlyResource(synthesized, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(synthesized, "aws_s3_bucket_ownership_controls")).toMatchObject({
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  test("keeps object versions", () => {
    const synthesized = synthesize(bucketStack().stack);
    expect(onlyResource(synthesized, "aws_s3_bucket_versioning")).toMatchObject({
      versioning_configuration: { status: "Enabled" },
    });
  });

  test("with SSE_KMS encrypts with its own rotating key and a bucket key", () => {
    const synthesized = synthesize(bucketStack({ encryption: "SSE_KMS" }).stack);
    expect(onlyResource(synthesized, "aws_kms_key")).toMatchObject({ enable_key_rotation: true });
    const encryption = onlyResource(
      synthesized,
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    expect(encryption.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: reference(synthesized, "aws_kms_key", "arn"),
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test("with SSE_S3 uses S3-managed keys and creates no KMS key", () => {
    const synthesized = synthesize(bucketStack({ encryption: "SSE_S3" }).stack);
    expect(resourcesOfType(synthesized, "aws_kms_key")).toEqual({});
    const encryption = onlyResource(
      synthesized,
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    expect(encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
  });

  test("denies every request over plain HTTP, to the bucket and its objects, after the public access block", () => {
    const synthesized = synthesize(bucketStack().stack);
    const policy = onlyResource(synthesized, "aws_s3_bucket_policy");
    const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
    expect(statementsOf(policy.policy)).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    expect(policy.depends_on).toEqual([
      address(synthesized, "aws_s3_bucket_public_access_block", "LandingBucket_PublicAccessBlock"),
    ]);
  });

  describe("uploads to raw/ the normalizer could not read", () => {
    /** The Deny statements on raw/ PutObject, by Sid, as synthesized. */
    const rawDenies = (props: Parameters<typeof bucketStack>[0] = {}) => {
      const synthesized = synthesize(bucketStack(props).stack);
      const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
      const statements = statementsOf(onlyResource(synthesized, "aws_s3_bucket_policy").policy);
      const denies = statements.filter(
        (statement) => statement.Effect === "Deny" && statement.Action === "s3:PutObject",
      );
      for (const statement of denies) {
        expect(statement).toMatchObject({ Principal: "*", Resource: `${bucketArn}/raw/*` });
      }
      return {
        keyArn: Object.keys(resourcesOfType(synthesized, "aws_kms_key")).map(
          (id) => `\${aws_kms_key.${id}.arn}`,
        )[0],
        bySid: Object.fromEntries(denies.map((statement) => [statement.Sid, statement.Condition])),
      };
    };

    test("are denied with a customer-provided key (SSE-C), whenever its header is present", () => {
      expect(rawDenies().bySid.DenyRawUploadsWithCustomerKeys).toEqual({
        Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" },
      });
    });

    test("are denied with a KMS key other than the bucket's, but allowed without the header", () => {
      const { bySid, keyArn } = rawDenies({ encryption: "SSE_KMS" });
      expect(bySid.DenyRawUploadsWithAnotherKmsKey).toEqual({
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
      });
      expect(bySid.DenyRawUploadsWithoutTheBucketKey).toEqual({
        StringEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
      });
      expect(bySid.DenyRawUploadsWithAnotherAlgorithm).toEqual({
        Null: { "s3:x-amz-server-side-encryption": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      });
    });

    test("are denied with any KMS key when the bucket uses S3-managed keys", () => {
      const { bySid } = rawDenies({ encryption: "SSE_S3" });
      expect(bySid.DenyRawUploadsWithAKmsKey).toEqual({
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
      });
      expect(bySid.DenyRawUploadsWithAnotherAlgorithm).toEqual({
        Null: { "s3:x-amz-server-side-encryption": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption": "AES256" },
      });
    });

    test("are denied with a storage class other than STANDARD, but allowed without the header", () => {
      expect(rawDenies().bySid.DenyRawUploadsToColdStorage).toEqual({
        Null: { "s3:x-amz-storage-class": "false" },
        StringNotEquals: { "s3:x-amz-storage-class": "STANDARD" },
      });
    });

    test("every deny with a negated test also requires its header to be present", () => {
      for (const encryption of ["SSE_S3", "SSE_KMS"] as const) {
        for (const condition of Object.values(rawDenies({ encryption }).bySid)) {
          const negated = Object.values(
            (condition as Record<string, Record<string, string>>).StringNotEquals ?? {},
          );
          if (negated.length === 0) continue;
          const keys = Object.keys(
            (condition as Record<string, Record<string, string>>).StringNotEquals,
          );
          for (const key of keys) {
            expect((condition as Record<string, Record<string, string>>).Null[key]).toBe("false");
          }
        }
      }
    });
  });

  test("expires each prefix after its own retention", () => {
    const { stack } = bucketStack({
      rawRetentionInDays: 21,
      normalizedRetentionInDays: 15,
      rejectedRetentionInDays: 60,
    });
    const rules = onlyResource(synthesize(stack), "aws_s3_bucket_lifecycle_configuration")
      .rule as Array<{ filter: Array<{ prefix: string }>; expiration: Array<{ days?: number }> }>;
    const days = Object.fromEntries(
      rules
        .filter((rule) => rule.expiration[0].days !== undefined)
        .map((rule) => [rule.filter[0].prefix, rule.expiration[0].days]),
    );
    // ledger/ lines are loaded by Snowpipe like normalized files, so they share its retention;
    // the streaming path's backup stands in for raw/ and is kept as long.
    expect(days).toEqual({
      "raw/": 21,
      "normalized/": 15,
      "rejected/": 60,
      "ledger/": 15,
      "stream/": 21,
    });
  });

  test("moves raw files and the stream backup to Standard-IA only when a transition is configured", () => {
    const transitions = (props: Parameters<typeof bucketStack>[0]) =>
      (
        onlyResource(synthesize(bucketStack(props).stack), "aws_s3_bucket_lifecycle_configuration")
          .rule as Array<{ filter: Array<{ prefix: string }>; transition?: unknown }>
      )
        .filter((rule) => rule.transition)
        .map((rule) => [rule.filter[0].prefix, rule.transition]);
    expect(
      transitions({ rawRetentionInDays: 90, rawTransitionToInfrequentAccessInDays: 30 }),
    ).toEqual([
      ["raw/", [{ days: 30, storage_class: "STANDARD_IA" }]],
      ["stream/", [{ days: 30, storage_class: "STANDARD_IA" }]],
    ]);
    expect(transitions({ rawRetentionInDays: 90 })).toEqual([]);
  });

  test("refuses normalized retention shorter than Snowpipe's 14-day load history", () => {
    expect(() => bucketStack({ normalizedRetentionInDays: 13 })).toThrow(
      /normalizedRetentionInDays 13 must be at least 14/,
    );
  });

  test("refuses a raw transition at or after the raw expiry", () => {
    expect(() =>
      bucketStack({ rawRetentionInDays: 30, rawTransitionToInfrequentAccessInDays: 30 }),
    ).toThrow(
      /rawTransitionToInfrequentAccessInDays 30 must be at least 30 .* and less than rawRetentionInDays 30/,
    );
  });

  test("sends access logs only when a log bucket is configured", () => {
    const logged = synthesize(bucketStack({ accessLogBucketName: "logs-bucket" }).stack);
    expect(onlyResource(logged, "aws_s3_bucket_logging")).toMatchObject({
      target_bucket: "logs-bucket",
      target_prefix: "test-landing/",
    });
    expect(resourcesOfType(synthesize(bucketStack().stack), "aws_s3_bucket_logging")).toEqual({});
  });
});

describe("LandingBucket.grantRead", () => {
  test("allows reading and listing one prefix and locating the bucket, nothing else", () => {
    const { stack, bucket, role } = withRole({ encryption: "SSE_S3" });
    bucket.grantRead(role, "normalized/");
    const synthesized = synthesize(stack);
    const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
    const policy = onlyResource(synthesized, "aws_iam_role_policy");
    expect(policy.role).toBe(reference(synthesized, "aws_iam_role", "name"));
    expect(statementsOf(policy.policy)).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: `${bucketArn}/normalized/*`,
      }),
      expect.objectContaining({
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: bucketArn,
        Condition: { StringLike: { "s3:prefix": ["normalized/", "normalized/*"] } },
      }),
      expect.objectContaining({
        Effect: "Allow",
        Action: "s3:GetBucketLocation",
        Resource: bucketArn,
      }),
    ]);
  });

  test("with SSE_KMS adds only kms:Decrypt on the bucket's key, through S3 for this bucket", () => {
    const { stack, bucket, role } = withRole({ encryption: "SSE_KMS" });
    bucket.grantRead(role, "normalized/");
    const synthesized = synthesize(stack);
    const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
    const kms = statementsOf(onlyResource(synthesized, "aws_iam_role_policy").policy).filter(
      (statement) => list(statement.Action).some((action) => action.startsWith("kms:")),
    );
    expect(kms).toEqual([
      expect.objectContaining({
        Action: ["kms:Decrypt"],
        Resource: reference(synthesized, "aws_kms_key", "arn"),
        Condition: {
          StringEquals: { "kms:ViaService": expect.stringMatching(/^s3\.eu-west-1\./) },
          StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
        },
      }),
    ]);
  });

  test("refuses an empty prefix, which would grant the whole bucket", () => {
    const { bucket, role } = withRole();
    expect(() => bucket.grantRead(role, "")).toThrow(
      /prefix "" must be a key prefix ending in "\/"/,
    );
  });
});

describe("LandingBucket.grantWrite", () => {
  test("allows creating objects under one prefix only: no read, list or delete", () => {
    const { stack, bucket, role } = withRole({ encryption: "SSE_S3" });
    bucket.grantWrite(role, "rejected/");
    const synthesized = synthesize(stack);
    const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
    expect(statementsOf(onlyResource(synthesized, "aws_iam_role_policy").policy)).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: `${bucketArn}/rejected/*`,
      }),
    ]);
  });

  test("with SSE_KMS also allows generating data keys and decrypting parts, through S3 only", () => {
    const { stack, bucket, role } = withRole({ encryption: "SSE_KMS" });
    bucket.grantWrite(role, "rejected/");
    const statements = statementsOf(onlyResource(synthesize(stack), "aws_iam_role_policy").policy);
    const kms = statements.find((statement) =>
      list(statement.Action).includes("kms:GenerateDataKey"),
    );
    expect(list(kms?.Action).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(Object.keys(kms?.Condition?.StringEquals ?? {})).toEqual(["kms:ViaService"]);
  });
});

describe("LandingBucket lifecycle ordering", () => {
  test("applies lifecycle rules after versioning is enabled", () => {
    const synthesized = synthesize(bucketStack().stack);
    expect(onlyResource(synthesized, "aws_s3_bucket_lifecycle_configuration").depends_on).toEqual([
      address(synthesized, "aws_s3_bucket_versioning", "LandingBucket_Versioning"),
    ]);
  });

  test("removes noncurrent versions after the configured days under every prefix", () => {
    const rules = onlyResource(
      synthesize(bucketStack({ noncurrentVersionRetentionInDays: 3 }).stack),
      "aws_s3_bucket_lifecycle_configuration",
    ).rule as Array<{ filter: Array<{ prefix: string }>; noncurrent_version_expiration?: unknown }>;
    const noncurrent = rules
      .filter((rule) => rule.noncurrent_version_expiration)
      .map((rule) => [rule.filter[0].prefix, rule.noncurrent_version_expiration]);
    expect(noncurrent).toEqual([
      ["raw/", [{ noncurrent_days: 3 }]],
      ["normalized/", [{ noncurrent_days: 3 }]],
      ["rejected/", [{ noncurrent_days: 3 }]],
      ["ledger/", [{ noncurrent_days: 3 }]],
      ["stream/", [{ noncurrent_days: 3 }]],
    ]);
  });
});
