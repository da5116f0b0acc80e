import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AlertsTopic } from "./alerts-topic";
import type { StreamingDelivery } from "./streaming-delivery";
import type { CloudwatchMetricId, StreamingMetrics } from "./streaming-metrics";

/** Properties of {@link StreamingAlarms}. */
export interface StreamingAlarmsProps {
  readonly delivery: StreamingDelivery;
  /** The path's metrics (constructs/streaming-metrics.ts), shared with the dashboard row. */
  readonly metrics: StreamingMetrics;
  readonly alertsTopic: AlertsTopic;
  /** Length of each alarm's evaluation period in seconds (a multiple of 60). @default 300 */
  readonly periodSeconds?: number;
  /** Alarm when the oldest record waiting for Snowflake is older than this (60-3600 s). @default 600 */
  readonly freshnessThresholdSeconds?: number;
}

/**
 * Alarms of the streaming path, to the alerts topic: records waiting too long for Snowflake (data
 * freshness), records Firehose could not deliver (they are in the S3 backup's failed/ prefix),
 * processing failures, and messages the IoT rule could not hand to Firehose (kept by its error
 * action). Metric names and their documentation are in streaming-metrics.ts. Missing data (no traffic) is
 * not an alarm: the Snowflake freshness check covers silence.
 */
export class StreamingAlarms extends Construct {
  readonly dataFreshness: CloudwatchMetricAlarm;
  readonly deliveryFailures: CloudwatchMetricAlarm;
  readonly processingFailures: CloudwatchMetricAlarm;
  readonly ruleActionFailures: CloudwatchMetricAlarm;
  /** Every alarm above, for the dashboard's alarm-state widget. */
  readonly all: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: StreamingAlarmsProps) {
    super(scope, id);
    const freshness = props.freshnessThresholdSeconds ?? 600;
    const period = props.periodSeconds ?? 300;
    if (!Number.isInteger(period) || period < 60 || period % 60 !== 0)
      throw new Error(`StreamingAlarms: periodSeconds ${period} must be a multiple of 60 seconds.`);
    if (!Number.isInteger(freshness) || freshness < 60 || freshness > 3600)
      throw new Error(
        `StreamingAlarms: freshnessThresholdSeconds ${freshness} must be a whole number from 60 to 3600.`,
      );
    const streamName = props.delivery.stream.name;
    const alarm = (
      alarmId: string,
      suffix: string,
      description: string,
      metric: CloudwatchMetricId,
      statistic: string,
      comparisonOperator: string,
      threshold: number,
    ) =>
      new CloudwatchMetricAlarm(this, alarmId, {
        alarmName: `${streamName}-${suffix}`,
        alarmDescription: description,
        namespace: metric.namespace,
        metricName: metric.metricName,
        dimensions: { ...metric.dimensions },
        statistic,
        period,
        evaluationPeriods: 1,
        threshold,
        comparisonOperator,
        treatMissingData: "notBreaching",
        alarmActions: [props.alertsTopic.topicArn],
        okActions: [props.alertsTopic.topicArn],
      });
    const { metrics } = props;
    this.dataFreshness = alarm(
      "DataFreshness",
      "data-freshness",
      `The oldest record in Firehose has waited more than ${freshness} s for Snowflake: check the delivery log group and the Snowflake key secret (docs/operations.md).`,
      metrics.dataFreshness,
      "Maximum",
      "GreaterThanThreshold",
      freshness,
    );
    this.deliveryFailures = alarm(
      "DeliveryFailures",
      "delivery-failures",
      "Firehose gave up delivering some records to Snowflake; they are in the landing bucket under stream/failed/ (docs/operations.md, replaying streamed data).",
      metrics.failedRecords,
      "Sum",
      "GreaterThanOrEqualToThreshold",
      1,
    );
    this.processingFailures = alarm(
      "ProcessingFailures",
      "processing-failures",
      "The stream normalizer failed on a batch; Firehose retries it, then backs it up under stream/failed/.",
      metrics.processingSuccess,
      "Minimum",
      "LessThanThreshold",
      1,
    );
    this.ruleActionFailures = alarm(
      "RuleActionFailures",
      "iot-rule-failures",
      "The IoT rule could not hand messages to Firehose; its error action kept them under stream/iot-errors/.",
      metrics.ruleFailure,
      "Sum",
      "GreaterThanOrEqualToThreshold",
      1,
    );
    this.all = [
      this.dataFreshness,
      this.deliveryFailures,
      this.processingFailures,
      this.ruleActionFailures,
    ];
  }
}
