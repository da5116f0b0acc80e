import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

/** Properties of {@link TerraformStateBucket}. */
export interface TerraformStateBucketProps {
  /** Globally unique bucket name (`state.bucket` of the environments). */
  readonly bucketName: string;
  /** Days a replaced or deleted state version is kept, for recovery. @default 90 */
  readonly noncurrentVersionRetentionInDays?: number;
}

/**
 * The S3 bucket holding every environment's Terraform state: versioned (a bad apply can be rolled
 * back), encrypted with SSE-S3 (no KMS key billing while idle, and no key policy for CI roles to
 * get wrong), all public access blocked, bucket-owner-enforced, TLS-only, and protected against
 * `terraform destroy`.
 */
export class TerraformStateBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: TerraformStateBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, "Versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [
            { noncurrentDays: props.noncurrentVersionRetentionInDays ?? 90 },
          ],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    new S3BucketPolicy(this, "Policy", {
      bucket,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
      // S3 rejects a bucket policy while the public access block is being applied in parallel.
      dependsOn: [publicAccessBlock],
    });
  }
}
