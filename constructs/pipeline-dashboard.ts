import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AlertsTopic } from "./alerts-topic";
import type { IngestTopic } from "./ingest-topic";
import type { LandingBucket } from "./landing-bucket";
import type { NormalizerFunction } from "./normalizer-function";
import type { CloudwatchMetricId } from "./streaming-metrics";

/** Properties of {@link PipelineDashboard}. */
export interface PipelineDashboardProps {
  /** Dashboard name (letters, digits, `-` and `_`, up to 255 characters). */
  readonly dashboardName: string;
  /** Region the metrics live in. */
  readonly region: string;
  readonly normalizer: NormalizerFunction;
  readonly landingBucket: LandingBucket;
  readonly ingestTopic: IngestTopic;
  readonly alertsTopic: AlertsTopic;
  /** Alarms whose state the dashboard shows at the top. @default - none */
  readonly alarms?: readonly CloudwatchMetricAlarm[];
}

/** One CloudWatch dashboard widget, as the dashboard body's JSON takes it. */
export type DashboardWidget = Readonly<Record<string, unknown>>;

/** A metric line: namespace, name, then dimension name/value pairs, then rendering options. */
export type MetricLine = readonly unknown[];

/** The dashboard line of `metric`, with rendering options such as `{ stat: "p99", yAxis: "right" }`. */
export function metricLine(
  metric: CloudwatchMetricId,
  options: Readonly<Record<string, unknown>> = {},
): MetricLine {
  return [
    metric.namespace,
    metric.metricName,
    ...Object.entries(metric.dimensions).flat(),
    { ...options },
  ];
}

const WIDTH = 8;
const HEIGHT = 6;

/**
 * The AWS half of the pipeline on one CloudWatch dashboard, as code: alarm states; the normalizer
 * (invocations, errors, throttles, duration, concurrency, how long S3 events wait); what it read,
 * accepted and rejected and why; the landing bucket; both topics; the failure queue. The Snowflake
 * half is in the MONITORING views and `sensorctl status` (docs/monitoring.md).
 *
 * Other paths add their own row with {@link addRow} (the streaming path's Firehose metrics, for
 * one) and their alarms with {@link addAlarms}; the body is rendered at synth, so rows and alarms
 * added later still appear.
 */
