import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IotTopicRule } from "@cdktf/provider-aws/lib/iot-topic-rule";
import type { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { gatewayTopicLevel, readingsTopicFilter } from "../contract/mqtt-topic";
import { AwsAccount } from "./aws-account";
import { LANDING_PREFIXES, type LandingBucket } from "./landing-bucket";
import { policyJson } from "./policy-document";

/** Properties of {@link ReadingsTopicRule}. */
export interface ReadingsTopicRuleProps {
  /** Rule name: letters, digits and `_` only (IoT's rule). */
  readonly ruleName: string;
  /** Name of the rule's IAM role. */
  readonly roleName: string;
  /** Topics are `<topicPrefix>/<gateway_id>/readings`. */
  readonly topicPrefix: string;
  readonly region: string;
  /** Where every message goes. */
  readonly deliveryStream: KinesisFirehoseDeliveryStream;
  /** Keeps messages the rule could not hand to Firehose, under `stream/iot-errors/`. */
  readonly landingBucket: LandingBucket;
}

/** Prefix of the messages the rule's error action keeps. */
export const IOT_ERRORS_PREFIX = `${LANDING_PREFIXES.stream}iot-errors/`;

/**
 * The IoT rule that takes every gateway's readings messages to Firehose. Its SQL wraps each
 * message in an envelope the processing Lambda reads (lambda/stream-normalizer/handler.ts): the
 * gateway from the topic (`topic(n)`), IoT Core's receive time (`timestamp()`), a unique id
 * (`newuuid()`) and the payload as base64 (`encode(*, 'base64')`), so any payload reaches the
 * normalizer, which rejects a broken one with its reason instead of the rule dropping it
 * (docs.aws.amazon.com/iot/latest/developerguide/iot-sql-functions.html). `batchMode` stays off: one
 * Firehose record per message, since Firehose bills each record rounded up to 5 KB. When the
 * Firehose action fails, the error action writes the message to S3: nothing is lost.
 */
export class ReadingsTopicRule extends Construct {
  readonly rule: IotTopicRule;
  readonly role: IamRole;
  /** The rule's SQL. */
  readonly sql: string;

  constructor(scope: Construct, id: string, props: ReadingsTopicRuleProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_]+$/.test(props.ruleName))
      throw new Error(
        `ReadingsTopicRule: ruleName "${props.ruleName}" may hold only letters, digits and "_".`,
      );
    const account = AwsAccount.of(this);
    const level = gatewayTopicLevel(props.topicPrefix);
    const ruleArn = `arn:${account.partition}:iot:${props.region}:${account.accountId}:rule/${props.ruleName}`;
    this.role = new IamRole(this, "TopicRuleRole", {
      name: props.roleName,
      assumeRolePolicy: policyJson([
        {
          Effect: "Allow",
          Principal: { Service: "iot.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": account.accountId },
            ArnLike: { "aws:SourceArn": ruleArn },
          },
        },
      ]),
    });
    const putRecords = new IamRolePolicy(this, "FirehosePolicy", {
      name: "put-records",
      role: this.role.name,
      policy: policyJson([
        {
          Sid: "PutRecords",
          Effect: "Allow",
          Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          Resource: props.deliveryStream.arn,
        },
      ]),
    });
    const keepErrors = props.landingBucket.grantWrite(this.role, IOT_ERRORS_PREFIX);
    this.sql = `SELECT topic(${level}) AS gateway_id, timestamp() AS received_at_ms, newuuid() AS message_id, encode(*, 'base64') AS payload FROM '${readingsTopicFilter(props.topicPrefix)}'`;
    this.rule = new IotTopicRule(this, "Resource", {
      name: props.ruleName,
      description: "Every gateway's readings messages to Firehose (normalized there)",
      enabled: true,
      sql: this.sql,
      sqlVersion: "2016-03-23",
      firehose: [
        {
          deliveryStreamName: props.deliveryStream.name,
          roleArn: this.role.arn,
          batchMode: false,
        },
      ],
      errorAction: {
        s3: {
          bucketName: props.landingBucket.bucketName,
          // Substitution templates of the error action; `$$` keeps Terraform from reading them.
          key: `${IOT_ERRORS_PREFIX}$\${topic(${level})}/$\${timestamp()}-$\${newuuid()}.json`,
          roleArn: this.role.arn,
        },
      },
      dependsOn: [putRecords, keepErrors],
    });
  }
}
