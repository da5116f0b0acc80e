import { Token } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AlertsTopic } from "./alerts-topic";
import type { NormalizerFunction } from "./normalizer-function";
import { Problems } from "./validation";

/** Defaults of {@link NormalizerAlarmsProps}; the one home of these values: stacks/config.ts fills its `.default(...)`s from here. */
export const NORMALIZER_ALARMS_DEFAULTS = {
  periodSeconds: 300,
  failedEventMaxAgeSeconds: 86400,
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
}

/**
 * Alarms that page when the normalizer fails or is throttled, and when failed events pile up or
 * wait unhandled in the failure queue. Missing data counts as healthy: an idle pipeline is fine.
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
  }
}
