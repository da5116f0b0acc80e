import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { PassThrough, type Writable } from "node:stream";
import type { OutputKeys } from "./keys";
import type { OutputKind } from "./output";

/** Parts of 8 MiB, two in flight: each output holds at most ~16 MiB, whatever the object's size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/** The normalizer's outputs of one object, each streamed into an S3 multipart upload. */
export interface MultipartOutputs {
  /** Opens an output (the core calls it on the output's first line); pass as `openOutput`. */
  readonly open: (kind: OutputKind) => Writable;
  /** Waits until every opened upload is complete. */
  finish(): Promise<void>;
  /** Aborts every opened upload, so a failed object leaves no partial output behind. */
  abort(): Promise<void>;
  /** Keys of the outputs opened so far, in the order they were opened. */
  readonly writtenKeys: readonly string[];
}

/**
 * Streams each output the core opens to its key in `keys` (gzip NDJSON). Shared by the Lambda
 * handler and `sensorctl replay`, so both write exactly alike. A failed upload destroys its body,
 * which makes the core's next write fail instead of hanging.
 */
export function multipartOutputs(s3: S3Client, bucket: string, keys: OutputKeys): MultipartOutputs {
  const uploads: Upload[] = [];
  const finished: Promise<unknown>[] = [];
  const writtenKeys: string[] = [];
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
      done.catch((error: unknown) => body.destroy(error as Error));
      uploads.push(upload);
      finished.push(done);
      writtenKeys.push(key);
      return body;
    },
    finish: async () => {
      await Promise.all(finished);
    },
    abort: async () => {
      await Promise.allSettled(uploads.map((upload) => upload.abort()));
    },
    writtenKeys,
  };
}
