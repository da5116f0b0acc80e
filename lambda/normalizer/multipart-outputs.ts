import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { PassThrough, type Writable } from "node:stream";
import type { OutputKeys } from "./keys";
import { isDiscardedOutput, type OutputKind } from "./output";

/** Parts of 8 MiB, two in flight: each output holds at most ~16 MiB, whatever the object's size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/** The normalizer's outputs of one object, each streamed into an S3 multipart upload. */
export interface MultipartOutputs {
  /** Opens an output (the core calls it on the output's first line); pass as `openOutput`. */
  readonly open: (kind: OutputKind) => Writable;
  /**
   * Waits until every opened upload has settled: completed, or aborted because the core
   * discarded it (an object rejected whole). Throws the first real upload failure.
   */
  finish(): Promise<void>;
  /**
   * Aborts every upload not yet complete and waits until S3 has dropped its parts, so a failed
   * object leaves neither a partial object nor a dangling multipart upload behind.
   */
  abort(): Promise<void>;
  /** Keys of the outputs committed or still being written (not those discarded), in open order. */
  readonly writtenKeys: readonly string[];
}

/**
 * Streams each output the core opens to its key in `keys` (gzip NDJSON). Shared by the Lambda
 * handler and `sensorctl replay`, so both write exactly alike. A failed upload destroys its body,
 * which makes the core's next write fail instead of hanging.
 *
 * Aborting destroys the body rather than calling `Upload.abort()`: that only rejects `done()` at
 * once, while the upload's own loop sends AbortMultipartUpload later, after the invocation may
 * have returned. A body that fails makes the loop abort the multipart upload before `done()`
 * settles, so awaiting `done()` awaits the abort (lib-storage's Upload.__doMultipartUpload).
 */
export function multipartOutputs(s3: S3Client, bucket: string, keys: OutputKeys): MultipartOutputs {
  const bodies: PassThrough[] = [];
  const finished: Promise<unknown>[] = [];
  const writtenKeys: string[] = [];
  const settled = async () => {
    const results = await Promise.allSettled(finished);
    const failure = results.find(
      (result) => result.status === "rejected" && !isDiscardedOutput(result.reason),
    );
    if (failure) throw (failure as PromiseRejectedResult).reason;
  };
  return {
    open: (kind) => {
      const key = kind === "normalized" ? keys.normalizedKey : keys.rejectedKey;
      const body = new PassThrough();
      const upload = new Upload({
        client: s3,
        params: { Bucket: bucket, Key: key, Body: body, ContentType: "application/gzip" },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
      });
      const done = upload.done();
      done.catch((error: unknown) => {
        body.destroy(error as Error);
        if (isDiscardedOutput(error)) writtenKeys.splice(writtenKeys.indexOf(key), 1);
      });
      bodies.push(body);
      finished.push(done);
      writtenKeys.push(key);
      return body;
    },
    finish: settled,
    abort: async () => {
      for (const body of bodies) if (!body.writableFinished) body.destroy(new Error("aborted"));
      await Promise.allSettled(finished);
    },
    writtenKeys,
  };
}
