import { Token } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { HEALTH_DEFAULTS } from "../sql/monitoring";
import type { AlertsTopic } from "./alerts-topic";
import type { NormalizerFunction } from "./normalizer-function";
import { Problems } from "./validation";

/** Defaults of {@link NormalizerAlarmsProps}; the one home of these values: stacks/config.ts fills its `.default(...)`s from here. */
export const NORMALIZER_ALARMS_DEFAULTS = {
  periodSeconds: 300,
  failedEventMaxAgeSeconds: 86400,
  asyncEventMaxAgeSeconds: 1800,
  rejectedRecordsPercent: HEALTH_DEFAULTS.rejectionRatePercent,
} as const;

/** Properties of {@link NormalizerAlarms}. */
export interface NormalizerAlarmsProps {
  /** The function watched. */
  readonly normalizer: NormalizerFunction;
  /** Where alarms (and their recovery) are sent. */
  readonly alertsTopic: AlertsTopic;
  /** Length of each evaluation period in seconds (a multiple of 60). @default 300 */
  readonly periodSeconds?: number;
  /** Alarm when the oldest failed event has waited this long in seconds. @default 86400 */
  readonly failedEventMaxAgeSeconds?: number;
  /** Alarm when an S3 event has waited this long for a run, in seconds (AsyncEventAge). @default 1800 */
  readonly asyncEventMaxAgeSeconds?: number;
  /** Alarm when at least this percent of a period's records is rejected (1-100). @default 20 */
  readonly rejectedRecordsPercent?: number;
}

/**
 * Alarms that page when the normalizer fails or is throttled, when S3 events wait too long for it
 * (AsyncEventAge), when an object fails for good (ObjectsFailed), when a period's rejected share
 * spikes, and when failed events pile up or wait unhandled in the failure queue. Missing data
 * counts as healthy: an idle pipeline is fine.
 */
