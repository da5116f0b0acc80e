import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { type NotificationTarget, notificationTargets } from "./notification-targets";

export const S3NotificationPrefixesDisjoint: GuardrailRule = {
  id: "S3.NoOverlappingNotificationPrefixes",
  name: "S3NotificationPrefixesDisjoint",
  what: "No two destinations of a bucket notification can match the same object for the same event.",
  why: "S3 rejects overlapping rules at apply time, after a plan looked fine; where they nest (raw/ and raw/a/) one object would also trigger two consumers.",
  level: "ERROR",
  resourceTypes: ["aws_s3_bucket_notification"],
  check(notification) {
    const targets = notificationTargets(notification);
    const clashes: string[] = [];
    targets.forEach((first, index) => {
      for (const second of targets.slice(index + 1)) {
        if (overlap(first, second)) clashes.push(`${first.label} and ${second.label}`);
      }
    });
    return clashes.length === 0
      ? compliant()
      : nonCompliant(
          `${clashes.join("; ")} match the same objects for the same events; make their prefixes disjoint (neither a prefix of the other)`,
        );
  },
};

function overlap(a: NotificationTarget, b: NotificationTarget): boolean {
  const prefixes = a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
  const suffixes = a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix);
  const events = a.events.some((x) => b.events.some((y) => eventsOverlap(x, y)));
  return prefixes && suffixes && events;
}

/** `s3:ObjectCreated:*` covers `s3:ObjectCreated:Put`; equal events overlap. */
function eventsOverlap(x: string, y: string): boolean {
  const stem = (event: string) => (event.endsWith("*") ? event.slice(0, -1) : event);
  return (
    x === y ||
    (x.endsWith("*") && y.startsWith(stem(x))) ||
    (y.endsWith("*") && x.startsWith(stem(y)))
  );
}
