import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { multipartOutputs } from "../../lambda/normalizer/multipart-outputs";
import { replayIdentity } from "./generation";
import type { NormalizerApi } from "./normalizer-api";
import type { Renormalize } from "./run-replay";

/**
 * Replays one raw object the way the Lambda handler processes it: streams GetObject into the
 * normalizer's `normalizeObject`, and each output into the handler's own multipart uploads at the
 * key `outputKeysFor` gives. The only difference is the identity:
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
    const outputs = multipartOutputs(s3, bucket, keys);
    try {
      const result = await normalizer.normalizeObject(response.Body as AsyncIterable<Uint8Array>, {
        sourceKey: object.key,
        gatewayId: keys.gatewayId,
        options: normalizer.optionsFromSettings(settings, lastModified),
        openOutput: outputs.open,
      });
      await outputs.finish();
      return {
        writtenKeys: [...outputs.writtenKeys],
        rowsAccepted: result.counts.accepted,
        rowsRejected: result.counts.rejected,
      };
    } catch (error) {
      await outputs.abort();
      throw error;
    }
  };
}
