import { replayGeneration, replayIdentity, validateGeneration } from "../../ops/replay/generation";

const UPLOADED = new Date("2026-11-20T08:00:00Z");

describe("replay generation", () => {
  test("is r plus the start time in compact UTC to the second", () => {
    expect(replayGeneration(new Date("2026-11-26T22:15:03.456Z"))).toBe("r20261126T221503Z");
  });

  test("a generation given by hand must be safe to put into a key's hash input", () => {
    expect(() => validateGeneration("r1 2")).toThrow(/--generation "r1 2" must be 1-64 letters/);
    expect(validateGeneration("r20261126T221503Z")).toBe("r20261126T221503Z");
  });
});

describe("replay identity", () => {
  test("differs from the object's own version, so the normalizer writes a new key", () => {
    const identity = replayIdentity({ versionId: "v1" }, "k", UPLOADED, "r1");
    expect(identity.versionId).not.toBe("v1");
    expect(identity.versionId.startsWith("v1")).toBe(true);
  });

  test("differs between generations and is equal within one", () => {
    const object = { versionId: "v1" };
    const first = replayIdentity(object, "k", UPLOADED, "r1");
    expect(replayIdentity(object, "k", UPLOADED, "r2").versionId).not.toBe(first.versionId);
    expect(replayIdentity(object, "k", UPLOADED, "r1")).toEqual(first);
  });

  test("keeps the upload time, so outputs stay under the original date path", () => {
    const identity = replayIdentity({ eTag: "abc" }, "k", UPLOADED, "r1");
    expect(identity.lastModified).toEqual(UPLOADED);
  });

  test("falls back to the ETag on an unversioned bucket", () => {
    const identity = replayIdentity({ eTag: "abc" }, "k", UPLOADED, "r1");
    expect(identity.versionId).toContain("abc");
  });

  test("fails naming the key when the store reports neither version nor ETag", () => {
    expect(() => replayIdentity({}, "raw/gw-1/a.csv", UPLOADED, "r1")).toThrow(
      /raw\/gw-1\/a.csv: the store returned neither/,
    );
  });
});
