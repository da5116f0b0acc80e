import type { GuardrailRule } from "../../rule";
import { checkSourceConditions } from "../sns/source-conditions";

export const SqsQueueSendSourceConditions: GuardrailRule = {
  id: "SQS.SendSourceConditions",
  name: "SqsQueueSendSourceConditions",
  what: "A queue policy that lets a service (or everyone) send messages requires aws:SourceArn and aws:SourceAccount.",
  why: "Without them a resource in another account could fill the queue, hiding real failures among forged ones and running up cost.",
  level: "ERROR",
  resourceTypes: ["aws_sqs_queue_policy", "aws_sqs_queue"],
  check: (resource, context) => checkSourceConditions(resource, context, "sqs:SendMessage"),
};
