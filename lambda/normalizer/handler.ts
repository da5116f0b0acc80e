/**
 * The Lambda entry (S3 ObjectCreated on `raw/`): streams each raw object from S3 through the pure
 * core and streams both outputs back with multipart uploads. Bad content is never a failure (it
 * goes to `rejected/`); an S3 read or write failure throws, so the asynchronous invocation is
 * retried and finally lands in the on-failure destination. Outputs are deterministic per object
 * version, so a retry overwrites the same keys with the same bytes.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Context, S3Event, S3EventRecord } from "aws-lambda";
import { outputKeysFor } from "./keys";
import { ledgerEntry, ledgerKeyFor, ledgerLine } from "./ledger";
import { multipartOutputs } from "./multipart-outputs";
import { normalizeObject, optionsFromSettings, type NormalizeCounts } from "./normalize";
import { readSettings, type NormalizerSettings } from "./settings";

/** What the handler needs from the outside world; tests pass an S3 client for a local server. */
export interface HandlerDependencies {
  readonly s3: S3Client;
  readonly settings: NormalizerSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** S3 event keys are URL-encoded with `+` for spaces. */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

/**
 * Time kept back from the function's timeout to reject an object that could not be read in time
 * and to abort its uploads: a fifth of the time left, between 2 and 20 seconds.
 */
export function deadlineMarginMs(remainingMs: number): number {
  return Math.min(20_000, Math.max(2_000, remainingMs * 0.2));
}

async function processRecord(
  record: S3EventRecord,
  deps: HandlerDependencies,
  deadline: AbortSignal,
): Promise<void> {
  const { s3, settings, logger, metrics } = deps;
  const bucket = record.s3.bucket.name;
  const key = decodeEventKey(record.s3.object.key);
  if (!key.startsWith("raw/")) {
    // Only raw/ may trigger this function; anything else is a wiring mistake, never reprocessed.
    logger.error("ignoring an object outside raw/", { bucket, key });
    metrics.addMetric("IgnoredObjects", MetricUnit.Count, 1);
    return;
  }
  if (key.endsWith("/")) {
    // A "folder" placeholder that consoles create: no content, nothing to normalize.
    logger.info("ignoring a folder placeholder", { bucket, key });
    metrics.addMetric("IgnoredObjects", MetricUnit.Count, 1);
    return;
  }
  if (deadline.aborted)
    // Not this object's fault: fail it, so the retry reads it with a whole timeout ahead.
    throw new Error(`no time left to read ${key}; the invocation will be retried`);
  const started = Date.now();
  const object = await s3.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      VersionId: record.s3.object.versionId || undefined,
    }),
  );
  if (!object.Body) throw new Error(`GetObject s3://${bucket}/${key} returned no body`);
  const lastModified = object.LastModified ?? new Date(record.eventTime);
  const keys = outputKeysFor(key, {
    versionId: object.VersionId ?? record.s3.object.versionId,
    eTag: object.ETag ?? record.s3.object.eTag,
    lastModified,
  });
  const outputs = multipartOutputs(s3, bucket, keys);
  let counts: NormalizeCounts;
  try {
    const result = await normalizeObject(object.Body as AsyncIterable<Uint8Array>, {
      sourceKey: key,
      gatewayId: keys.gatewayId,
      options: optionsFromSettings(settings, lastModified),
      openOutput: outputs.open,
      expectedBytes: object.ContentLength,
      signal: deadline,
    });
    await outputs.finish();
    counts = result.counts;
    if (settings.ledgerPrefix !== "")
      // After the outputs: a ledger line means they are complete. A failure here fails the
      // object, and the retry rewrites the same outputs and ledger line.
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: ledgerKeyFor(keys, settings.ledgerPrefix),
          Body: ledgerLine(
            ledgerEntry({
              sourceKey: key,
              versionId: object.VersionId,
              eTag: object.ETag,
              lastModified,
              keys,
              counts,
              wrote: result.wrote,
            }),
          ),
          ContentType: "application/x-ndjson",
        }),
      );
  } catch (error) {
    await outputs.abort();
    throw error;
  }
  const durationMs = Date.now() - started;
  logger.info("normalized", {
    bucket,
    sourceKey: key,
    versionId: object.VersionId,
    normalizedKey: counts.accepted > 0 ? keys.normalizedKey : null,
    rejectedKey: counts.rejected > 0 ? keys.rejectedKey : null,
    durationMs,
    ...counts,
  });
  metrics.addMetric("RecordsRead", MetricUnit.Count, counts.records);
  metrics.addMetric("RecordsAccepted", MetricUnit.Count, counts.accepted);
  metrics.addMetric("RecordsRejected", MetricUnit.Count, counts.rejected);
  metrics.addMetric("BytesRead", MetricUnit.Bytes, counts.bytesRead);
  metrics.addMetric("DurationMs", MetricUnit.Milliseconds, durationMs);
  for (const [code, count] of Object.entries(counts.rejectedByReason)) {
    const single = metrics.singleMetric();
    single.addDimension("reason", code);
    single.addMetric("RecordsRejectedByReason", MetricUnit.Count, count ?? 0);
  }
}

/**
 * Builds the handler. Records are processed one after another; if any fails, the others still
 * run and the invocation then throws, so the retry reprocesses them all (harmless: outputs are
 * idempotent per object version).
 */
export function createHandler(
  deps: HandlerDependencies,
): (event: S3Event, context?: Pick<Context, "getRemainingTimeInMillis">) => Promise<void> {
  return async (event, context) => {
    const failures: string[] = [];
    const deadline = new AbortController();
    const remaining = context?.getRemainingTimeInMillis();
    const timer =
      remaining === undefined
        ? undefined
        : setTimeout(() => deadline.abort(), remaining - deadlineMarginMs(remaining));
    try {
      for (const record of event.Records ?? []) {
        try {
          await processRecord(record, deps, deadline.signal);
        } catch (error) {
          const key = record.s3?.object?.key;
          deps.logger.error("normalizing failed; the invocation will be retried", {
            key,
            error: error as Error,
          });
          deps.metrics.addMetric("ObjectsFailed", MetricUnit.Count, 1);
          failures.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      clearTimeout(timer);
      deps.metrics.publishStoredMetrics();
    }
    if (failures.length > 0)
      throw new Error(
        `normalizing ${failures.length} of ${event.Records.length} objects failed: ${failures.join("; ")}`,
      );
  };
}

/** Cold start: a bad setting fails the initialization with a message naming the variable. */
const settings = readSettings();

/** The Lambda entry point. */
export const handler = createHandler({
  s3: new S3Client({}),
  settings,
  logger: new Logger({ serviceName: settings.serviceName, logLevel: settings.logLevel as "INFO" }),
  metrics: new Metrics({ namespace: settings.metricsNamespace, serviceName: settings.serviceName }),
});