export class NormalizerAlarms extends Construct {
  /** Fires when an invocation fails. */
  readonly errors: CloudwatchMetricAlarm;
  /** Fires when an invocation is throttled by the reserved concurrency. */
  readonly throttles: CloudwatchMetricAlarm;
  /** Fires when an event has given up and waits in the failure queue. */
  readonly failedEvents: CloudwatchMetricAlarm;
  /** Fires when a failed event has waited longer than `failedEventMaxAgeSeconds`. */
  readonly oldestFailedEvent: CloudwatchMetricAlarm;
  /** Fires when an S3 event has waited longer than `asyncEventMaxAgeSeconds` for a run. */
  readonly asyncEventAge: CloudwatchMetricAlarm;
  /** Fires when the normalizer could not process an object (it throws, so the event retries). */
  readonly objectsFailed: CloudwatchMetricAlarm;
  /** Fires when at least `rejectedRecordsPercent` of a period's records were rejected. */
  readonly rejectedRecords: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: NormalizerAlarmsProps) {
    super(scope, id);
    const { normalizer, alertsTopic } = props;
    const period = props.periodSeconds ?? NORMALIZER_ALARMS_DEFAULTS.periodSeconds;
    const problems = new Problems("NormalizerAlarms");
    if (
      !Token.isUnresolved(period) &&
      (!Number.isInteger(period) || period < 60 || period % 60 !== 0)
    ) {
      problems.add(`periodSeconds ${period} must be a multiple of 60 seconds`);
    }
    problems.throwIfAny();
    const name = normalizer.function.functionName;
    const queueName = normalizer.failureQueue.name;
    const alarm = (
      alarmId: string,
      suffix: string,
      description: string,
      metric: { namespace: string; metricName: string; dimensions: Record<string, string> },
      statistic: string,
      threshold: number,
    ) =>
      new CloudwatchMetricAlarm(this, alarmId, {
        alarmName: `${name}-${suffix}`,
        alarmDescription: description,
        ...metric,
        statistic,
        period,
        evaluationPeriods: 1,
        threshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [alertsTopic.topicArn],
        okActions: [alertsTopic.topicArn],
      });
    const lambda = (metricName: string) => ({
      namespace: "AWS/Lambda",
      metricName,
      dimensions: { FunctionName: name },
    });
    const queue = (metricName: string) => ({
      namespace: "AWS/SQS",
      metricName,
      dimensions: { QueueName: queueName },
    });
    this.errors = alarm(
      "Errors",
      "errors",
      "The normalizer failed on at least one S3 event; it will retry, then park the event in the failure queue. See docs/operations.md.",
      lambda("Errors"),
      "Sum",
      1,
    );
    this.throttles = alarm(
      "Throttles",
      "throttles",
      "The normalizer hit its reserved concurrency; uploads wait longer. Raise normalizer.reservedConcurrency if this persists.",
      lambda("Throttles"),
      "Sum",
      1,
    );
    this.failedEvents = alarm(
      "FailedEvents",
      "failed-events",
      "S3 events gave up after all retries and wait in the failure queue; their uploads are not normalized until replayed.",
      queue("ApproximateNumberOfMessagesVisible"),
      "Maximum",
      1,
    );
    this.oldestFailedEvent = alarm(
      "OldestFailedEvent",
      "oldest-failed-event",
      "A failed S3 event has waited unhandled in the failure queue; the queue drops it after 14 days.",
      queue("ApproximateAgeOfOldestMessage"),
      "Maximum",
      props.failedEventMaxAgeSeconds ?? NORMALIZER_ALARMS_DEFAULTS.failedEventMaxAgeSeconds,
    );
    // AWS/Lambda AsyncEventAge: milliseconds between S3 queueing an event and its invocation.
    this.asyncEventAge = alarm(
      "AsyncEventAge",
      "async-event-age",
      "S3 events wait too long for the normalizer (throttling or repeated failures); uploads reach Snowflake late and expire after maxEventAgeSeconds.",
      lambda("AsyncEventAge"),
      "Maximum",
      (props.asyncEventMaxAgeSeconds ?? NORMALIZER_ALARMS_DEFAULTS.asyncEventMaxAgeSeconds) * 1000,
    );
    const own = (metricName: string) => ({
      namespace: normalizer.metricsNamespace,
      metricName,
      dimensions: { service: normalizer.metricsServiceName },
    });
    this.objectsFailed = alarm(
      "ObjectsFailed",
      "objects-failed",
      "The normalizer could not read or write an object (S3 error); the event is retried, then parked in the failure queue. See docs/operations.md.",
      own("ObjectsFailed"),
      "Sum",
      1,
    );
    const percent =
      props.rejectedRecordsPercent ?? NORMALIZER_ALARMS_DEFAULTS.rejectedRecordsPercent;
    if (
      !Token.isUnresolved(percent) &&
      (!Number.isInteger(percent) || percent < 1 || percent > 100)
    ) {
      throw new Error(
        `NormalizerAlarms: rejectedRecordsPercent ${percent} must be a whole number from 1 to 100.`,
      );
    }
    const stat = (id: string, metricName: string) => ({
      id,
      metric: { ...own(metricName), period, stat: "Sum" },
    });
    this.rejectedRecords = new CloudwatchMetricAlarm(this, "RejectedRecords", {
      alarmName: `${name}-rejected-records`,
      alarmDescription: `At least ${percent} % of the records the normalizer read in a period were rejected (a gateway's format may have changed). sensorctl status and MONITORING.REJECTIONS_BY_REASON name the gateway and the reason.`,
      metricQuery: [
        stat("rejected", "RecordsRejected"),
        stat("read", "RecordsRead"),
        {
          id: "rejected_percent",
          expression: "IF(read > 0, 100 * rejected / read, 0)",
          label: "Rejected records (%)",
          returnData: true,
        },
      ],
      evaluationPeriods: 1,
      threshold: percent,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [alertsTopic.topicArn],
      okActions: [alertsTopic.topicArn],
    });
  }
}
