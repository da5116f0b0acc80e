import { Writable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { NORMALIZER, type NormalizerApi } from "../../ops/replay/normalizer-api";
import { s3Renormalize } from "../../ops/replay/normalizer-binding";
import { type LocalS3, keysUnder, startLocalS3 } from "../helpers/local-s3";

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3("sensors-binding-test");
  await s3.store.put("raw/gw-7/upload.csv", "a\nb\nbad\n", "text/csv");
});
afterAll(async () => {
  await s3.stop();
});

interface Recorded {
  env?: Readonly<Record<string, string | undefined>>;
  identity?: { versionId?: string | null; eTag?: string | null; lastModified: Date };
  referenceTime?: Date;
  input?: string;
}

/**
 * A stand-in with the normalizer's API: keys from the identity's version, one output line per
 * input line, "bad" lines rejected. It checks the binding's glue, not normalization.
 */
function fakeNormalizer(recorded: Recorded, failWrites = false): NormalizerApi {
  return {
    readSettings: (env) => {
      recorded.env = env;
      return { zone: env.DEFAULT_TIME_ZONE };
    },
    optionsFromSettings: (_settings, referenceTime) => {
      recorded.referenceTime = referenceTime;
      return {};
    },
    outputKeysFor: (sourceKey, identity) => {
      recorded.identity = identity;
      const tag = Buffer.from(String(identity.versionId)).toString("hex").slice(-12);
      return {
        gatewayId: sourceKey.split("/")[1],
        normalizedKey: `normalized/x/${tag}.ndjson.gz`,
        rejectedKey: `rejected/x/${tag}.ndjson.gz`,
      };
    },
    normalizeObject: async (bytes, input) => {
      let text = "";
      for await (const chunk of bytes) text += Buffer.from(chunk).toString("utf8");
      recorded.input = text;
      const lines = text.trim().split("\n");
      const good = lines.filter((line) => line !== "bad");
      const bad = lines.filter((line) => line === "bad");
      const write = (stream: Writable, body: string) =>
        new Promise<void>((resolve, reject) => {
          if (failWrites) stream.destroy(new Error("SlowDown: please reduce your request rate"));
          stream.on("error", reject);
          stream.end(body, () => resolve());
        });
      if (good.length) await write(input.openOutput("normalized"), good.join("\n"));
      if (bad.length) await write(input.openOutput("rejected"), bad.join("\n"));
      return { counts: { accepted: good.length, rejected: bad.length } };
    },
  };
}

const listed = { key: "raw/gw-7/upload.csv", lastModified: new Date(), sizeBytes: 8 };

async function text(key: string): Promise<string> {
  const response = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray()).toString("utf8");
}

describe("replay's normalizer binding", () => {
  test("streams the raw object into the normalizer and its outputs to the keys it names", async () => {
    const recorded: Recorded = {};
    const renormalize = s3Renormalize(fakeNormalizer(recorded), s3.client, s3.bucket, {
      DEFAULT_TIME_ZONE: "Europe/Berlin",
    });
    const output = await renormalize(listed, "r1");
    expect(recorded.input).toBe("a\nb\nbad\n");
    expect(output).toEqual({
      writtenKeys: [
        expect.stringMatching(/^normalized\/x\//),
        expect.stringMatching(/^rejected\/x\//),
      ],
      rowsAccepted: 2,
      rowsRejected: 1,
    });
    expect(await text(output.writtenKeys[0])).toBe("a\nb");
    expect(await text(output.writtenKeys[1])).toBe("bad");
  });

  test("normalizes with the deployed function's environment", async () => {
    const recorded: Recorded = {};
    s3Renormalize(fakeNormalizer(recorded), s3.client, s3.bucket, {
      DEFAULT_TIME_ZONE: "Asia/Tokyo",
    });
    expect(recorded.env).toEqual({ DEFAULT_TIME_ZONE: "Asia/Tokyo" });
  });

  test("asks for keys under the object's ETag plus the generation, anchored at its upload time", async () => {
    const recorded: Recorded = {};
    await s3Renormalize(
      fakeNormalizer(recorded),
      s3.client,
      s3.bucket,
      {},
    )(listed, "r20261126T230000Z");
    expect(recorded.identity?.versionId).toMatch(/^etag:[0-9a-f]{32}\+replay\.r20261126T230000Z$/);
    expect(recorded.identity?.lastModified).toEqual(recorded.referenceTime);
  });

  test("a failing upload aborts, leaves no output behind and throws", async () => {
    const before = await keysUnder(s3.store, "normalized/");
    const renormalize = s3Renormalize(fakeNormalizer({}, true), s3.client, s3.bucket, {});
    await expect(renormalize(listed, "r-fail")).rejects.toThrow(/SlowDown/);
    expect(await keysUnder(s3.store, "normalized/")).toEqual(before);
  });
});

describe("replay with the real normalizer", () => {
  test("writes the normalizer's rows under new keys for a new generation and the same keys for the same one", async () => {
    await s3.store.put(
      "raw/gw-8/batch.csv",
      "sensor_id,metric,value,unit,observed_at\ns-1,temperature,21.5,Cel,2026-11-26T10:00:00Z\n",
      "text/csv",
    );
    const listedCsv = { key: "raw/gw-8/batch.csv", lastModified: new Date(), sizeBytes: 80 };
    const renormalize = s3Renormalize(NORMALIZER, s3.client, s3.bucket, {});
    const first = await renormalize(listedCsv, "r1");
    const again = await renormalize(listedCsv, "r1");
    const next = await renormalize(listedCsv, "r2");
    expect(first.rowsAccepted).toBe(1);
    expect(first.writtenKeys).toEqual([
      expect.stringMatching(/^normalized\/\d{4}\/\d{2}\/\d{2}\/gw-8\//),
    ]);
    expect(again.writtenKeys).toEqual(first.writtenKeys);
    expect(next.writtenKeys[0]).not.toBe(first.writtenKeys[0]);
  });
});
