import { NormalizerAlarms } from "../../constructs/normalizer-alarms";
import {
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";
import { reference, statementsOf } from "../helpers/aws";

describe("AlertsTopic", () => {
  test("subscribes each configured e-mail address", () => {
    const config = environment("dev", (input) => ({
      ...input,
      alerts: { emailAddresses: ["a@example.com", "b@example.com"] },
    }));
    const synthesized = synthesize(pipelineStack(config));
    const alertsArn = expect.stringMatching(/^\$\{aws_sns_topic\.AlertsTopic_[0-9A-F]+\.arn\}$/);
    const subscriptions = Object.values(resourcesOfType(synthesized, "aws_sns_topic_subscription"));
    expect(subscriptions).toEqual([
      expect.objectContaining({
        protocol: "email",
        endpoint: "a@example.com",
        topic_arn: alertsArn,
      }),
      expect.objectContaining({
        protocol: "email",
        endpoint: "b@example.com",
        topic_arn: alertsArn,
      }),
    ]);
  });

  test("has no subscriptions when no address is configured", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    expect(resourcesOfType(synthesized, "aws_sns_topic_subscription")).toEqual({});
  });

  test("lets only CloudWatch alarms of this account and region publish", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    const policies = Object.entries(resourcesOfType(synthesized, "aws_sns_topic_policy"));
    const [, alertsPolicy] = policies.find(([id]) => id.startsWith("AlertsTopic_")) ?? [];
    expect(statementsOf(alertsPolicy?.policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Condition: {
          ArnLike: {
            "aws:SourceArn": expect.stringMatching(
              /^arn:\$\{.+\}:cloudwatch:eu-west-1:\$\{.+\}:alarm:\*$/,
            ),
          },
          StringEquals: { "aws:SourceAccount": expect.stringMatching(/aws_caller_identity/) },
        },
      }),
    ]);
  });

  test("with SSE_KMS is encrypted with the key it exposes, whose policy lets CloudWatch use it", () => {
    const stack = pipelineStack(environment("prod"));
    const synthesized = synthesize(stack);
    expect(stack.alertsTopic.kmsKey).toBe(stack.landingBucket.kmsKey);
    const topics = resourcesOfType(synthesized, "aws_sns_topic");
    const alerts = Object.entries(topics).find(([id]) => id.startsWith("AlertsTopic_"))?.[1];
    expect(alerts?.kms_master_key_id).toBe(reference(synthesized, "aws_kms_key", "arn"));
    const cloudwatch = statementsOf(onlyResource(synthesized, "aws_kms_key").policy).filter(
      (statement) =>
        JSON.stringify(statement.Principal) === '{"Service":"cloudwatch.amazonaws.com"}',
    );
    expect(cloudwatch).toEqual([
      expect.objectContaining({ Action: ["kms:GenerateDataKey*", "kms:Decrypt"] }),
    ]);
  });
});

