import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

export const SqsQueueEncrypted: GuardrailRule = {
  id: "SQS.Encryption",
  name: "SqsQueueEncrypted",
  what: "Every SQS queue is encrypted: sqs_managed_sse_enabled true or a kms_master_key_id.",
  why: "Failed events carry the object keys and error details of sensor uploads; SSE-SQS encrypts them at no cost, so there is no reason to store them in the clear.",
  level: "ERROR",
  resourceTypes: ["aws_sqs_queue"],
  check(queue) {
    const { sqs_managed_sse_enabled: managed, kms_master_key_id: key } = queue.config;
    if ((typeof key === "string" && key !== "") || managed === true) return compliant();
    return nonCompliant(
      "the queue is not encrypted; set sqs_managed_sse_enabled = true (free) or a KMS key",
    );
  },
};
