import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SnsTopicEncrypted } from "../../../guardrails/rules/sns/SnsTopicEncrypted";
import { SnsTopicPublishSourceConditions } from "../../../guardrails/rules/sns/SnsTopicPublishSourceConditions";
import { SqsQueueEncrypted } from "../../../guardrails/rules/sqs/SqsQueueEncrypted";
import { SqsQueueSendSourceConditions } from "../../../guardrails/rules/sqs/SqsQueueSendSourceConditions";
import { landingBucket } from "../../helpers/guardrail-fixtures";
import { minimalStack, verdict, violation } from "../../helpers/guardrails";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("SNS.Encryption", () => {
  test("passes a topic encrypted with a customer managed key", () => {
    const stack = minimalStack();
    const topic = new SnsTopic(stack, "Topic", { name: "normalized", kmsMasterKeyId: KEY });
    expect(verdict(stack, SnsTopicEncrypted, topic).compliance).toBe("COMPLIANT");
  });

  test("flags an unencrypted topic", () => {
    const stack = minimalStack();
    const topic = new SnsTopic(stack, "Topic", { name: "normalized" });
    expect(violation(verdict(stack, SnsTopicEncrypted, topic))).toMatch(/not encrypted/);
  });

  test("flags the AWS managed key on a topic S3 publishes to", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const topic = new SnsTopic(stack, "Topic", {
      name: "normalized",
      kmsMasterKeyId: "alias/aws/sns",
    });
    new S3BucketNotification(stack, "Notification", {
      bucket: bucket.id,
      topic: [{ topicArn: topic.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "normalized/" }],
    });
    expect(violation(verdict(stack, SnsTopicEncrypted, topic))).toMatch(
      /^S3 cannot use alias\/aws\/sns/,
    );
  });
  test("flags the AWS managed key on a topic a CloudWatch alarm notifies", () => {
    const stack = minimalStack();
    const topic = new SnsTopic(stack, "Alerts", {
      name: "alerts",
      kmsMasterKeyId: "alias/aws/sns",
    });
    new CloudwatchMetricAlarm(stack, "Errors", {
      alarmName: "normalizer-errors",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      alarmActions: [topic.arn],
    });
    expect(violation(verdict(stack, SnsTopicEncrypted, topic))).toMatch(
      /^CloudWatch alarms cannot use alias\/aws\/sns/,
    );
  });

  test("passes the AWS managed key on a topic no AWS service publishes to", () => {
    const stack = minimalStack();
    const topic = new SnsTopic(stack, "Topic", { name: "manual", kmsMasterKeyId: "alias/aws/sns" });
    expect(verdict(stack, SnsTopicEncrypted, topic).compliance).toBe("COMPLIANT");
  });
});

describe("SNS.PublishSourceConditions", () => {
  test("passes S3 publishing limited to one bucket and account", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const topic = new SnsTopic(stack, "Topic", { name: "normalized" });
    const document = new DataAwsIamPolicyDocument(stack, "TopicPolicyDocument", {
      statement: [
        {
          effect: "Allow",
          actions: ["sns:Publish"],
          principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
          resources: [topic.arn],
          condition: [
            { test: "ArnEquals", variable: "aws:SourceArn", values: [bucket.arn] },
            { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          ],
        },
      ],
    });
    const policy = new SnsTopicPolicy(stack, "TopicPolicy", {
      arn: topic.arn,
      policy: document.json,
    });
    expect(verdict(stack, SnsTopicPublishSourceConditions, policy).compliance).toBe("COMPLIANT");
  });

  test("flags S3 publishing limited by source ARN only", () => {
    const stack = minimalStack();
    const bucket = landingBucket(stack);
    const topic = new SnsTopic(stack, "Topic", { name: "normalized" });
    const policy = new SnsTopicPolicy(stack, "TopicPolicy", {
      arn: topic.arn,
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: topic.arn,
            Condition: { ArnLike: { "aws:SourceArn": bucket.arn } },
          },
        ],
      }),
    });
    expect(violation(verdict(stack, SnsTopicPublishSourceConditions, policy))).toMatch(
      /sns:Publish by s3\.amazonaws\.com lacks aws:SourceAccount/,
    );
  });
});

describe("SQS.Encryption", () => {
  test("passes a queue with SSE-SQS", () => {
    const stack = minimalStack();
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    expect(verdict(stack, SqsQueueEncrypted, queue).compliance).toBe("COMPLIANT");
  });

  test("flags a queue that turns encryption off", () => {
    const stack = minimalStack();
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: false });
    expect(violation(verdict(stack, SqsQueueEncrypted, queue))).toMatch(/not encrypted/);
  });
});

describe("SQS.SendSourceConditions", () => {
  test("passes a service sending limited to one source and account", () => {
    const stack = minimalStack();
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    const policy = new SqsQueuePolicy(stack, "QueuePolicy", {
      queueUrl: queue.url,
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queue.arn,
            Condition: {
              ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:alerts" },
              StringEquals: { "aws:SourceAccount": "111122223333" },
            },
          },
        ],
      }),
    });
    expect(verdict(stack, SqsQueueSendSourceConditions, policy).compliance).toBe("COMPLIANT");
  });

  test("flags anyone allowed to send without conditions", () => {
    const stack = minimalStack();
    const queue = new SqsQueue(stack, "Queue", { name: "failures", sqsManagedSseEnabled: true });
    const policy = new SqsQueuePolicy(stack, "QueuePolicy", {
      queueUrl: queue.url,
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: queue.arn }],
      }),
    });
    expect(violation(verdict(stack, SqsQueueSendSourceConditions, policy))).toMatch(
      /sqs:SendMessage by \* lacks aws:SourceArn and aws:SourceAccount/,
    );
  });
});
