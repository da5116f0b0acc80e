import type { TerraformStack } from "cdktf";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

/** Which companions of a bucket to leave out. */
export interface BucketOmissions {
  readonly publicAccessBlock?: boolean;
  readonly encryption?: boolean;
  readonly versioning?: boolean;
  readonly policy?: boolean;
}

/** A bucket with the companions the S3 rules expect, minus the ones named in `omit`. */
export function landingBucket(stack: TerraformStack, omit: BucketOmissions = {}): S3Bucket {
  const bucket = new S3Bucket(stack, "Bucket", { bucket: "example-landing" });
  if (!omit.publicAccessBlock) {
    new S3BucketPublicAccessBlock(stack, "PublicAccessBlock", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  if (!omit.encryption) {
    new S3BucketServerSideEncryptionConfigurationA(stack, "Encryption", {
      bucket: bucket.id,
      rule: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true },
      ],
    });
  }
  if (!omit.versioning) {
    new S3BucketVersioningA(stack, "Versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
  }
  if (!omit.policy) {
    const tlsOnly = new DataAwsIamPolicyDocument(stack, "TlsOnly", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [bucket.arn, `${bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(stack, "Policy", { bucket: bucket.id, policy: tlsOnly.json });
  }
  return bucket;
}
