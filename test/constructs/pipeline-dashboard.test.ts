import { PipelineDashboard } from "../../constructs/pipeline-dashboard";
import { environment, onlyResource, pipelineStack, synthesize } from "../helpers/synth";
import { reference } from "../helpers/aws";

type Widget = {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: { title: string; metrics?: unknown[][]; alarms?: string[] };
};

function widgetsOf(dashboard: Record<string, unknown>): Widget[] {
  return (JSON.parse(String(dashboard.dashboard_body)) as { widgets: Widget[] }).widgets;
}

describe("PipelineDashboard", () => {
  // prod: the normalizer alone (dev also deploys the MQTT path's function and alarms).
  const synthesized = synthesize(pipelineStack(environment("prod")));
  const dashboard = onlyResource(synthesized, "aws_cloudwatch_dashboard");
  const widgets = widgetsOf(dashboard);
  const metricLines = widgets.flatMap((widget) => widget.properties.metrics ?? []);
  const has = (...line: unknown[]) =>
    metricLines.some((metric) => line.every((part, i) => metric[i] === part));

  test("is named after the environment", () => {
    expect(dashboard.dashboard_name).toBe("sensors-prod-pipeline");
  });

  test("shows the normalizer, its records, the failure queue, the bucket and both topics", () => {
    const functionName = reference(synthesized, "aws_lambda_function", "function_name");
    for (const metric of ["Invocations", "Errors", "Throttles", "Duration", "AsyncEventAge"]) {
      expect(has("AWS/Lambda", metric, "FunctionName", functionName)).toBe(true);
    }
    for (const metric of ["RecordsRead", "RecordsAccepted", "RecordsRejected", "ObjectsFailed"]) {
      expect(has("SensorPipeline", metric, "service", "sensor-normalizer")).toBe(true);
    }
    const queue = reference(synthesized, "aws_sqs_queue", "name");
    expect(has("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue)).toBe(true);
    expect(has("AWS/S3", "BucketSizeBytes", "BucketName")).toBe(true);
    const topics = metricLines.filter((metric) => metric[0] === "AWS/SNS").map((m) => m[3]);
    expect(new Set(topics).size).toBe(2);
  });

  test("shows the state of every normalizer alarm at the top", () => {
    const alarmWidget = widgets.find((widget) => widget.type === "alarm");
    expect(alarmWidget?.y).toBe(0);
    const alarms = Object.keys(synthesized.resource?.aws_cloudwatch_metric_alarm ?? {});
    expect(alarmWidget?.properties.alarms?.length).toBe(alarms.length);
  });

  test("in dev, where the MQTT path is on, shows its alarms in the same widget", () => {
    const dev = synthesize(pipelineStack(environment("dev")));
    const alarmWidget = widgetsOf(onlyResource(dev, "aws_cloudwatch_dashboard")).find(
      (widget) => widget.type === "alarm",
    );
    const alarms = Object.keys(dev.resource?.aws_cloudwatch_metric_alarm ?? {});
    expect(alarms.some((id) => /freshness/i.test(id))).toBe(true);
    expect([...(alarmWidget?.properties.alarms ?? [])].sort()).toEqual(
      alarms.map((id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`).sort(),
    );
  });

  test("lays widgets out in rows that never overlap or pass the 24-column grid", () => {
    for (const widget of widgets) expect(widget.x + widget.width).toBeLessThanOrEqual(24);
    const cells = new Set<string>();
    for (const widget of widgets) {
      for (let x = widget.x; x < widget.x + widget.width; x++) {
        for (let y = widget.y; y < widget.y + widget.height; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell)).toBe(false);
          cells.add(cell);
        }
      }
    }
  });

  test("adds a row another path declares later below the others", () => {
    // prod, like the widgets above (dev's stack already adds the streaming row)
    const stack = pipelineStack(environment("prod"));
    stack.dashboard.addRow(
      stack.dashboard.metrics("Firehose", "Sum", [
        ["AWS/Firehose", "IncomingRecords", "DeliveryStreamName", "s"],
      ]),
    );
    const later = widgetsOf(onlyResource(synthesize(stack), "aws_cloudwatch_dashboard"));
    const firehose = later.find((widget) => widget.properties.title === "Firehose");
    expect(firehose?.y).toBe(Math.max(...later.map((widget) => widget.y)));
    expect(later.length).toBe(widgets.length + 1);
  });

  test("refuses a name CloudWatch would reject", () => {
    const stack = pipelineStack(environment("dev"));
    expect(
      () =>
        new PipelineDashboard(stack, "Bad", {
          dashboardName: "sensors dev",
          region: "eu-west-1",
          normalizer: stack.normalizer,
          landingBucket: stack.landingBucket,
          ingestTopic: stack.ingestTopic,
          alertsTopic: stack.alertsTopic,
        }),
    ).toThrow(/may hold only letters, digits, "-" and "_"/);
  });
});
