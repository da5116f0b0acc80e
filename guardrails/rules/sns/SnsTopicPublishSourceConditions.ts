import type { GuardrailRule } from "../../rule";
import { checkSourceConditions } from "./source-conditions";

export const SnsTopicPublishSourceConditions: GuardrailRule = {
  id: "SNS.PublishSourceConditions",
  name: "SnsTopicPublishSourceConditions",
  what: "A topic policy that lets a service (or everyone) publish requires aws:SourceArn and aws:SourceAccount.",
  why: "Without them any bucket or alarm in any account could publish to the topic and feed forged object keys to Snowpipe or false alerts to on-call.",
  level: "ERROR",
  resourceTypes: ["aws_sns_topic_policy", "aws_sns_topic"],
  check: (resource, context) => checkSourceConditions(resource, context, "sns:Publish"),
};
