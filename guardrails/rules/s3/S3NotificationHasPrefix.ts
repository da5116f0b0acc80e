import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { notificationTargets } from "./notification-targets";

export const S3NotificationHasPrefix: GuardrailRule = {
  id: "S3.NoBucketWideNotification",
  name: "S3NotificationHasPrefix",
  what: "Every destination of an S3 bucket notification filters on a non-empty key prefix.",
  why: "A bucket-wide rule also fires for the objects its own consumer writes back (normalized/, rejected/), which loops the Lambda and multiplies cost.",
  level: "ERROR",
  resourceTypes: ["aws_s3_bucket_notification"],
  check(notification) {
    const bucketWide = notificationTargets(notification).filter((target) => target.prefix === "");
    return bucketWide.length === 0
      ? compliant()
      : nonCompliant(
          `${bucketWide.map((target) => target.label).join(", ")} has no filter_prefix; give each destination its own prefix such as "raw/"`,
        );
  },
};