export class PipelineDashboard extends Construct {
  /** The dashboard. */
  readonly dashboard: CloudwatchDashboard;
  private readonly rows: DashboardWidget[][] = [];
  private readonly alarms: CloudwatchMetricAlarm[] = [];
  private readonly region: string;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.dashboardName)) {
      throw new Error(
        `PipelineDashboard: dashboardName "${props.dashboardName}" may hold only letters, digits, "-" and "_" (1-255).`,
      );
    }
    this.region = props.region;
    const { normalizer, landingBucket, ingestTopic, alertsTopic } = props;
    const fn = ["FunctionName", normalizer.function.functionName];
    const own = (metric: string, options: Record<string, unknown> = {}): MetricLine => [
      normalizer.metricsNamespace,
      metric,
      "service",
      normalizer.metricsServiceName,
      options,
    ];
    const topic = (arnTopic: string, metric: string): MetricLine => [
      "AWS/SNS",
      metric,
      "TopicName",
      arnTopic,
      { label: `${metric}` },
    ];
    const queue = ["QueueName", normalizer.failureQueue.name];

    this.alarms.push(...(props.alarms ?? []));
    this.addRow(
      this.metrics("Normalizer: invocations, errors, throttles", "Sum", [
        ["AWS/Lambda", "Invocations", ...fn],
        ["AWS/Lambda", "Errors", ...fn],
        ["AWS/Lambda", "Throttles", ...fn],
      ]),
      this.metrics("Normalizer: duration (ms)", "Average", [
        ["AWS/Lambda", "Duration", ...fn, { stat: "p50" }],
        ["AWS/Lambda", "Duration", ...fn, { stat: "p99" }],
        ["AWS/Lambda", "Duration", ...fn, { stat: "Maximum" }],
      ]),
      this.metrics("Normalizer: concurrency and S3 event age (ms)", "Maximum", [
        ["AWS/Lambda", "ConcurrentExecutions", ...fn],
        ["AWS/Lambda", "AsyncEventAge", ...fn, { yAxis: "right" }],
      ]),
    );
    this.addRow(
      this.metrics("Records read, accepted, rejected", "Sum", [
        own("RecordsRead"),
        own("RecordsAccepted"),
        own("RecordsRejected"),
        own("ObjectsFailed", { yAxis: "right" }),
      ]),
      this.metrics("Rejected records by reason", "Sum", [
        [
          {
            expression: `SEARCH('{${normalizer.metricsNamespace},reason,service} MetricName="RecordsRejectedByReason"', 'Sum', 300)`,
            id: "by_reason",
            label: "",
          },
        ],
      ]),
      this.metrics("Failure queue", "Maximum", [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", ...queue],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", ...queue, { yAxis: "right" }],
      ]),
    );
    const bucket = ["BucketName", landingBucket.bucketName];
    this.addRow(
      // S3's free storage metrics, reported once a day (request metrics would bill per prefix).
      this.metrics(
        "Landing bucket (daily)",
        "Average",
        [
          ["AWS/S3", "BucketSizeBytes", ...bucket, "StorageType", "StandardStorage"],
          [
            "AWS/S3",
            "NumberOfObjects",
            ...bucket,
            "StorageType",
            "AllStorageTypes",
            { yAxis: "right" },
          ],
        ],
        86400,
      ),
      this.metrics("Ingest topic (to Snowpipe)", "Sum", [
        topic(ingestTopic.topic.name, "NumberOfMessagesPublished"),
        topic(ingestTopic.topic.name, "NumberOfNotificationsFailed"),
      ]),
      this.metrics("Alerts topic", "Sum", [
        topic(alertsTopic.topic.name, "NumberOfMessagesPublished"),
        topic(alertsTopic.topic.name, "NumberOfNotificationsFailed"),
      ]),
    );

    this.dashboard = new CloudwatchDashboard(this, "Resource", {
      dashboardName: props.dashboardName,
      dashboardBody: Lazy.stringValue({ produce: () => JSON.stringify(this.body()) }),
    });
  }

  /**
   * Adds alarms to the alarm-state widget at the top (another path's alarms, the streaming path's
   * for one), so one glance shows every alarm of the environment.
   */
  addAlarms(...alarms: CloudwatchMetricAlarm[]): void {
    this.alarms.push(...alarms);
  }

  /** Adds a row of widgets (each 8 wide) below the others. */
  addRow(...widgets: DashboardWidget[]): void {
    this.rows.push(widgets);
  }

  /** A metric graph widget over `metrics`, one line each. */
  metrics(
    title: string,
    stat: string,
    metrics: readonly MetricLine[],
    periodSeconds = 300,
  ): DashboardWidget {
    return {
      type: "metric",
      width: WIDTH,
      height: HEIGHT,
      properties: {
        title,
        region: this.region,
        stat,
        period: periodSeconds,
        view: "timeSeries",
        metrics,
      },
    };
  }

  private body(): { widgets: DashboardWidget[] } {
    const widgets: DashboardWidget[] = [];
    let y = 0;
    const alarmRow: DashboardWidget[] =
      this.alarms.length === 0
        ? []
        : [
            {
              type: "alarm",
              width: 24,
              height: 3,
              properties: { title: "Alarms", alarms: this.alarms.map((alarm) => alarm.arn) },
            },
          ];
    for (const row of [alarmRow, ...this.rows]) {
      let x = 0;
      let rowHeight = 0;
      for (const widget of row) {
        const width = Number(widget.width ?? WIDTH);
        const height = Number(widget.height ?? HEIGHT);
        widgets.push({ ...widget, x, y, width, height });
        x += width;
        rowHeight = Math.max(rowHeight, height);
      }
      y += rowHeight;
    }
    return { widgets };
  }
}
