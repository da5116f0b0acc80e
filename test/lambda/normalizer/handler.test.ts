/**
 * The handler against a real S3 API: s3rver, started here on 127.0.0.1 (random port, temp dir).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readdirSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import S3rver from "s3rver";
import { normalizeFile } from "../../../cli/commands/normalize";
import { createHandler } from "../../../lambda/normalizer/handler";
import { outputKeysFor } from "../../../lambda/normalizer";
import { readSettings } from "../../../lambda/normalizer/settings";

const BUCKET = "landing";
const NOW = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
const CSV = `timestamp,sensor,metric,value,unit\n${NOW},s-1,temperature,21.5,°C\n${NOW},s-1,humidity,wet,%RH\n`;

let server: S3rver;
let directory: string;
let s3: S3Client;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "s3rver-"));
  server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  s3 = new S3Client({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
});

afterAll(async () => {
  s3?.destroy();
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

function dependencies() {
  const metrics = new Metrics({ namespace: "Test", serviceName: "test" });
  jest.spyOn(metrics, "publishStoredMetrics").mockImplementation(() => metrics);
  const addMetric = jest.spyOn(metrics, "addMetric");
  // Single metrics publish on their own; keep their EMF lines out of the test output.
  const single = { addDimension: jest.fn(), addMetric: jest.fn() };
  jest.spyOn(metrics, "singleMetric").mockImplementation(() => single as unknown as Metrics);
  const logger = new Logger({ serviceName: "test", logLevel: "SILENT" });
  return { deps: { s3, settings: readSettings({}), logger, metrics }, addMetric };
}

function eventFor(key: string): S3Event {
  return {
    Records: [
      {
        eventTime: new Date().toISOString(),
        s3: {
          bucket: { name: BUCKET },
          object: { key: encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+") },
        },
      },
    ],
  } as unknown as S3Event;
}

async function put(key: string, body: string | Buffer): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: key,
      Body: body,
      ContentLength: Buffer.byteLength(body),
    }),
  );
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key as string).sort();
}

async function getBytes(key: string): Promise<Buffer> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(
    await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}

async function expectedKeys(key: string) {
  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  return outputKeysFor(key, { eTag: head.ETag, lastModified: head.LastModified as Date });
}

const rowsOf = (gz: Buffer) =>
  gunzipSync(gz)
    .toString("utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("normalizer handler against s3rver", () => {
  it("writes the good rows to normalized/ and the bad ones to rejected/, at the documented keys", async () => {
    const key = "raw/gw-9/batch one.csv";
    await put(key, CSV);
    const { deps, addMetric } = dependencies();
    await createHandler(deps)(eventFor(key));
    const keys = await expectedKeys(key);
    const normalized = rowsOf(await getBytes(keys.normalizedKey));
    const rejected = rowsOf(await getBytes(keys.rejectedKey));
    expect(normalized).toMatchObject([
      { sensor_id: "s-1", metric: "temperature", unit: "Cel", gateway_id: "gw-9", source_key: key },
    ]);
    expect(rejected).toMatchObject([
      { source_key: key, source_line: 3, reason: { code: "NON_NUMERIC_VALUE" } },
    ]);
    expect(addMetric).toHaveBeenCalledWith("RecordsAccepted", "Count", 1);
    expect(addMetric).toHaveBeenCalledWith("RecordsRejected", "Count", 1);
  });

  it("counts rejections per reason code as a metric with a reason dimension", async () => {
    const key = "raw/gw-9/reasons.csv";
    await put(key, CSV);
    const { deps } = dependencies();
    const single = { addDimension: jest.fn(), addMetric: jest.fn() };
    jest.spyOn(deps.metrics, "singleMetric").mockImplementation(() => single as unknown as Metrics);
    await createHandler(deps)(eventFor(key));
    expect(single.addDimension).toHaveBeenCalledWith("reason", "NON_NUMERIC_VALUE");
    expect(single.addMetric).toHaveBeenCalledWith("RecordsRejectedByReason", "Count", 1);
  });

  it("rewrites byte-identical objects at the same keys when the same version is processed again", async () => {
    const key = "raw/gw-9/again.csv";
    await put(key, CSV);
    const handler = createHandler(dependencies().deps);
    await handler(eventFor(key));
    const keys = await expectedKeys(key);
    const first = await getBytes(keys.normalizedKey);
    const listed = await keysUnder("normalized/");
    await handler(eventFor(key));
    expect(await getBytes(keys.normalizedKey)).toEqual(first);
    expect(await keysUnder("normalized/")).toEqual(listed);
  });

  it("writes no rejected object when every row is good", async () => {
    const key = "raw/gw-9/clean.csv";
    await put(key, CSV.split("\n").slice(0, 2).join("\n"));
    await createHandler(dependencies().deps)(eventFor(key));
    const keys = await expectedKeys(key);
    expect(await keysUnder(keys.normalizedKey)).toEqual([keys.normalizedKey]);
    expect(await keysUnder(keys.rejectedKey)).toEqual([]);
  });

  it("ignores an object outside raw/ and writes nothing", async () => {
    const key = "normalized/loop.csv";
    await put(key, CSV);
    const before = [...(await keysUnder("normalized/")), ...(await keysUnder("rejected/"))];
    const { deps, addMetric } = dependencies();
    await createHandler(deps)(eventFor(key));
    expect([...(await keysUnder("normalized/")), ...(await keysUnder("rejected/"))]).toEqual(
      before,
    );
    expect(addMetric).toHaveBeenCalledWith("IgnoredObjects", "Count", 1);
  });

  it("ignores a folder placeholder under raw/ and writes nothing", async () => {
    const key = "raw/gw-9/";
    await put(key, "");
    const before = [...(await keysUnder("normalized/")), ...(await keysUnder("rejected/"))];
    await createHandler(dependencies().deps)(eventFor(key));
    expect([...(await keysUnder("normalized/")), ...(await keysUnder("rejected/"))]).toEqual(
      before,
    );
  });

  it("throws when the raw object cannot be read, so the invocation is retried", async () => {
    await expect(
      createHandler(dependencies().deps)(eventFor("raw/gw-9/missing.csv")),
    ).rejects.toThrow(/normalizing 1 of 1 objects failed/);
  });

  it("never writes under raw/", async () => {
    const key = "raw/gw-9/only.csv";
    await put(key, CSV);
    const before = await keysUnder("raw/");
    await createHandler(dependencies().deps)(eventFor(key));
    expect(await keysUnder("raw/")).toEqual(before);
  });

  /** 20 000 good rows (MBs of output, so both outputs are open) and a bit flipped in the checksum. */
  function corruptGzip(): Buffer {
    const rows = Array.from(
      { length: 20_000 },
      (_, i) =>
        `${NOW},s-${i % 50},temperature,${i % 300},°C\n${i % 97 === 0 ? `${NOW},s,t,x\n` : ""}`,
    );
    const gz = gzipSync(`timestamp,sensor,metric,value,unit\n${rows.join("")}`);
    // The CRC-32 in the trailer: every row inflates fine, and only the checksum at the end fails.
    gz[gz.length - 8] ^= 0x10;
    return gz;
  }

  it("commits nothing of a corrupt gzip upload: one whole-object rejection", async () => {
    const key = "raw/gw-corrupt/flipped.csv.gz";
    await put(key, corruptGzip());
    await createHandler(dependencies().deps)(eventFor(key));
    expect(await keysUnder("normalized/")).not.toContainEqual(
      expect.stringContaining("/gw-corrupt/"),
    );
    const keys = await expectedKeys(key);
    expect(rowsOf(await getBytes(keys.rejectedKey))).toMatchObject([
      { source_key: key, source_line: null, reason: { code: "CORRUPT_GZIP" } },
    ]);
  });

  it("leaves no file of a corrupt gzip upload but its rejection (sensorctl normalize)", async () => {
    const local = mkdtempSync(join(tmpdir(), "normalize-cli-"));
    try {
      const file = join(local, "raw", "gw-corrupt", "flipped.csv.gz");
      mkdirSync(join(local, "raw", "gw-corrupt"), { recursive: true });
      writeFileSync(file, corruptGzip());
      await normalizeFile(file, { out: join(local, "out") });
      const files = readdirSync(join(local, "out"), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(local.length));
      expect(files).toEqual([
        expect.stringMatching(/^\/out\/rejected\/.*flipped-[0-9a-f]{16}\.ndjson\.gz$/),
      ]);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it("rejects an object it has no time left to read, and fails the next one for a retry", async () => {
    const late = "raw/gw-late/first.csv";
    const next = "raw/gw-late/second.csv";
    await put(late, CSV);
    await put(next, CSV);
    const event = eventFor(late);
    event.Records.push(eventFor(next).Records[0]);
    // 1 s left: less than the margin kept back, so the deadline passes during the first read.
    const context = { getRemainingTimeInMillis: () => 1000 };
    await expect(createHandler(dependencies().deps)(event, context)).rejects.toThrow(
      /1 of 2 objects failed: .*second\.csv: no time left/,
    );
    expect(await keysUnder("normalized/")).not.toContainEqual(expect.stringContaining("gw-late"));
    const keys = await expectedKeys(late);
    expect(rowsOf(await getBytes(keys.rejectedKey))).toMatchObject([
      { source_line: null, reason: { code: "OBJECT_TOO_LARGE" } },
    ]);
    expect(rowsOf(await getBytes(keys.rejectedKey))[0].reason.message).toMatch(/time ran out/);
  });

  it("writes one ledger line per object when LEDGER_PREFIX is set, the same on reprocessing", async () => {
    const key = "raw/gw-ledger/batch.csv";
    await put(key, CSV);
    const { deps } = dependencies();
    const handler = createHandler({
      ...deps,
      settings: readSettings({ LEDGER_PREFIX: "ledger/" }),
    });
    await handler(eventFor(key));
    const keys = await expectedKeys(key);
    const ledgerKey = keys.normalizedKey
      .replace(/^normalized\//, "ledger/")
      .replace(/\.ndjson\.gz$/, ".json");
    const first = await getBytes(ledgerKey);
    expect(JSON.parse(first.toString())).toMatchObject({
      source_key: key,
      gateway_id: "gw-ledger",
      format: "csv",
      records: 2,
      accepted: 1,
      rejected: 1,
      rejected_by_reason: { NON_NUMERIC_VALUE: 1 },
      normalized_key: keys.normalizedKey,
      rejected_key: keys.rejectedKey,
    });
    await handler(eventFor(key));
    expect(await getBytes(ledgerKey)).toEqual(first);
  });

  it("writes no ledger when LEDGER_PREFIX is empty (the default)", async () => {
    const key = "raw/gw-noledger/batch.csv";
    await put(key, CSV);
    await createHandler(dependencies().deps)(eventFor(key));
    expect(await keysUnder("ledger/")).not.toContainEqual(expect.stringContaining("gw-noledger"));
  });

  it("writes the same keys and bytes as sensorctl normalize does for the same file", async () => {
    const key = "raw/gw-9/compare.csv";
    await put(key, CSV);
    await createHandler(dependencies().deps)(eventFor(key));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    const local = mkdtempSync(join(tmpdir(), "normalize-cli-"));
    try {
      const file = join(local, "raw", "gw-9", "compare.csv");
      mkdirSync(join(local, "raw", "gw-9"), { recursive: true });
      writeFileSync(file, CSV);
      utimesSync(file, head.LastModified as Date, head.LastModified as Date);
      await normalizeFile(file, { out: join(local, "out") });
      const keys = await expectedKeys(key);
      for (const outputKey of [keys.normalizedKey, keys.rejectedKey])
        expect(readFileSync(join(local, "out", outputKey))).toEqual(await getBytes(outputKey));
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});
