import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { blocks, isExpression } from "../../references";
import { bucketCompanions } from "./bucket-companions";

const ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];

export const S3BucketDefaultEncryption: GuardrailRule = {
  id: "S3.DefaultEncryption",
  name: "S3BucketDefaultEncryption",
  what: "Every bucket declares default encryption (SSE-KMS, DSSE-KMS or SSE-S3) in an aws_s3_bucket_server_side_encryption_configuration.",
  why: "Declaring it pins the algorithm (and the KMS key when used) in code, so a review sees it and a later change to SSE-KMS cannot silently regress.",
  level: "ERROR",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const configurations = bucketCompanions(
      bucket,
      stack,
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    if (configurations.length === 0) {
      return nonCompliant(
        "the bucket has no aws_s3_bucket_server_side_encryption_configuration; add one (aws:kms with a bucket key, or AES256)",
      );
    }
    const algorithms = configurations.flatMap((configuration) =>
      blocks(configuration.config.rule).flatMap((rule) =>
        blocks(rule.apply_server_side_encryption_by_default).map(
          (byDefault) => byDefault.sse_algorithm,
        ),
      ),
    );
    if (algorithms.some(isExpression)) return compliant("the algorithm is computed at plan time");
    return algorithms.some((algorithm) => ALGORITHMS.includes(String(algorithm)))
      ? compliant()
      : nonCompliant(
          `the encryption configuration sets no default algorithm of ${ALGORITHMS.join(", ")}`,
        );
  },
};