describe("NormalizerAlarms", () => {
  const alarms = () => {
    const synthesized = synthesize(pipelineStack(environment("prod")));
    return {
      synthesized,
      alarms: Object.values(resourcesOfType(synthesized, "aws_cloudwatch_metric_alarm")),
    };
  };

  const singleMetric = (all: Record<string, unknown>[]) =>
    all.filter((alarm) => alarm.metric_name !== undefined);

  test("watch the function's errors, throttles, event age and failed objects, and the failure queue's depth and age", () => {
    const { alarms: all } = alarms();
    const watched = singleMetric(all)
      .map((alarm) => `${alarm.namespace as string} ${alarm.metric_name as string}`)
      .sort();
    expect(watched).toEqual([
      "AWS/Lambda AsyncEventAge",
      "AWS/Lambda Errors",
      "AWS/Lambda Throttles",
      "AWS/SQS ApproximateAgeOfOldestMessage",
      "AWS/SQS ApproximateNumberOfMessagesVisible",
      "SensorPipeline ObjectsFailed",
    ]);
  });

  test("point at the normalizer, its own metrics and its failure queue by name", () => {
    const { synthesized, alarms: all } = alarms();
    const functionName = reference(synthesized, "aws_lambda_function", "function_name");
    const queueName = reference(synthesized, "aws_sqs_queue", "name");
    const expected: Record<string, Record<string, string>> = {
      "AWS/Lambda": { FunctionName: functionName },
      "AWS/SQS": { QueueName: queueName },
      SensorPipeline: { service: "sensor-normalizer" },
    };
    for (const alarm of singleMetric(all)) {
      expect(alarm.dimensions).toEqual(expected[alarm.namespace as string]);
    }
  });

  test("alarm when S3 events wait longer than asyncEventMaxAgeSeconds, in milliseconds", () => {
    const config = environment("dev", (input) => ({
      ...input,
      alerts: { asyncEventMaxAgeSeconds: 600 },
    }));
    const all = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "aws_cloudwatch_metric_alarm"),
    );
    expect(all.find((alarm) => alarm.metric_name === "AsyncEventAge")).toMatchObject({
      statistic: "Maximum",
      threshold: 600_000,
    });
  });

  test("alarm when the rejected share of a period's records reaches rejectionSpikePercent", () => {
    const config = environment("dev", (input) => ({
      ...input,
      alerts: { rejectionSpikePercent: 35, alarmPeriodSeconds: 600 },
    }));
    const all = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "aws_cloudwatch_metric_alarm"),
    );
    const rejected = all.find((alarm) => String(alarm.alarm_name).endsWith("-rejected-records"));
    const queries = rejected?.metric_query as Array<{
      id: string;
      metric?: Record<string, unknown>;
      expression?: string;
    }>;
    const byId = Object.fromEntries(queries.map((query) => [query.id, query]));
    expect(byId.rejected.metric).toMatchObject({
      metric_name: "RecordsRejected",
      namespace: "SensorPipeline",
      dimensions: { service: "sensor-normalizer" },
      stat: "Sum",
      period: 600,
    });
    expect(byId.read.metric).toMatchObject({ metric_name: "RecordsRead", stat: "Sum" });
    expect(byId.rejected_percent).toMatchObject({
      expression: "IF(read > 0, 100 * rejected / read, 0)",
      return_data: true,
    });
    expect(rejected).toMatchObject({
      threshold: 35,
      comparison_operator: "GreaterThanOrEqualToThreshold",
    });
  });

  test("notify the alerts topic on alarm and on recovery, and treat silence as healthy", () => {
    const { alarms: all } = alarms();
    const alertsArn = expect.stringMatching(/^\$\{aws_sns_topic\.AlertsTopic_[0-9A-F]+\.arn\}$/);
    for (const alarm of all) {
      expect(alarm).toMatchObject({
        alarm_actions: [alertsArn],
        ok_actions: [alertsArn],
        treat_missing_data: "notBreaching",
      });
    }
  });

  test("use the configured period and failed-event age", () => {
    const config = environment("dev", (input) => ({
      ...input,
      alerts: { alarmPeriodSeconds: 120, failedEventMaxAgeSeconds: 3600 },
    }));
    const all = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "aws_cloudwatch_metric_alarm"),
    );
    const periods = all.flatMap((alarm) =>
      alarm.period !== undefined
        ? [alarm.period]
        : (alarm.metric_query as Array<{ metric?: { period: number } }>).flatMap((query) =>
            query.metric ? [query.metric.period] : [],
          ),
    );
    expect(new Set(periods)).toEqual(new Set([120]));
    const age = all.find((alarm) => alarm.metric_name === "ApproximateAgeOfOldestMessage");
    expect(age).toMatchObject({
      threshold: 3600,
      comparison_operator: "GreaterThanOrEqualToThreshold",
    });
  });
});

describe("NormalizerAlarms validation", () => {
  test("refuses a period CloudWatch cannot evaluate", () => {
    const stack = pipelineStack(environment("dev"));
    expect(
      () =>
        new NormalizerAlarms(stack, "MoreAlarms", {
          normalizer: stack.normalizer,
          alertsTopic: stack.alertsTopic,
          periodSeconds: 90,
        }),
    ).toThrow(/periodSeconds 90 must be a multiple of 60 seconds/);
  });
});
