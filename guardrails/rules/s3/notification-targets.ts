import { blocks, strings } from "../../references";
import type { SynthesizedResource } from "../../stack-resources";

/** One destination of an aws_s3_bucket_notification, with its filter. */
export interface NotificationTarget {
  /** `lambda_function[0]`, `topic[1]`, ... for messages. */
  readonly label: string;
  readonly events: readonly string[];
  readonly prefix: string;
  readonly suffix: string;
}

/** Every Lambda, SNS and SQS destination of a bucket notification. */
export function notificationTargets(notification: SynthesizedResource): NotificationTarget[] {
  return (["lambda_function", "topic", "queue"] as const).flatMap((kind) =>
    blocks(notification.config[kind]).map((target, index) => ({
      label: `${kind}[${index}]`,
      events: strings(target.events),
      prefix: typeof target.filter_prefix === "string" ? target.filter_prefix : "",
      suffix: typeof target.filter_suffix === "string" ? target.filter_suffix : "",
    })),
  );
}
