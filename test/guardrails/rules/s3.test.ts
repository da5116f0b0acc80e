import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketDefaultEncryption } from "../../../guardrails/rules/s3/S3BucketDefaultEncryption";
import { S3BucketPublicAccessBlocked } from "../../../guardrails/rules/s3/S3BucketPublicAccessBlocked";
import { S3BucketSingleNotification } from "../../../guardrails/rules/s3/S3BucketSingleNotification";
import { S3BucketTlsOnly } from "../../../guardrails/rules/s3/S3BucketTlsOnly";
import { S3BucketVersioned } from "../../../guardrails/rules/s3/S3BucketVersioned";
import { S3NotificationHasPrefix } from "../../../guardrails/rules/s3/S3NotificationHasPrefix";
import { S3NotificationPrefixesDisjoint } from "../../../guardrails/rules/s3/S3NotificationPrefixesDisjoint";
import { landingBucket } from "../../helpers/guardrail-fixtures";
import { minimalStack, verdict, violation } from "../../helpers/guardrails";

const LAMBDA = "arn:aws:lambda:eu-west-1:111122223333:function:normalizer";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:normalized";

describe("S3.PublicAccessBlock", () => {
  test("passes a bucket whose public access block sets all four settings", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    expect(verdict(stack, S3BucketPublicAccessBlocked, bucket).compliance).toBe("COMPLIANT");
  });

  test("flags a bucket without a public access block", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { publicAccessBlock: true });
    expect(violation(verdict(stack, S3BucketPublicAccessBlocked, bucket))).toMatch(
      /no aws_s3_bucket_public_access_block/,
    );
  });

  test("names the settings a public access block leaves off", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { publicAccessBlock: true });
    new S3BucketPublicAccessBlock(stack, "Partial", {
      bucket: bucket.bucket,
      blockPublicAcls: true,
      blockPublicPolicy: false,
      ignorePublicAcls: true,
    });
    expect(violation(verdict(stack, S3BucketPublicAccessBlocked, bucket))).toMatch(
      /leaves block_public_policy, restrict_public_buckets off/,
    );
  });

  test("does not count another bucket's public access block", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { publicAccessBlock: true });
    const other = new S3Bucket(stack, "Other", { bucket: "example-other" });
    new S3BucketPublicAccessBlock(stack, "OtherBlock", {
      bucket: other.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(verdict(stack, S3BucketPublicAccessBlocked, bucket).compliance).toBe("NON_COMPLIANT");
  });
});

describe("S3.DefaultEncryption", () => {
  test("passes a bucket with an SSE-KMS default", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    expect(verdict(stack, S3BucketDefaultEncryption, bucket).compliance).toBe("COMPLIANT");
  });

  test("flags a bucket without an encryption configuration", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { encryption: true });
    expect(violation(verdict(stack, S3BucketDefaultEncryption, bucket))).toMatch(
      /no aws_s3_bucket_server_side_encryption_configuration/,
    );
  });
});

describe("S3.TlsOnly", () => {
  test("passes a bucket whose policy document denies s3:* without TLS on the bucket and its objects", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    expect(verdict(stack, S3BucketTlsOnly, bucket).compliance).toBe("COMPLIANT");
  });

  test("passes a TLS-only policy written as a JSON string with the bucket's literal ARN", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { policy: true });
    new S3BucketPolicy(stack, "JsonPolicy", {
      bucket: "example-landing",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::example-landing", "arn:aws:s3:::example-landing/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    });
    expect(verdict(stack, S3BucketTlsOnly, bucket).compliance).toBe("COMPLIANT");
  });

  test("flags a policy whose deny covers the objects but not the bucket itself", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { policy: true });
    new S3BucketPolicy(stack, "ObjectsOnly", {
      bucket: bucket.id,
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: `${bucket.arn}/*`,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    });
    expect(violation(verdict(stack, S3BucketTlsOnly, bucket))).toMatch(
      /no statement denying s3:\*/,
    );
  });

  test("flags a bucket without a policy", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { policy: true });
    expect(violation(verdict(stack, S3BucketTlsOnly, bucket))).toMatch(/no aws_s3_bucket_policy/);
  });

  test("passes with a note, rather than failing, when the policy is computed at plan time", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { policy: true });
    new S3BucketPolicy(stack, "Computed", {
      bucket: bucket.id,
      policy: "${jsonencode(local.policy)}",
    });
    expect(verdict(stack, S3BucketTlsOnly, bucket)).toEqual({
      compliance: "COMPLIANT",
      note: expect.stringMatching(/computed at plan time/),
    });
  });
});

