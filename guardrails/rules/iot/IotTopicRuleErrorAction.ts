import { blocks, isRecord } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

export const IotTopicRuleErrorAction: GuardrailRule = {
  id: "IoT.TopicRuleErrorAction",
  name: "IotTopicRuleErrorAction",
  what: "Every IoT topic rule has an error_action with at least one action.",
  why: "When a rule's action fails (a throttled or missing delivery stream, a permission), IoT Core drops the message unless an error action keeps it; the reading is then lost without a trace.",
  level: "ERROR",
  resourceTypes: ["aws_iot_topic_rule"],
  check(rule) {
    const actions = blocks(rule.config.error_action).flatMap((errorAction) =>
      Object.values(errorAction).filter((value) => isRecord(value) || blocks(value).length > 0),
    );
    if (actions.length === 0)
      return nonCompliant(
        "the rule has no error_action; add one that keeps failed messages (s3, firehose or cloudwatch_logs)",
      );
    return compliant();
  },
};
