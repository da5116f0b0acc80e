import { Construct } from "constructs";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { AwsAccount } from "./aws-account";
import type { LandingBucket } from "./landing-bucket";
import { type PolicyStatementJson, lazyPolicyJson } from "./policy-document";

/** Properties of {@link IngestTopic}. */
export interface IngestTopicProps {
  /** Topic name. Renaming it replaces the topic and silently cuts Snowpipe off (see docs). */
  readonly topicName: string;
  /** The bucket whose normalized/ events are published here; only it may publish. */
  readonly landingBucket: LandingBucket;
  /**
   * Whether destroying or replacing the topic is refused (prevent_destroy); turn off only to tear
   * an environment down. @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The standard SNS topic S3 publishes normalized/ object events to and Snowpipe's queue subscribes
 * to. Its one policy lets only this bucket in this account publish, and only the principals given
 * to {@link grantSubscribe} subscribe.
 *
 * Encrypted with the landing bucket's customer managed key when the bucket has one (S3 cannot use
 * the AWS managed SNS key); with SSE_S3 the topic stays unencrypted: its messages carry object keys
 * and sizes, never readings, and a key of its own would bill while idle.
 *
 * Destroy is blocked unless asked for: Snowflake's subscription cannot be recreated for 72 hours
 * once it is gone.
 */
export class IngestTopic extends Construct {
  /** The topic. */
  readonly topic: SnsTopic;
  /** ARN of the topic. */
  readonly topicArn: string;
  /** The topic's single policy: the bucket notification and the pipe depend on it. */
  readonly topicPolicy: SnsTopicPolicy;
  private readonly statements: PolicyStatementJson[];
  private readonly subscribers = new Set<string>();

  constructor(scope: Construct, id: string, props: IngestTopicProps) {
    super(scope, id);
    const { landingBucket } = props;
    const account = AwsAccount.of(this);
    this.topic = new SnsTopic(this, "Resource", {
      name: props.topicName,
      kmsMasterKeyId: landingBucket.kmsKey?.arn,
      lifecycle: props.preventDestroy === false ? undefined : { preventDestroy: true },
    });
    this.topicArn = this.topic.arn;
    const fromThisBucket = {
      ArnLike: { "aws:SourceArn": landingBucket.bucketArn },
      StringEquals: { "aws:SourceAccount": account.accountId },
    };
    this.statements = [
      {
        Sid: "LandingBucketPublishes",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sns:Publish",
        Resource: this.topicArn,
        Condition: fromThisBucket,
      },
    ];
    if (landingBucket.kmsKey) {
      landingBucket.addToKeyPolicy({
        Sid: "S3EncryptsIngestTopicMessages",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: fromThisBucket,
      });
    }
    this.topicPolicy = new SnsTopicPolicy(this, "Policy", {
      arn: this.topicArn,
      policy: lazyPolicyJson(this.statements),
    });
  }

  /**
   * Lets `principalArn` (Snowflake's IAM user, from the storage integration) subscribe to this topic.
   * Adds a statement to the one topic policy, so the pipe that subscribes depends on that policy.
   */
  grantSubscribe(principalArn: string): void {
    if (this.subscribers.has(principalArn)) return;
    this.subscribers.add(principalArn);
    this.statements.push({
      Sid: `Subscribe${this.subscribers.size}`,
      Effect: "Allow",
      Principal: { AWS: principalArn },
      Action: "sns:Subscribe",
      Resource: this.topicArn,
    });
  }
}
