import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { isExpression } from "../../references";
import { bucketCompanions } from "./bucket-companions";

const FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;

export const S3BucketPublicAccessBlocked: GuardrailRule = {
  id: "S3.PublicAccessBlock",
  name: "S3BucketPublicAccessBlocked",
  what: "Every bucket has an aws_s3_bucket_public_access_block with all four settings true.",
  why: "Without it one ACL or policy edit can publish sensor data to the internet; the block makes public access impossible rather than merely absent.",
  level: "ERROR",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const blocks = bucketCompanions(bucket, stack, "aws_s3_bucket_public_access_block");
    const accountWide = stack
      .ofType("aws_s3_account_public_access_block")
      .find((block) => FLAGS.every((flag) => block.config[flag] === true));
    if (accountWide) return compliant(`the account-wide block ${accountWide.path} covers it`);
    if (blocks.length === 0) {
      return nonCompliant(
        "the bucket has no aws_s3_bucket_public_access_block; add one with all four settings true",
      );
    }
    const block = blocks[0];
    if (FLAGS.some((flag) => isExpression(block.config[flag]))) {
      return compliant("some settings are computed at plan time and were not checked");
    }
    const off = FLAGS.filter((flag) => block.config[flag] !== true);
    return off.length === 0
      ? compliant()
      : nonCompliant(`${block.path} leaves ${off.join(", ")} off; set all four to true`);
  },
};
