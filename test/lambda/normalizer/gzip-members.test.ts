/**
 * gzip input is read member by member (RFC 1952 §2.3): the rows of valid members survive plain
 * bytes appended after them, and every member's header and trailer are checked.
 */
import fc from "fast-check";
import { crc32, deflateRawSync, gzipSync } from "node:zlib";
import { MAX_REJECTED_RAW_CHARS, type RejectedRecord } from "../../../contract/reading";
import { normalizeToBuffers } from "../../../lambda/normalizer";
import { codes, normalize, OPTIONS } from "../../helpers/normalizer";

const HEADER = "timestamp,sensor,metric,value\n";
const FIRST = `${HEADER}2026-11-26T10:00:00Z,s1,temperature,21.5\n`;
const SECOND = "2026-11-26T10:01:00Z,s2,humidity,40\n";
const PLAIN = "2026-11-26T10:02:00Z,s3,temperature,19\r\nnot,a,row\n\n";

/** The rows of FIRST + SECOND, written out by hand. */
const BOTH_ROWS = [
  { sensor_id: "s1", metric: "temperature", value: 21.5, observed_at: "2026-11-26T10:00:00.000Z" },
  { sensor_id: "s2", metric: "humidity", value: 40, observed_at: "2026-11-26T10:01:00.000Z" },
];

const gz = (text: string) => gzipSync(text);
/**
 * A rejection without the count of records read before a whole-object failure, which may
 * differ with the chunks (a member inflated as a stream hands on its text before its trailer is
 * checked; see whole-object.test.ts); everything else, the message included, may not.
 */
const withoutReadCount = (record: RejectedRecord) => ({
  ...record,
  reason: {
    ...record.reason,
    message: record.reason.message.replace(
      /; the \d+ record\(s\) read before it/,
      "; the records read before it",
    ),
  },
});
/** A copy of the member with one bit of its trailer's CRC-32 flipped. */
const wrongCrc = (member: Buffer) => {
  const copy = Buffer.from(member);
  copy[copy.length - 8] ^= 0x01;
  return copy;
};
const cat = (...parts: (Buffer | string)[]) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));

/**
 * A member with the optional header fields RFC 1952 §2.3 allows, the deflate data and trailer
 * taken from zlib's own member.
 */
function memberWithFields(
  text: string,
  fields: { extra?: Buffer; name?: string; comment?: string; headerCrc?: boolean },
): Buffer {
  const plain = gzipSync(text);
  const flags =
    (fields.headerCrc ? 0x02 : 0) |
    (fields.extra ? 0x04 : 0) |
    (fields.name !== undefined ? 0x08 : 0) |
    (fields.comment !== undefined ? 0x10 : 0);
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flags, 0x80, 0x2c, 0x68, 0x69, 0, 3])];
  if (fields.extra) {
    const xlen = Buffer.alloc(2);
    xlen.writeUInt16LE(fields.extra.length);
    parts.push(xlen, fields.extra);
  }
  if (fields.name !== undefined) parts.push(Buffer.from(`${fields.name}\0`, "latin1"));
  if (fields.comment !== undefined) parts.push(Buffer.from(`${fields.comment}\0`, "latin1"));
  if (fields.headerCrc) {
    const crc16 = Buffer.alloc(2);
    crc16.writeUInt16LE(crc32(Buffer.concat(parts)) & 0xffff);
    parts.push(crc16);
  }
  return Buffer.concat([...parts, plain.subarray(10)]);
}

