import { blocks, isReferenceTo, strings } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import type { StackResources, SynthesizedResource } from "../../stack-resources";

const AWS_MANAGED_KEY = "alias/aws/sns";

export const SnsTopicEncrypted: GuardrailRule = {
  id: "SNS.Encryption",
  name: "SnsTopicEncrypted",
  what: "Every SNS topic sets kms_master_key_id, and a topic that S3 or CloudWatch alarms publish to uses a customer managed key rather than alias/aws/sns.",
  why: "Encryption at rest keeps object keys and alert text out of plain storage; S3 and CloudWatch cannot use the AWS managed SNS key, so with it their messages are silently dropped. A warning, because a customer key bills about 1 USD a month while idle.",
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
    const publishers = servicePublishers(topic, stack);
    return publishers.length > 0
      ? nonCompliant(
          `${publishers.join(" and ")} cannot use ${AWS_MANAGED_KEY}, so their messages to this topic are dropped; use a customer managed key whose policy allows them`,
        )
      : compliant();
  },
};

/** The services in this stack that publish to the topic and cannot use the AWS managed key. */
function servicePublishers(topic: SynthesizedResource, stack: StackResources): string[] {
  const toTopic = (value: unknown) => isReferenceTo(value, topic, ["arn", "id"]);
  const fromS3 = stack
    .ofType("aws_s3_bucket_notification")
    .some((notification) =>
      blocks(notification.config.topic).some((target) => toTopic(target.topic_arn)),
    );
  const fromAlarms = stack
    .ofType("aws_cloudwatch_metric_alarm")
    .some((alarm) =>
      ["alarm_actions", "ok_actions", "insufficient_data_actions"].some((actions) =>
        strings(alarm.config[actions]).some(toTopic),
      ),
    );
  return [...(fromS3 ? ["S3"] : []), ...(fromAlarms ? ["CloudWatch alarms"] : [])];
}
