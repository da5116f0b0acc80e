import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { type ObjectStore, s3ObjectStore } from "../../ops/object-store";

/** An S3-compatible server on loopback with one bucket, in a temporary directory. */
export interface LocalS3 {
  readonly store: ObjectStore;
  readonly client: S3Client;
  readonly bucket: string;
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 on a random free port. */
export async function startLocalS3(bucket = "sensors-test-landing"): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), "sensorctl-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  const client = new S3Client({
    region: "eu-west-1",
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    // s3rver predates the SDK's default CRC checksums.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    store: s3ObjectStore(client, bucket),
    client,
    bucket,
    async stop() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Every key under a prefix. */
export async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list(prefix)) keys.push(object.key);
  return keys;
}
