import { blocks, isReferenceTo } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

const AWS_MANAGED_KEY = "alias/aws/sns";

export const SnsTopicEncrypted: GuardrailRule = {
  id: "SNS.Encryption",
  name: "SnsTopicEncrypted",
  what: "Every SNS topic sets kms_master_key_id, and a topic that S3 publishes to uses a customer managed key rather than alias/aws/sns.",
  why: "Encryption at rest keeps object keys and alert text out of plain storage; S3 cannot use the AWS managed SNS key, so with it events are silently dropped. A warning, because a customer key bills about 1 USD a month while idle.",
  level: "WARNING",
  resourceTypes: ["aws_sns_topic"],
  check(topic, { stack }) {
    const key = topic.config.kms_master_key_id;
    if (key === undefined || key === "") {
      return nonCompliant(
        "the topic is not encrypted; set kms_master_key_id to a customer managed key",
      );
    }
    if (key !== AWS_MANAGED_KEY) return compliant();
    const fromS3 = stack
      .ofType("aws_s3_bucket_notification")
      .some((notification) =>
        blocks(notification.config.topic).some((target) =>
          isReferenceTo(target.topic_arn, topic, ["arn", "id"]),
        ),
      );
    return fromS3
      ? nonCompliant(
          `S3 publishes to this topic but cannot use ${AWS_MANAGED_KEY}; use a customer managed key whose policy allows s3.amazonaws.com`,
        )
      : compliant();
  },
};
