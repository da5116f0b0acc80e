import {
  gatewayIdFromKey,
  outputKeysFor,
  UPLOAD_TIME_IN_KEY,
  uploadTimeOfOutputKey,
} from "../../../lambda/normalizer";

const identity = { versionId: "v1", lastModified: new Date("2026-11-26T23:59:59Z") };

describe("output keys", () => {
  it("puts outputs under the upload date and gateway, named by upload time and the raw file", () => {
    const keys = outputKeysFor("raw/gw-7/2026/batch 01.csv.gz", identity);
    expect(keys.gatewayId).toBe("gw-7");
    expect(keys.normalizedKey).toMatch(
      /^normalized\/2026\/11\/26\/gw-7\/20261126T235959Z-batch_01-[0-9a-f]{16}\.ndjson\.gz$/,
    );
    expect(keys.rejectedKey).toBe(keys.normalizedKey.replace(/^normalized\//, "rejected/"));
  });

  it("gives the same keys for the same object version, whenever it is computed", () => {
    expect(outputKeysFor("raw/gw/a.csv", { ...identity })).toEqual(
      outputKeysFor("raw/gw/a.csv", { ...identity }),
    );
  });

  it("gives different keys for another version of the same key", () => {
    const first = outputKeysFor("raw/gw/a.csv", identity);
    const second = outputKeysFor("raw/gw/a.csv", { ...identity, versionId: "v2" });
    expect(second.normalizedKey).not.toBe(first.normalizedKey);
  });

  it("uses the ETag, with or without quotes, when the bucket is not versioned", () => {
    const quoted = outputKeysFor("raw/gw/a.csv", {
      eTag: '"abc"',
      lastModified: identity.lastModified,
    });
    const bare = outputKeysFor("raw/gw/a.csv", {
      eTag: "abc",
      lastModified: identity.lastModified,
    });
    const other = outputKeysFor("raw/gw/a.csv", {
      eTag: "abd",
      lastModified: identity.lastModified,
    });
    expect(quoted).toEqual(bare);
    expect(other.normalizedKey).not.toBe(bare.normalizedKey);
  });

  it("refuses an identity with neither version id nor ETag", () => {
    expect(() => outputKeysFor("raw/gw/a.csv", { lastModified: identity.lastModified })).toThrow(
      /versionId or an eTag/,
    );
  });

  it("never points an output under raw/", () => {
    const keys = outputKeysFor("raw/raw/raw/x.json", identity);
    expect(keys.normalizedKey.startsWith("raw/")).toBe(false);
    expect(keys.rejectedKey.startsWith("raw/")).toBe(false);
  });

  it("files objects without a gateway segment under _no_gateway", () => {
    const keys = outputKeysFor("raw/loose.csv", identity);
    expect(keys.gatewayId).toBeNull();
    expect(keys.rejectedKey).toMatch(
      /^rejected\/2026\/11\/26\/_no_gateway\/20261126T235959Z-loose-/,
    );
  });

  it.each([
    ["raw/gw-1/a.csv", "gw-1"],
    ["raw/gw-1/nested/a.csv", "gw-1"],
    ["raw/a.csv", null],
    ["normalized/2026/gw/a.csv", null],
  ])("reads the gateway of %s as %s", (key, gateway) => {
    expect(gatewayIdFromKey(key)).toBe(gateway);
  });

  it("gives back the upload time in whole seconds from an output key, as the pipe's COPY reads it", () => {
    const keys = outputKeysFor("raw/gw/a.csv", {
      versionId: "v1",
      lastModified: new Date("2026-03-04T05:06:07.890Z"),
    });
    expect(uploadTimeOfOutputKey(keys.normalizedKey)).toEqual(new Date("2026-03-04T05:06:07Z"));
    // The pattern the COPY statement uses (POSIX ERE) finds the same digits.
    expect(
      new RegExp(UPLOAD_TIME_IN_KEY).exec(keys.normalizedKey.slice("normalized/".length))?.[1],
    ).toBe("20260304T050607");
  });

  it("orders two versions of one object by upload time, whatever their version ids", () => {
    const older = outputKeysFor("raw/gw/a.csv", {
      versionId: "zzz",
      lastModified: new Date("2026-03-04T05:06:07Z"),
    });
    const newer = outputKeysFor("raw/gw/a.csv", {
      versionId: "aaa",
      lastModified: new Date("2026-03-04T05:06:08Z"),
    });
    expect(uploadTimeOfOutputKey(newer.normalizedKey)!.getTime()).toBeGreaterThan(
      uploadTimeOfOutputKey(older.normalizedKey)!.getTime(),
    );
  });

  it.each([
    "normalized/2026/03/04/gw/a-0123456789abcdef.ndjson.gz",
    "normalized/2026/03/04/gw/20261399T250000Z-a-0123456789abcdef.ndjson.gz",
    "normalized/2026/03/04/20260304T050607Z-gw/a.ndjson.gz",
  ])("finds no upload time in %s", (key) => {
    expect(uploadTimeOfOutputKey(key)).toBeNull();
  });
});
