import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { blocks, isExpression } from "../../references";
import { bucketCompanions } from "./bucket-companions";

export const S3BucketVersioned: GuardrailRule = {
  id: "S3.Versioning",
  name: "S3BucketVersioned",
  what: "Every bucket has an aws_s3_bucket_versioning with status Enabled.",
  why: "Versions let an overwritten or deleted upload be recovered and replayed; without them one bad write loses data for good.",
  level: "ERROR",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const statuses = bucketCompanions(bucket, stack, "aws_s3_bucket_versioning").flatMap(
      (versioning) =>
        blocks(versioning.config.versioning_configuration).map(
          (configuration) => configuration.status,
        ),
    );
    if (statuses.length === 0) {
      return nonCompliant(
        'the bucket has no aws_s3_bucket_versioning; add one with status "Enabled"',
      );
    }
    if (statuses.some(isExpression)) return compliant("the status is computed at plan time");
    return statuses.includes("Enabled")
      ? compliant()
      : nonCompliant(`versioning status is ${statuses.join(", ")}; set it to "Enabled"`);
  },
};
