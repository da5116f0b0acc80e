import { PassThrough } from "node:stream";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { replayIdentity } from "./generation";
import type { NormalizerApi } from "./normalizer-api";
import type { Renormalize } from "./run-replay";

/** The handler's multipart settings: 8 MiB parts, two in flight, so memory stays flat. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * Replays one raw object the way the Lambda handler processes it: streams GetObject into the
 * normalizer's `normalizeObject`, and each output into a multipart upload at the key
 * `outputKeysFor` gives, with the handler's content type. The only difference is the identity:
 * the object's version plus the replay generation, so the keys are new (see generation.ts).
 * A failed read or write aborts both uploads and throws; bad content never throws.
 */
export function s3Renormalize(
  normalizer: NormalizerApi,
  s3: S3Client,
  bucket: string,
  environment: Readonly<Record<string, string>>,
): Renormalize {
  const settings = normalizer.readSettings(environment);
  return async (object, generation) => {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
    if (!response.Body) throw new Error(`GetObject s3://${bucket}/${object.key} returned no body`);
    const lastModified = response.LastModified ?? object.lastModified;
    const identity = replayIdentity(
      { versionId: response.VersionId, eTag: response.ETag },
      object.key,
      lastModified,
      generation,
    );
    const keys = normalizer.outputKeysFor(object.key, identity);
    const uploads: Upload[] = [];
    const finished: Promise<unknown>[] = [];
    const writtenKeys: string[] = [];
    const openOutput = (kind: "normalized" | "rejected") => {
      const key = kind === "normalized" ? keys.normalizedKey : keys.rejectedKey;
      const body = new PassThrough();
      const upload = new Upload({
        client: s3,
        params: { Bucket: bucket, Key: key, Body: body, ContentType: "application/gzip" },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
      });
      const done = upload.done();
      // A failed upload stops reading its body; destroying the body makes the core's write fail.
      done.catch((error: unknown) => body.destroy(error as Error));
      uploads.push(upload);
      finished.push(done);
      writtenKeys.push(key);
      return body;
    };
    try {
      const result = await normalizer.normalizeObject(response.Body as AsyncIterable<Uint8Array>, {
        sourceKey: object.key,
        gatewayId: keys.gatewayId,
        options: normalizer.optionsFromSettings(settings, lastModified),
        openOutput,
      });
      await Promise.all(finished);
      return {
        writtenKeys,
        rowsAccepted: result.counts.accepted,
        rowsRejected: result.counts.rejected,
      };
    } catch (error) {
      await Promise.allSettled(uploads.map((upload) => upload.abort()));
      throw error;
    }
  };
}
