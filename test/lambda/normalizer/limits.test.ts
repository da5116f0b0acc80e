/**
 * Bounded work per object: past a limit the object is rejected whole with a reason and guidance
 * (never a timeout), checked before reading where the size is known and while reading.
 */
import { gzipSync } from "node:zlib";
import { normalizeToBuffers, type NormalizeOptions } from "../../../lambda/normalizer";
import { chunked, normalize, OPTIONS } from "../../helpers/normalizer";

const MIB = 1024 * 1024;
const NO_LIMITS = { maxObjectBytes: 1e15, maxDecompressedBytes: 1e15, maxRecords: 1e12 };
const rows = (count: number) =>
  `timestamp,sensor_id,metric,value\n${"2026-11-26T10:00:00Z,s1,temperature,21.5\n".repeat(count)}`;

function withLimits(limits: Partial<NonNullable<NormalizeOptions["limits"]>>) {
  return { limits: { ...NO_LIMITS, ...limits } };
}

function expectRejectedWhole(result: Awaited<ReturnType<typeof normalize>>, limit: RegExp) {
  expect(result.normalizedBytes).toBeUndefined();
  expect(result.counts).toMatchObject({ records: 1, accepted: 0, rejected: 1 });
  expect(result.rejected).toHaveLength(1);
  const [rejection] = result.rejected;
  expect(rejection.reason.code).toBe("OBJECT_TOO_LARGE");
  expect(rejection.source_line).toBeNull();
  expect(rejection.reason.message).toMatch(limit);
  expect(rejection.reason.message).toMatch(/split the upload/);
}

describe("limits per object", () => {
  it("rejects an object whose ContentLength is over MAX_OBJECT_BYTES without reading it", async () => {
    let read = false;
    async function* untouched(): AsyncGenerator<Uint8Array> {
      read = true;
      yield Buffer.from(rows(1));
    }
    const result = await normalizeToBuffers(untouched(), {
      sourceKey: "raw/gw-1/huge.csv",
      gatewayId: "gw-1",
      options: { ...OPTIONS, ...withLimits({ maxObjectBytes: 10 * MIB }) },
      expectedBytes: 10 * MIB + 1,
    });
    expect(read).toBe(false);
    expect(result.counts).toMatchObject({
      records: 1,
      rejected: 1,
      bytesRead: 0,
      rejectedByReason: { OBJECT_TOO_LARGE: 1 },
    });
    expect(result.outputs.normalized).toBeUndefined();
  });

  it("rejects an object over MAX_OBJECT_BYTES while reading when its size was not known", async () => {
    const result = await normalize(rows(60_000), "big.csv", withLimits({ maxObjectBytes: MIB }), [
      64 * 1024,
    ]);
    expectRejectedWhole(result, /MAX_OBJECT_BYTES=1048576/);
  });

  it("rejects a gzip bomb by its decompressed size, having read a fraction of it", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MIB, "\n"));
    const result = await normalize(
      bomb,
      "bomb.csv.gz",
      withLimits({ maxDecompressedBytes: 4 * MIB }),
      [1024],
    );
    expectRejectedWhole(result, /MAX_DECOMPRESSED_BYTES=4194304/);
    // It stopped reading once 4 of the 64 MiB were inflated, not at the end of the object.
    expect(result.counts.bytesRead).toBeLessThan(bomb.length / 4);
  });

  it("rejects an object with more records than MAX_RECORDS_PER_OBJECT", async () => {
    for (const fastLanes of [true, false]) {
      const result = await normalize(
        rows(50_000),
        "many.csv",
        { ...withLimits({ maxRecords: 10_000 }), fastLanes },
        [256 * 1024],
      );
      expectRejectedWhole(result, /MAX_RECORDS_PER_OBJECT=10000/);
    }
  });

  it("accepts an object exactly at its limits", async () => {
    const text = rows(1000);
    const result = await normalize(
      text,
      "exact.csv",
      withLimits({
        maxObjectBytes: text.length,
        maxDecompressedBytes: text.length,
        maxRecords: 1000,
      }),
    );
    expect(result.counts).toMatchObject({ records: 1000, accepted: 1000 });
  });

  it("rejects the object whole when the caller's time runs out", async () => {
    const deadline = new AbortController();
    async function* slow(): AsyncGenerator<Uint8Array> {
      const text = Buffer.from(rows(20_000));
      yield text.subarray(0, MIB / 2);
      deadline.abort();
      yield text.subarray(MIB / 2);
    }
    const result = await normalizeToBuffers(slow(), {
      sourceKey: "raw/gw-1/slow.csv",
      gatewayId: "gw-1",
      options: OPTIONS,
      signal: deadline.signal,
    });
    expect(result.outputs.normalized).toBeUndefined();
    expect(result.counts).toMatchObject({ records: 1, rejectedByReason: { OBJECT_TOO_LARGE: 1 } });
  });

  it("fails (so the object is retried) when the body ends before ContentLength", async () => {
    const text = Buffer.from(rows(100));
    await expect(
      normalizeToBuffers(chunked(text), {
        sourceKey: "raw/gw-1/short.csv",
        gatewayId: "gw-1",
        options: OPTIONS,
        expectedBytes: text.length + 10,
      }),
    ).rejects.toThrow(/read \d+ of the \d+ bytes of raw\/gw-1\/short.csv: the body ended early/);
  });
});
