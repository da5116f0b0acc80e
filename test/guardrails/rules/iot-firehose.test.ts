import { IotPolicy } from "@cdktf/provider-aws/lib/iot-policy";
import { IotTopicRule, type IotTopicRuleConfig } from "@cdktf/provider-aws/lib/iot-topic-rule";
import {
  KinesisFirehoseDeliveryStream,
  type KinesisFirehoseDeliveryStreamSnowflakeConfiguration,
} from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import type { TerraformStack } from "cdktf";
import { THING_NAME_VARIABLE } from "../../../constructs/gateway-mqtt-access";
import { FirehoseSnowflakeKeyFromSecret } from "../../../guardrails/rules/firehose/FirehoseSnowflakeKeyFromSecret";
import { IotPolicyScopedToThing } from "../../../guardrails/rules/iot/IotPolicyScopedToThing";
import { IotTopicRuleErrorAction } from "../../../guardrails/rules/iot/IotTopicRuleErrorAction";
import { minimalStack, verdict, violation } from "../../helpers/guardrails";

const ARN = "arn:aws:iot:eu-west-1:111122223333";

function iotPolicy(stack: TerraformStack, statements: object[]): IotPolicy {
  return new IotPolicy(stack, "Policy", {
    name: "gateways",
    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  });
}

const OWN_TOPIC = {
  Effect: "Allow",
  Action: "iot:Publish",
  Resource: `${ARN}:topic/sensors/dev/${THING_NAME_VARIABLE}/readings`,
};
const OWN_CLIENT = {
  Effect: "Allow",
  Action: "iot:Connect",
  Resource: `${ARN}:client/${THING_NAME_VARIABLE}`,
};

describe("IoT.PolicyScopedToThing", () => {
  test("passes a policy whose connect and publish are scoped to the connecting thing", () => {
    const stack = minimalStack();
    const policy = iotPolicy(stack, [OWN_CLIENT, OWN_TOPIC]);
    expect(verdict(stack, IotPolicyScopedToThing, policy).compliance).toBe("COMPLIANT");
  });

  test("flags a publish on every gateway's topic", () => {
    const stack = minimalStack();
    const policy = iotPolicy(stack, [
      OWN_CLIENT,
      { ...OWN_TOPIC, Resource: `${ARN}:topic/sensors/dev/*/readings` },
    ]);
    expect(violation(verdict(stack, IotPolicyScopedToThing, policy))).toMatch(/\* wildcard/);
  });

  test("flags a topic that names one fixed gateway instead of the connecting thing", () => {
    const stack = minimalStack();
    const policy = iotPolicy(stack, [
      { ...OWN_TOPIC, Resource: `${ARN}:topic/sensors/dev/gw-1/readings` },
    ]);
    expect(violation(verdict(stack, IotPolicyScopedToThing, policy))).toMatch(
      /not scoped to the connecting thing/,
    );
  });

  test("flags iot:* even on a scoped resource", () => {
    const stack = minimalStack();
    const policy = iotPolicy(stack, [{ ...OWN_TOPIC, Action: "iot:*" }]);
    expect(violation(verdict(stack, IotPolicyScopedToThing, policy))).toMatch(/allows iot:\*/);
  });
});

function topicRule(stack: TerraformStack, change: Partial<IotTopicRuleConfig>): IotTopicRule {
  return new IotTopicRule(stack, "Rule", {
    name: "readings",
    enabled: true,
    sql: "SELECT * FROM 'sensors/dev/+/readings'",
    sqlVersion: "2016-03-23",
    firehose: [{ deliveryStreamName: "readings", roleArn: "arn:aws:iam::111122223333:role/r" }],
    ...change,
  });
}

describe("IoT.TopicRuleErrorAction", () => {
  test("passes a rule whose error action keeps failed messages in S3", () => {
    const stack = minimalStack();
    const rule = topicRule(stack, {
      errorAction: {
        s3: { bucketName: "b", key: "stream/iot-errors/x", roleArn: "arn:aws:iam::1:role/r" },
      },
    });
    expect(verdict(stack, IotTopicRuleErrorAction, rule).compliance).toBe("COMPLIANT");
  });

  test("flags a rule without an error action", () => {
    const stack = minimalStack();
    const rule = topicRule(stack, {});
    expect(violation(verdict(stack, IotTopicRuleErrorAction, rule))).toMatch(/no error_action/);
  });
});

const SNOWFLAKE: KinesisFirehoseDeliveryStreamSnowflakeConfiguration = {
  accountUrl: "exampleorg-sensors-dev.snowflakecomputing.com",
  database: "SENSORS_DEV",
  schema: "LANDING",
  table: "READINGS_STREAMED",
  roleArn: "arn:aws:iam::111122223333:role/firehose",
  s3Configuration: {
    bucketArn: "arn:aws:s3:::landing",
    roleArn: "arn:aws:iam::111122223333:role/firehose",
  },
};

function deliveryStream(
  stack: TerraformStack,
  snowflake: Partial<KinesisFirehoseDeliveryStreamSnowflakeConfiguration>,
): KinesisFirehoseDeliveryStream {
  return new KinesisFirehoseDeliveryStream(stack, "Stream", {
    name: "readings",
    destination: "snowflake",
    snowflakeConfiguration: { ...SNOWFLAKE, ...snowflake },
  });
}

const FROM_SECRET = {
  secretsManagerConfiguration: {
    enabled: true,
    secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:key",
  },
};

describe("Firehose.SnowflakeKeyFromSecret", () => {
  test("passes a stream that reads its key from Secrets Manager", () => {
    const stack = minimalStack();
    const stream = deliveryStream(stack, FROM_SECRET);
    expect(verdict(stack, FirehoseSnowflakeKeyFromSecret, stream).compliance).toBe("COMPLIANT");
  });

  test("flags a private key in the configuration, even beside a secret", () => {
    const stack = minimalStack();
    const stream = deliveryStream(stack, { ...FROM_SECRET, privateKey: "MIIEv…" });
    expect(violation(verdict(stack, FirehoseSnowflakeKeyFromSecret, stream))).toMatch(
      /sets private_key/,
    );
  });

  test("flags a stream without a secret", () => {
    const stack = minimalStack();
    const stream = deliveryStream(stack, {});
    expect(violation(verdict(stack, FirehoseSnowflakeKeyFromSecret, stream))).toMatch(
      /no enabled secrets_manager_configuration/,
    );
  });
});