describe("S3.Versioning", () => {
  test("passes a bucket with versioning Enabled", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    expect(verdict(stack, S3BucketVersioned, bucket).compliance).toBe("COMPLIANT");
  });

  test("flags a bucket without versioning", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack, { versioning: true });
    expect(violation(verdict(stack, S3BucketVersioned, bucket))).toMatch(
      /no aws_s3_bucket_versioning/,
    );
  });
});

describe("S3.NoBucketWideNotification", () => {
  test("passes a notification whose destinations each filter on a prefix", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const notification = new S3BucketNotification(stack, "Notification", {
      bucket: bucket.id,
      lambdaFunction: [
        { lambdaFunctionArn: LAMBDA, events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" },
      ],
      topic: [{ topicArn: TOPIC, events: ["s3:ObjectCreated:*"], filterPrefix: "normalized/" }],
    });
    expect(verdict(stack, S3NotificationHasPrefix, notification).compliance).toBe("COMPLIANT");
  });

  test("flags a destination without a prefix", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const notification = new S3BucketNotification(stack, "Notification", {
      bucket: bucket.id,
      lambdaFunction: [{ lambdaFunctionArn: LAMBDA, events: ["s3:ObjectCreated:*"] }],
    });
    expect(violation(verdict(stack, S3NotificationHasPrefix, notification))).toMatch(
      /lambda_function\[0\] has no filter_prefix/,
    );
  });
});

describe("S3.NoOverlappingNotificationPrefixes", () => {
  test("passes disjoint prefixes", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const notification = new S3BucketNotification(stack, "Notification", {
      bucket: bucket.id,
      lambdaFunction: [
        { lambdaFunctionArn: LAMBDA, events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" },
      ],
      topic: [{ topicArn: TOPIC, events: ["s3:ObjectCreated:*"], filterPrefix: "normalized/" }],
    });
    expect(verdict(stack, S3NotificationPrefixesDisjoint, notification).compliance).toBe(
      "COMPLIANT",
    );
  });

  test("flags a nested prefix for an event the other destination's wildcard covers", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const notification = new S3BucketNotification(stack, "Notification", {
      bucket: bucket.id,
      lambdaFunction: [
        { lambdaFunctionArn: LAMBDA, events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" },
      ],
      topic: [{ topicArn: TOPIC, events: ["s3:ObjectCreated:Put"], filterPrefix: "raw/gw-1/" }],
    });
    expect(violation(verdict(stack, S3NotificationPrefixesDisjoint, notification))).toMatch(
      /lambda_function\[0\] and topic\[0\]/,
    );
  });

  test("passes nested prefixes whose events differ", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const notification = new S3BucketNotification(stack, "Notification", {
      bucket: bucket.id,
      lambdaFunction: [
        { lambdaFunctionArn: LAMBDA, events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" },
      ],
      topic: [{ topicArn: TOPIC, events: ["s3:ObjectRemoved:*"], filterPrefix: "raw/gw-1/" }],
    });
    expect(verdict(stack, S3NotificationPrefixesDisjoint, notification).compliance).toBe(
      "COMPLIANT",
    );
  });
});

describe("S3.OneNotificationPerBucket", () => {
  test("passes a bucket with one notification", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    new S3BucketNotification(stack, "Notification", {
      bucket: bucket.id,
      lambdaFunction: [
        { lambdaFunctionArn: LAMBDA, events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" },
      ],
    });
    expect(verdict(stack, S3BucketSingleNotification, bucket).compliance).toBe("COMPLIANT");
  });

  test("flags a bucket with two notifications, one naming it by reference and one by name", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    new S3BucketNotification(stack, "Raw", {
      bucket: bucket.id,
      lambdaFunction: [
        { lambdaFunctionArn: LAMBDA, events: ["s3:ObjectCreated:*"], filterPrefix: "raw/" },
      ],
    });
    new S3BucketNotification(stack, "Normalized", {
      bucket: "example-landing",
      topic: [{ topicArn: TOPIC, events: ["s3:ObjectCreated:*"], filterPrefix: "normalized/" }],
    });
    expect(violation(verdict(stack, S3BucketSingleNotification, bucket))).toMatch(
      /guardrails-test\/Raw, guardrails-test\/Normalized all configure this bucket/,
    );
  });
});
