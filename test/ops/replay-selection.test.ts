import { parseReplayTime, selectObjects, validateSelection } from "../../ops/replay/selection";
import { MemoryStore } from "../helpers/memory-store";

function storeWithThreeUploads(): MemoryStore {
  const store = new MemoryStore();
  store.add("raw/gw-1/a.csv", "a", new Date("2026-11-20T00:00:00Z"));
  store.add("raw/gw-1/b.csv", "bb", new Date("2026-11-21T12:00:00Z"));
  store.add("raw/gw-1/c.csv", "ccc", new Date("2026-11-22T00:00:00Z"));
  store.add("raw/gw-2/d.csv", "d", new Date("2026-11-21T12:00:00Z"));
  return store;
}

const keys = (objects: Array<{ key: string }>) => objects.map((object) => object.key);

describe("replay selection", () => {
  test("only objects under the prefix are selected", async () => {
    const selected = await selectObjects(storeWithThreeUploads(), { prefix: "raw/gw-1/" });
    expect(keys(selected)).toEqual(["raw/gw-1/a.csv", "raw/gw-1/b.csv", "raw/gw-1/c.csv"]);
  });

  test("--since includes an object modified exactly at that time", async () => {
    const selected = await selectObjects(storeWithThreeUploads(), {
      prefix: "raw/gw-1/",
      since: new Date("2026-11-21T12:00:00Z"),
    });
    expect(keys(selected)).toEqual(["raw/gw-1/b.csv", "raw/gw-1/c.csv"]);
  });

  test("--until excludes an object modified exactly at that time", async () => {
    const selected = await selectObjects(storeWithThreeUploads(), {
      prefix: "raw/gw-1/",
      until: new Date("2026-11-22T00:00:00Z"),
    });
    expect(keys(selected)).toEqual(["raw/gw-1/a.csv", "raw/gw-1/b.csv"]);
  });

  test("a prefix outside raw/ is refused with an example", () => {
    expect(() => validateSelection({ prefix: "normalized/2026/" })).toThrow(
      /--prefix "normalized\/2026\/" must start with raw\//,
    );
  });

  test("an empty window is refused", () => {
    const at = new Date("2026-11-21T00:00:00Z");
    expect(() => validateSelection({ prefix: "raw/", since: at, until: at })).toThrow(
      /--since .* must be before --until/,
    );
  });
});

describe("parseReplayTime", () => {
  test("a date means midnight UTC", () => {
    expect(parseReplayTime("2026-11-20", "--since").toISOString()).toBe("2026-11-20T00:00:00.000Z");
  });

  test("a timestamp with an offset is converted to UTC", () => {
    expect(parseReplayTime("2026-11-20T09:30:00+01:00", "--since").toISOString()).toBe(
      "2026-11-20T08:30:00.000Z",
    );
  });

  test("a timestamp without a zone is refused, naming the option", () => {
    expect(() => parseReplayTime("2026-11-20T09:30:00", "--until")).toThrow(
      /--until "2026-11-20T09:30:00" must be a date .* or a timestamp with a zone/,
    );
  });

  test("an impossible date is refused", () => {
    expect(() => parseReplayTime("2026-13-45", "--since")).toThrow(/--since/);
  });
});
