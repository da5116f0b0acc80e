/**
 * The MQTT topic layout gateways publish to: `<prefix>/<gateway_id>/readings`. One definition for
 * the IoT policy and topic rule in the cloud and for `sensorctl local --mqtt` / `simulate --mqtt`.
 * The gateway comes from the topic, never from the payload, so a gateway's credentials (scoped to
 * its own topic by the IoT policy) decide whose readings a message can carry.
 */

/** The last topic level: what a message under it holds. */
export const READINGS_LEVEL = "readings";

/** The prefix when an environment sets none: `sensors/<env>`. */
export function defaultTopicPrefix(environment: string): string {
  return `sensors/${environment}`;
}

const LEVEL = /^[A-Za-z0-9._-]+$/;

/**
 * Problems with a topic prefix, empty when it is usable: levels of letters, digits, `.`, `_`, `-`
 * (no wildcards, no empty level, no leading `$`, which MQTT reserves for the broker).
 */
export function topicPrefixProblems(prefix: string): string[] {
  const levels = prefix.split("/");
  if (prefix === "" || levels.some((level) => !LEVEL.test(level)))
    return [
      `topic prefix "${prefix}" must be one or more levels of letters, digits, ".", "_" or "-" separated by "/" (e.g. sensors/dev)`,
    ];
  return [];
}

/** Throws with the fix when the prefix is unusable. */
export function checkTopicPrefix(prefix: string, option = "topic prefix"): void {
  const problems = topicPrefixProblems(prefix);
  if (problems.length > 0) throw new Error(`${option}: ${problems.join("; ")}`);
}

/** The topic one gateway publishes its readings to. */
export function readingsTopic(prefix: string, gatewayId: string): string {
  return `${prefix}/${gatewayId}/${READINGS_LEVEL}`;
}

/** The filter that matches every gateway's readings topic (one `+` level for the gateway). */
export function readingsTopicFilter(prefix: string): string {
  return readingsTopic(prefix, "+");
}

/**
 * 1-based position of the gateway level, as AWS IoT SQL's `topic(n)` counts it
 * (docs.aws.amazon.com/iot/latest/developerguide/iot-sql-functions.html#iot-function-topic).
 */
export function gatewayTopicLevel(prefix: string): number {
  return prefix.split("/").length + 1;
}

/** The gateway a topic names, or null when the topic is not `<prefix>/<gateway>/readings`. */
export function gatewayFromTopic(prefix: string, topic: string): string | null {
  const head = `${prefix}/`;
  const tail = `/${READINGS_LEVEL}`;
  if (!topic.startsWith(head) || !topic.endsWith(tail)) return null;
  const gateway = topic.slice(head.length, topic.length - tail.length);
  return LEVEL.test(gateway) ? gateway : null;
}
