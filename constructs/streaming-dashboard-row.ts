import { type DashboardWidget, type PipelineDashboard, metricLine } from "./pipeline-dashboard";
import type { StreamingMetrics } from "./streaming-metrics";

/**
 * The MQTT path's row of the pipeline dashboard, from the same metrics its alarms watch
 * (streaming-metrics.ts): how long records wait for Snowflake, the records Firehose delivered and
 * the ones it gave up on, the share of processing calls that succeeded, what the IoT rule could
 * not hand on, and the stream normalizer's errors and duration.
 */
export function streamingDashboardRow(
  dashboard: PipelineDashboard,
  metrics: StreamingMetrics,
): DashboardWidget[] {
  return [
    dashboard.metrics("Streaming: oldest record waiting for Snowflake (s)", "Maximum", [
      metricLine(metrics.dataFreshness),
    ]),
    dashboard.metrics("Streaming: records delivered, failed to S3; IoT rule failures", "Sum", [
      metricLine(metrics.deliveredRecords),
      metricLine(metrics.failedRecords),
      metricLine(metrics.ruleFailure),
      metricLine(metrics.processingSuccess, { stat: "Minimum", yAxis: "right" }),
    ]),
    dashboard.metrics("Stream normalizer: errors, duration (ms)", "Sum", [
      metricLine(metrics.normalizerErrors),
      metricLine(metrics.normalizerDuration, { stat: "p99", yAxis: "right" }),
      metricLine(metrics.normalizerDuration, { stat: "Maximum", yAxis: "right" }),
    ]),
  ];
}
