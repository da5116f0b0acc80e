import { Construct } from "constructs";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { AwsAccount } from "./aws-account";
import type { LandingBucket } from "./landing-bucket";
import { policyJson } from "./policy-document";

/** Properties of {@link AlertsTopic}. */
export interface AlertsTopicProps {
  /** Topic name. */
  readonly topicName: string;
  /** Region of the topic, for the CloudWatch alarm ARNs allowed to publish. */
  readonly region: string;
  /** Its key (if it has one) also encrypts this topic; CloudWatch may use it for alarms. */
  readonly landingBucket: LandingBucket;
  /** E-mail addresses subscribed to the topic; each must confirm once. @default - none */
  readonly emailAddresses?: readonly string[];
}

/**
 * The standard SNS topic that CloudWatch alarms and Snowflake's error notifications publish to.
 * Encrypted with the landing bucket's customer managed key when there is one (CloudWatch cannot
 * use the AWS managed SNS key); other publishers, such as Snowflake's notification role, need
 * `kms:GenerateDataKey` and `kms:Decrypt` on {@link kmsKey}.
 */
export class AlertsTopic extends Construct {
  /** The topic. */
  readonly topic: SnsTopic;
  /** ARN of the topic. */
  readonly topicArn: string;
  /** The key encrypting the topic, if any. */
  readonly kmsKey?: KmsKey;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    const { landingBucket } = props;
    const account = AwsAccount.of(this);
    this.kmsKey = landingBucket.kmsKey;
    this.topic = new SnsTopic(this, "Resource", {
      name: props.topicName,
      kmsMasterKeyId: this.kmsKey?.arn,
    });
    this.topicArn = this.topic.arn;
    const fromOwnAlarms = {
      ArnLike: {
        "aws:SourceArn": `arn:${account.partition}:cloudwatch:${props.region}:${account.accountId}:alarm:*`,
      },
      StringEquals: { "aws:SourceAccount": account.accountId },
    };
    new SnsTopicPolicy(this, "Policy", {
      arn: this.topicArn,
      policy: policyJson([
        {
          Sid: "OwnAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: this.topicArn,
          Condition: fromOwnAlarms,
        },
      ]),
    });
    if (this.kmsKey) {
      landingBucket.addToKeyPolicy({
        Sid: "CloudWatchEncryptsAlarmMessages",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: fromOwnAlarms,
      });
    }
    for (const [index, address] of (props.emailAddresses ?? []).entries()) {
      new SnsTopicSubscription(this, `Email${index}`, {
        topicArn: this.topicArn,
        protocol: "email",
        endpoint: address,
      });
    }
  }
}
