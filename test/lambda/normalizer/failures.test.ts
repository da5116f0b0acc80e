import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { normalizeObject } from "../../../lambda/normalizer";
import { OPTIONS } from "../../helpers/normalizer";

const ROWS = `timestamp,sensor,metric,value\n${"2026-11-26T10:00:00Z,s,t,1\n".repeat(20_000)}`;

/** A source that yields some bytes and then fails, like an S3 stream reset mid-object. */
async function* failingAfter(bytes: Buffer, error: Error): AsyncGenerator<Uint8Array> {
  yield bytes.subarray(0, Math.floor(bytes.length / 2));
  throw error;
}

const sink = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

describe("real failures", () => {
  it.each([
    ["plain", Buffer.from(ROWS)],
    ["gzip", gzipSync(ROWS)],
  ])(
    "rethrows a %s source's read error as is, instead of rejecting content",
    async (_kind, bytes) => {
      const readError = new Error("socket hang up");
      await expect(
        normalizeObject(failingAfter(bytes, readError), {
          sourceKey: "raw/gw/a.csv",
          gatewayId: "gw",
          options: OPTIONS,
          openOutput: sink,
        }),
      ).rejects.toBe(readError);
    },
  );

  it("fails, without hanging, when an output cannot be written", async () => {
    const failing = () =>
      new Writable({
        write(_chunk, _encoding, callback) {
          callback(new Error("upload failed"));
        },
      });
    async function* source() {
      for (let i = 0; i < 50; i++)
        yield Buffer.from(i === 0 ? ROWS : ROWS.slice(ROWS.indexOf("\n") + 1));
    }
    await expect(
      normalizeObject(source(), {
        sourceKey: "raw/gw/a.csv",
        gatewayId: "gw",
        options: OPTIONS,
        openOutput: failing,
      }),
    ).rejects.toThrow("upload failed");
  });
});
