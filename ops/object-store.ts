import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

/** One object as a listing reports it. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date;
  readonly sizeBytes: number;
}

/** An object's bytes and the identity of the version that was read. */
export interface FetchedObject {
  readonly bytes: Uint8Array;
  /** S3 version id; absent on unversioned buckets and some S3-compatible servers. */
  readonly versionId?: string;
  /** Entity tag without quotes. */
  readonly eTag?: string;
}

/** The slice of S3 the operator tools use, so their logic runs against any S3-compatible store. */
export interface ObjectStore {
  /** Name shown in messages, e.g. `s3://bucket`. */
  readonly location: string;
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  get(key: string): Promise<FetchedObject>;
  /** Every object under the prefix, in key order, page by page. */
  list(prefix: string): AsyncIterable<ListedObject>;
}

/** An {@link ObjectStore} on one S3 bucket. */
export function s3ObjectStore(client: S3Client, bucket: string): ObjectStore {
  return {
    location: `s3://${bucket}`,
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
    async get(key) {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) throw new Error(`s3://${bucket}/${key}: the response has no body`);
      return {
        bytes: await response.Body.transformToByteArray(),
        versionId: response.VersionId,
        eTag: response.ETag?.replace(/"/g, ""),
      };
    },
    async *list(prefix) {
      let continuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ContinuationToken: continuationToken,
          }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined) continue;
          yield {
            key: item.Key,
            lastModified: item.LastModified ?? new Date(0),
            sizeBytes: item.Size ?? 0,
          };
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    },
  };
}
