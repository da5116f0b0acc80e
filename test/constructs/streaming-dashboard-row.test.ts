import {
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
  type SynthesizedStack,
} from "../helpers/synth";
import { reference } from "../helpers/aws";

type Widget = { properties: { title: string; metrics?: unknown[][] } };

function metricLinesOf(synthesized: SynthesizedStack): unknown[][] {
  const dashboard = onlyResource(synthesized, "aws_cloudwatch_dashboard");
  const { widgets } = JSON.parse(String(dashboard.dashboard_body)) as { widgets: Widget[] };
  return widgets.flatMap((widget) => widget.properties.metrics ?? []);
}

/** `${aws_lambda_function.<id>.function_name}` of the function named `name`. */
function functionNameOf(synthesized: SynthesizedStack, name: string): string {
  const ids = Object.entries(resourcesOfType(synthesized, "aws_lambda_function"))
    .filter(([, config]) => config.function_name === name)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return `\${aws_lambda_function.${ids[0]}.function_name}`;
}

describe("the pipeline dashboard's streaming row", () => {
  test("dev (streaming on) shows Firehose delivery, the IoT rule and the stream normalizer", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    const lines = metricLinesOf(synthesized);
    const has = (...line: unknown[]) =>
      lines.some((metric) => line.every((part, i) => metric[i] === part));
    const stream = reference(synthesized, "aws_kinesis_firehose_delivery_stream", "name");
    for (const metric of [
      "DeliveryToSnowflake.DataFreshness",
      "DeliveryToSnowflake.Records",
      "DeliveryToS3.Records",
      "ExecuteProcessing.Success",
    ]) {
      expect({ metric, shown: has("AWS/Firehose", metric, "DeliveryStreamName", stream) }).toEqual({
        metric,
        shown: true,
      });
    }
    const rule = reference(synthesized, "aws_iot_topic_rule", "name");
    expect(has("AWS/IoT", "Failure", "RuleName", rule)).toBe(true);
    const processor = functionNameOf(synthesized, "sensors-dev-stream-normalizer");
    expect(has("AWS/Lambda", "Errors", "FunctionName", processor)).toBe(true);
    expect(has("AWS/Lambda", "Duration", "FunctionName", processor)).toBe(true);
  });

  test("dev's row shows exactly the metric and dimensions each streaming alarm watches", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    const lines = metricLinesOf(synthesized);
    const alarms = Object.values(
      resourcesOfType(synthesized, "aws_cloudwatch_metric_alarm"),
    ).filter((alarm) => ["AWS/Firehose", "AWS/IoT"].includes(String(alarm.namespace)));
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      const line = [
        alarm.namespace,
        alarm.metric_name,
        ...Object.entries(alarm.dimensions as Record<string, string>).flat(),
      ];
      const shown = lines.some((metric) => line.every((part, i) => metric[i] === part));
      expect({ line, shown }).toEqual({ line, shown: true });
    }
  });

  test("prod (streaming off) has no streaming row", () => {
    const synthesized = synthesize(pipelineStack(environment("prod")));
    const lines = metricLinesOf(synthesized);
    expect(
      lines.filter((metric) => ["AWS/Firehose", "AWS/IoT"].includes(String(metric[0]))),
    ).toEqual([]);
    expect(resourcesOfType(synthesized, "aws_kinesis_firehose_delivery_stream")).toEqual({});
    const lambdaLines = lines.filter((metric) => metric[0] === "AWS/Lambda");
    const normalizer = reference(synthesized, "aws_lambda_function", "function_name");
    expect(lambdaLines.every((metric) => metric[3] === normalizer)).toBe(true);
  });
});
