/** One CloudWatch metric, as both an alarm and a dashboard line name it. */
export interface CloudwatchMetricId {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** What the streaming path's metrics are read from. */
export interface StreamingMetricSources {
  /** Firehose delivery stream name (dimension DeliveryStreamName). */
  readonly deliveryStreamName: string;
  /** IoT topic rule name (dimension RuleName). */
  readonly topicRuleName: string;
  /** Stream normalizer Lambda function name (dimension FunctionName). */
  readonly normalizerFunctionName: string;
}

/** The streaming path's metrics, the one source the alarms and the dashboard row both use. */
export interface StreamingMetrics {
  /** Age of the oldest record Firehose has not yet delivered to Snowflake, seconds. */
  readonly dataFreshness: CloudwatchMetricId;
  /** Records delivered to Snowflake. */
  readonly deliveredRecords: CloudwatchMetricId;
  /**
   * Records Firehose gave up delivering to Snowflake and wrote to the backup's failed prefix
   * (emitted only when delivery fails; the all-data backup counts under `BackupToS3.*`).
   */
  readonly failedRecords: CloudwatchMetricId;
  /** Share of successful Lambda processing invocations (1 = all). */
  readonly processingSuccess: CloudwatchMetricId;
  /** Messages the IoT rule could not hand to its action. */
  readonly ruleFailure: CloudwatchMetricId;
  /** Failed invocations of the stream normalizer. */
  readonly normalizerErrors: CloudwatchMetricId;
  /** Run time of the stream normalizer, milliseconds. */
  readonly normalizerDuration: CloudwatchMetricId;
}

/**
 * Metric names and dimensions from Firehose's "Delivery to Snowflake" and "Data Transformation"
 * metrics (docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html). Note
 * that page's meanings: `DeliveryToSnowflake.Success` is a sum of successful insert calls, not a
 * share of records, and a failed call is retried, so it says nothing about loss; records that are
 * lost to Snowflake show as `DeliveryToS3.Records`, "only available when delivery to Snowflake
 * fails and Firehose attempts to backup failed data to S3". `ExecuteProcessing.Success` is a
 * share ("successful Lambda function invocations over the total"). IoT Core's
 * rule metrics (docs.aws.amazon.com/iot/latest/developerguide/metrics_dimensions.html) and
 * Lambda's function metrics (docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
 */
export function streamingMetrics(sources: StreamingMetricSources): StreamingMetrics {
  const firehose = (metricName: string): CloudwatchMetricId => ({
    namespace: "AWS/Firehose",
    metricName,
    dimensions: { DeliveryStreamName: sources.deliveryStreamName },
  });
  const lambda = (metricName: string): CloudwatchMetricId => ({
    namespace: "AWS/Lambda",
    metricName,
    dimensions: { FunctionName: sources.normalizerFunctionName },
  });
  return {
    dataFreshness: firehose("DeliveryToSnowflake.DataFreshness"),
    deliveredRecords: firehose("DeliveryToSnowflake.Records"),
    failedRecords: firehose("DeliveryToS3.Records"),
    processingSuccess: firehose("ExecuteProcessing.Success"),
    ruleFailure: {
      namespace: "AWS/IoT",
      metricName: "Failure",
      dimensions: { RuleName: sources.topicRuleName },
    },
    normalizerErrors: lambda("Errors"),
    normalizerDuration: lambda("Duration"),
  };
}
