import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { bucketCompanions } from "./bucket-companions";

export const S3BucketSingleNotification: GuardrailRule = {
  id: "S3.OneNotificationPerBucket",
  name: "S3BucketSingleNotification",
  what: "A bucket has at most one aws_s3_bucket_notification.",
  why: "S3 keeps one notification configuration per bucket: a second resource silently replaces the first on every apply, so one consumer stops receiving events.",
  level: "ERROR",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const notifications = bucketCompanions(bucket, stack, "aws_s3_bucket_notification");
    return notifications.length <= 1
      ? compliant()
      : nonCompliant(
          `${notifications.map((notification) => notification.path).join(", ")} all configure this bucket; merge them into one`,
        );
  },
};