describe("gzip members", () => {
  it("keeps the rows of two members and rejects each line of the plain text after them", async () => {
    // GIVEN `cat a.csv.gz b.csv.gz c.csv`
    const object = cat(gz(FIRST), gz(SECOND), PLAIN);
    // WHEN it is normalized
    const result = await normalize(object, "joined.csv.gz");
    // THEN both members' rows are accepted and each plain line is one rejection with its text
    expect(result.rows).toMatchObject(BOTH_ROWS);
    const plainStart = gz(FIRST).length + gz(SECOND).length;
    expect(result.rejected).toEqual([
      {
        source_key: "raw/gw-1/joined.csv.gz",
        source_line: 1,
        reason: {
          code: "TRAILING_BYTES_AFTER_GZIP",
          message: `the bytes after the gzip data are not gzip: line 1 of the text from byte ${plainStart} on; upload that text as its own object`,
        },
        raw: "2026-11-26T10:02:00Z,s3,temperature,19",
      },
      {
        source_key: "raw/gw-1/joined.csv.gz",
        source_line: 2,
        reason: {
          code: "TRAILING_BYTES_AFTER_GZIP",
          message: `the bytes after the gzip data are not gzip: line 2 of the text from byte ${plainStart} on; upload that text as its own object`,
        },
        raw: "not,a,row",
      },
    ]);
    expect(result.counts).toMatchObject({ records: 4, accepted: 2, rejected: 2, gzip: true });
  });

  it("rejects a plain last line without a line feed, and keeps its text whole", async () => {
    const result = await normalize(cat(gz(FIRST), "tail without newline"), "a.csv.gz");
    expect(result.rows).toHaveLength(1);
    expect(result.rejected.map((r) => [r.source_line, r.raw])).toEqual([
      [1, "tail without newline"],
    ]);
  });

  it("cuts a long plain line's raw text as every rejection does, and reads on", async () => {
    const long = "x".repeat(100_000);
    const result = await normalize(cat(gz(FIRST), `${long}\nshort\n`), "a.csv.gz", {}, [999]);
    expect(result.rejected.map((r) => [r.source_line, r.raw.length, r.raw.slice(-2)])).toEqual([
      [1, MAX_REJECTED_RAW_CHARS, "x…"],
      [2, 5, "rt"],
    ]);
  });

  it("ignores NUL padding after the last member", async () => {
    const result = await normalize(cat(gz(FIRST), Buffer.alloc(1000)), "a.csv.gz");
    expect(result.rows).toMatchObject(BOTH_ROWS.slice(0, 1));
    expect(result.counts).toMatchObject({ records: 1, accepted: 1, rejected: 0 });
  });

  it("reads a member after NUL padding rather than dropping it", async () => {
    const result = await normalize(cat(gz(FIRST), Buffer.alloc(7), gz(SECOND)), "a.csv.gz");
    expect(result.rows).toMatchObject(BOTH_ROWS);
    expect(result.counts.rejected).toBe(0);
  });

  it("reads a thousand one-row members", async () => {
    const members = Array.from({ length: 1000 }, (_, i) =>
      gz(`${i === 0 ? HEADER : ""}2026-11-26T10:00:00Z,s1,temperature,${i}\n`),
    );
    const result = await normalize(cat(...members), "many.csv.gz", {}, [4096]);
    expect(result.rows.map((row) => row.value)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("reads members as gzip 1.12 and Python 3.11's gzip module write them (FNAME, MTIME)", async () => {
    // `gzip -k -9 readings.csv` of FIRST (it stores the name and time),
    // then Python's `gzip.GzipFile(filename="humidity.csv", mtime=…)` of SECOND.
    const fromGzip = Buffer.from(
      "H4sICCADCGsCA3JlYWRpbmdzLmNzdgAVwjEKgDAMBdC9Z0mlCdjBczi5FflDwWhJUs8vPl50hUfTQY7bHyNFWD/pbddEkiI1M2epO5et/A9ypoAOWItpIOFlTR9NovwxRwAAAA==",
      "base64",
    );
    const fromPython = Buffer.from(
      "H4sICFwDCGsC/2h1bWlkaXR5LmNzdgAzMjAy0zU01DUyCzE0sDIwtDIwiNIpNtLJKM3NTMksqdQxMeACALlQsUIkAAAA",
      "base64",
    );
    expect(fromGzip[3]).toBe(0x08); // FLG.FNAME
    expect(fromPython[3]).toBe(0x08);
    const result = await normalize(cat(fromGzip, fromPython), "a.csv.gz");
    expect(result.rows).toMatchObject(BOTH_ROWS);
    expect(result.counts.rejected).toBe(0);
  });

  it("reads a member that inflates to megabytes from one small chunk, then plain text", async () => {
    // 40 000 equal rows, 1.5 MB of text, about 5 kB of gzip: all of it arrives in one chunk.
    const rows = "2026-11-26T10:00:00Z,s1,temperature,21.5\n".repeat(40_000);
    const result = await normalize(cat(gz(HEADER + rows), "tail\n"), "a.csv.gz");
    expect(result.counts).toMatchObject({ records: 40_001, accepted: 40_000, rejected: 1 });
    expect(result.rows[39_999]).toMatchObject(BOTH_ROWS[0]);
    expect(result.rejected.map((r) => r.raw)).toEqual(["tail"]);
  });

  it.each([
    ["FNAME", { name: "readings.csv" }],
    ["a 100 kB FNAME", { name: "n".repeat(100_000) }],
    ["FEXTRA", { extra: Buffer.from("AB\x04\x00data", "latin1") }],
    ["FCOMMENT", { comment: "from gateway 7" }],
    ["FHCRC", { headerCrc: true }],
    [
      "every optional field",
      { extra: Buffer.alloc(300, 7), name: "x.csv", comment: "c", headerCrc: true },
    ],
  ])("reads a member whose header has %s", async (_name, fields) => {
    const object = cat(memberWithFields(FIRST, fields), memberWithFields(SECOND, fields));
    for (const sizes of [undefined, [1], [5, 3]]) {
      const result = await normalize(object, "a.csv.gz", {}, sizes);
      expect(result.rows).toMatchObject(BOTH_ROWS);
      expect(result.counts.rejected).toBe(0);
    }
  });

  describe("rejects the object whole, keeping no row of it", () => {
    const expectWhole = async (
      object: Buffer,
      code: string,
      message: RegExp,
      sizes?: readonly number[],
    ) => {
      const result = await normalize(object, "a.csv.gz", {}, sizes);
      expect(result.normalizedBytes).toBeUndefined();
      expect(result.counts).toMatchObject({ records: 1, accepted: 0, rejected: 1 });
      expect(codes(result)).toEqual([code]);
      expect(result.rejected[0].reason.message).toMatch(message);
    };
    const second = gz(SECOND);
    const secondAt = gz(FIRST).length;

    it("when the trailer's CRC-32 does not match the text", async () => {
      await expectWhole(
        cat(gz(FIRST), wrongCrc(second)),
        "CORRUPT_GZIP",
        new RegExp(`the gzip member at byte ${secondAt} fails its CRC-32 check`),
      );
    });

    it("when the trailer's ISIZE is not the text's length", async () => {
      const wrongSize = Buffer.from(second);
      wrongSize[wrongSize.length - 4] += 1;
      await expectWhole(
        cat(gz(FIRST), wrongSize),
        "CORRUPT_GZIP",
        /member at byte \d+ is not the length its trailer says/,
      );
    });

    it("when the second member's deflate data is damaged", async () => {
      // A deflate block of the reserved type 3: invalid, whatever follows.
      const damaged = cat(second.subarray(0, 10), Buffer.from([0x07]), second.subarray(11));
      await expectWhole(
        cat(gz(FIRST), damaged),
        "CORRUPT_GZIP",
        /member at byte \d+: invalid block type/,
      );
    });

    it("when a header names another compression method", async () => {
      const method7 = Buffer.from(second);
      method7[2] = 7;
      await expectWhole(cat(gz(FIRST), method7), "CORRUPT_GZIP", /compression method 7, not 8/);
    });

    it("when a header sets a reserved flag", async () => {
      const reserved = Buffer.from(second);
      reserved[3] = 0x20;
      await expectWhole(cat(gz(FIRST), reserved), "CORRUPT_GZIP", /reserved header flags/);
    });

    it("when the header CRC does not match", async () => {
      const member = memberWithFields(SECOND, { name: "b.csv", headerCrc: true });
      member[10] ^= 0x01; // a letter of the name, covered by the header CRC
      await expectWhole(cat(gz(FIRST), member), "CORRUPT_GZIP", /fails its header CRC/);
    });

    it("when a header is longer than a mebibyte (an unterminated file name, say)", async () => {
      // Followed by a valid member, so zlib's own gzip wrapper, which has no such bound, would
      // read it if it were given these bytes in one piece.
      const member = memberWithFields(SECOND, { name: "n".repeat(1024 * 1024) });
      const object = cat(gz(FIRST), member, gz(SECOND));
      for (const sizes of [undefined, [64 * 1024]])
        await expectWhole(object, "CORRUPT_GZIP", /header longer than 1048576 bytes/, sizes);
    });

    it.each([
      ["header", 5, /member at byte \d+ ends inside its header/],
      ["file name", 12, /member at byte \d+ ends inside its header/],
      ["deflate data", 19, /member at byte \d+ ends inside its data/],
      ["trailer", -3, /member at byte \d+ ends inside its trailer/],
    ])("when the object ends inside the second member's %s", async (_part, cut, message) => {
      const member = memberWithFields(SECOND, { name: "b.csv" });
      await expectWhole(
        cat(gz(FIRST), member.subarray(0, cut < 0 ? member.length + cut : cut)),
        "TRUNCATED_GZIP",
        message,
      );
    });

    it("when the object ends one byte into a second member", async () => {
      await expectWhole(cat(gz(FIRST), Buffer.from([0x1f])), "TRUNCATED_GZIP", /header/);
    });
  });

  it("counts plain lines after the gzip data against MAX_RECORDS_PER_OBJECT", async () => {
    const limits = { maxObjectBytes: 1e9, maxDecompressedBytes: 1e9, maxRecords: 3 };
    const result = await normalize(cat(gz(FIRST), "a\nb\nc\nd\n"), "a.csv.gz", { limits });
    expect(codes(result)).toEqual(["OBJECT_TOO_LARGE"]);
    expect(result.normalizedBytes).toBeUndefined();
  });

  it("fails, rather than rejecting content, when the source fails inside the second member", async () => {
    const object = cat(gz(FIRST), gz(SECOND));
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield object.subarray(0, gz(FIRST).length + 12);
      throw new Error("connection reset");
    }
    await expect(
      normalizeToBuffers(failing(), {
        sourceKey: "raw/gw-1/a.csv.gz",
        gatewayId: "gw-1",
        options: OPTIONS,
      }),
    ).rejects.toThrow("connection reset");
  });

  it("gives the same outputs however the bytes are split into chunks", async () => {
    const objects = [
      cat(gz(FIRST), gz(SECOND), PLAIN),
      cat(memberWithFields(FIRST, { extra: Buffer.alloc(40), name: "n", headerCrc: true }), "x\n"),
      cat(gz(FIRST), Buffer.alloc(30), gz(SECOND), Buffer.alloc(3)),
      cat(gz(FIRST), deflateRawSync("not a member")),
      // A damaged member between valid ones: the reason must not depend on which path saw it.
      cat(gz(FIRST), wrongCrc(gz(SECOND)), gz(SECOND), gz(SECOND)),
      cat(gz(FIRST), gz(SECOND), gz(SECOND), "plain\n", gz(SECOND)),
      cat(gz(FIRST), gz(SECOND), Buffer.alloc(1), "junk\n", gz(SECOND)),
    ];
    const whole = await Promise.all(objects.map((object) => normalize(object, "a.csv.gz")));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: objects.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 12 }),
        async (which, sizes) => {
          const split = await normalize(objects[which], "a.csv.gz", {}, sizes);
          expect(split.normalizedBytes).toEqual(whole[which].normalizedBytes);
          expect(split.rejected.map(withoutReadCount)).toEqual(
            whole[which].rejected.map(withoutReadCount),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
