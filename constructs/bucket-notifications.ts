import { Construct } from "constructs";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import type { IngestTopic } from "./ingest-topic";
import { LANDING_PREFIXES, type LandingBucket } from "./landing-bucket";
import type { NormalizerFunction } from "./normalizer-function";
import { Problems } from "./validation";

/** Properties of {@link BucketNotifications}. */
export interface BucketNotificationsProps {
  /** The bucket; it must have no other notification resource (S3 keeps only one). */
  readonly landingBucket: LandingBucket;
  /** Receives object-created events under {@link rawPrefix}. */
  readonly normalizer: NormalizerFunction;
  /** Receives object-created events under {@link normalizedPrefix}. */
  readonly ingestTopic: IngestTopic;
  /** Prefix of gateway uploads. @default "raw/" */
  readonly rawPrefix?: string;
  /** Prefix of the normalizer's output that Snowpipe loads. @default "normalized/" */
  readonly normalizedPrefix?: string;
  /**
   * Prefixes of the normalizer's health output (rejected records, ledger) whose events also go to
   * the ingest topic, one rule each, for the health pipes. @default ["rejected/", "ledger/"]
   */
  readonly healthPrefixes?: readonly string[];
}

/** Every way an object gets created, multipart uploads included (large files arrive that way). */
const OBJECT_CREATED = ["s3:ObjectCreated:*"];

/**
 * The landing bucket's one and only notification configuration: raw/ → normalizer; normalized/,
 * rejected/ and ledger/ → ingest topic, one rule per prefix (a topic may receive several rules; a
 * rule has one prefix filter, and each Snowpipe pipe loads only its stage's path). S3 keeps a single configuration per bucket (a second resource would overwrite this
 * one on every apply), and S3 tests each destination when it is saved, so this waits for the
 * topic policy and the Lambda permission.
 */
export class BucketNotifications extends Construct {
  /** The notification configuration. */
  readonly notification: S3BucketNotification;

  constructor(scope: Construct, id: string, props: BucketNotificationsProps) {
    super(scope, id);
    const { landingBucket, normalizer, ingestTopic } = props;
    const rawPrefix = props.rawPrefix ?? LANDING_PREFIXES.raw;
    const normalizedPrefix = props.normalizedPrefix ?? LANDING_PREFIXES.normalized;
    const healthPrefixes = props.healthPrefixes ?? [
      LANDING_PREFIXES.rejected,
      LANDING_PREFIXES.ledger,
    ];
    checkPrefixes({
      rawPrefix,
      normalizedPrefix,
      ...Object.fromEntries(healthPrefixes.map((prefix, i) => [`healthPrefixes[${i}]`, prefix])),
    });
    this.notification = new S3BucketNotification(this, "Resource", {
      bucket: landingBucket.bucket.id,
      lambdaFunction: [
        {
          id: "raw-to-normalizer",
          lambdaFunctionArn: normalizer.functionArn,
          events: OBJECT_CREATED,
          filterPrefix: rawPrefix,
        },
      ],
      topic: [
        {
          id: "normalized-to-snowpipe",
          topicArn: ingestTopic.topicArn,
          events: OBJECT_CREATED,
          filterPrefix: normalizedPrefix,
        },
        ...healthPrefixes.map((prefix) => ({
          id: `${prefix.replace(/\/$/, "")}-to-snowpipe`,
          topicArn: ingestTopic.topicArn,
          events: OBJECT_CREATED,
          filterPrefix: prefix,
        })),
      ],
      dependsOn: [ingestTopic.topicPolicy, normalizer.invokePermission],
    });
  }
}

/**
 * Prefixes must be non-empty, end in "/" and not contain one another: S3 rejects overlapping rules
 * for the same event at apply time, and a nested one would feed the normalizer its own output.
 */
function checkPrefixes(prefixes: Readonly<Record<string, string>>): void {
  const entries = Object.entries(prefixes);
  const problems = new Problems("BucketNotifications");
  // A bucket-wide rule would also fire for the normalizer's own output.
  for (const [name, prefix] of entries) problems.keyPrefix(name, prefix);
  for (const [nameA, a] of entries) {
    for (const [nameB, b] of entries) {
      if (nameA !== nameB && b.startsWith(a)) {
        problems.add(
          `${nameA} "${a}" overlaps ${nameB} "${b}"; S3 rejects overlapping notification prefixes. Use disjoint prefixes such as "raw/" and "normalized/"`,
        );
      }
    }
  }
  problems.throwIfAny();
}
