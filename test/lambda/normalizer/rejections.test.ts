import { gzipSync } from "node:zlib";
import { MAX_REJECTED_RAW_CHARS } from "../../../contract/reading";
import { REJECTION_CODES } from "../../../lambda/normalizer";
import { normalizeToBuffers } from "../../../lambda/normalizer";
import { chunked, codes, normalize, OPTIONS } from "../../helpers/normalizer";

const HEADER = "timestamp,sensor,metric,value\n";
const row = (value: string, time = "2026-11-26T10:00:00Z") => `${time},s,temp,${value}\n`;

describe("rejections", () => {
  const covered = new Set<string>();
  const expectCode = async (
    content: string | Uint8Array,
    name: string,
    code: string,
    options = {},
  ) => {
    const result = await normalize(content, name, options);
    expect(codes(result)).toContain(code);
    expect(result.counts.records).toBe(result.counts.accepted + result.counts.rejected);
    covered.add(code);
    return result;
  };

  it("rejects a non-numeric value", async () => {
    await expectCode(HEADER + row("warm"), "a.csv", "NON_NUMERIC_VALUE");
  });

  it.each(["NaN", "Infinity", "-inf", "1e999"])(
    "rejects the non-finite value %s",
    async (value) => {
      await expectCode(HEADER + row(value), "a.csv", "NON_FINITE_VALUE");
    },
  );

  it("rejects a missing sensor, naming the field", async () => {
    const result = await expectCode(
      `timestamp,metric,value\n${"2026-11-26T10:00:00Z,t,1\n"}`,
      "a.csv",
      "MISSING_FIELD",
    );
    expect(result.rejected[0].reason.message).toMatch(/sensor_id/);
  });

  it("rejects a line that is not line protocol in a line protocol object", async () => {
    await expectCode(
      "cpu,host=gw usage=1 1795687200000000000\ncpu,host=gw usage=high 1795687200000000000\n",
      "metrics.lp",
      "BROKEN_LINE_PROTOCOL",
    );
  });

  it("rejects an unparseable timestamp", async () => {
    await expectCode(HEADER + row("1", "soon"), "a.csv", "UNPARSEABLE_TIMESTAMP");
  });

  it("rejects a timestamp further in the future than the window allows", async () => {
    await expectCode(HEADER + row("1", "2026-11-26T12:11:00Z"), "a.csv", "IMPLAUSIBLE_TIMESTAMP");
  });

  it("rejects a timestamp older than the window allows", async () => {
    await expectCode(HEADER + row("1", "1999-01-01T00:00:00Z"), "a.csv", "IMPLAUSIBLE_TIMESTAMP");
  });

  it("rejects a line longer than MAX_LINE_BYTES and truncates its raw text", async () => {
    const long = HEADER + row("1".repeat(9000)) + row("2");
    const result = await expectCode(long, "a.csv", "LINE_TOO_LONG", { maxLineBytes: 4096 });
    expect(result.rows.map((r) => r.value)).toEqual([2]);
    expect(result.rejected[0].raw.length).toBe(MAX_REJECTED_RAW_CHARS);
    expect(result.rejected[0].raw.endsWith("…")).toBe(true);
  });

  it("rejects invalid UTF-8 on exactly its line", async () => {
    const bytes = Buffer.concat([
      Buffer.from(HEADER + row("1")),
      Buffer.from("2026-11-26T10:00:00Z,s\xff,t,1\n", "latin1"),
      Buffer.from(row("3")),
    ]);
    const result = await expectCode(bytes, "a.csv", "INVALID_UTF8");
    expect(result.rejected[0].source_line).toBe(3);
    expect(result.rows.map((r) => r.value)).toEqual([1, 3]);
  });

  it("keeps a legitimate U+FFFD character", async () => {
    const result = await normalize(HEADER + "2026-11-26T10:00:00Z,s\uFFFD,t,1\n");
    expect(result.rows[0].sensor_id).toBe("s\uFFFD");
  });

  it("rejects broken JSON", async () => {
    await expectCode('{"a":1}\n{"a":\n', "a.ndjson", "BROKEN_JSON");
  });

  it("rejects a JSON value that is not a record", async () => {
    await expectCode("[42]", "a.json", "NOT_A_RECORD");
  });

  it("rejects a SenML string value", async () => {
    await expectCode('[{"bn":"d:","n":"label","vs":"x"}]', "a.json", "UNSUPPORTED_VALUE_KIND");
  });

  it("rejects a device status field whose unit no documentation settles", async () => {
    await expectCode(
      '{"Time":"2026-11-26T10:00:00","ANALOG":{"A0":512}}\n',
      "tele.ndjson",
      "UNMAPPED_FIELD",
    );
  });

  it("rejects a CSV row with extra fields", async () => {
    await expectCode(HEADER + "2026-11-26T10:00:00Z,s,t,1,2\n", "a.csv", "WRONG_FIELD_COUNT");
  });

  it("rejects an unclosed quote", async () => {
    await expectCode(HEADER + '2026-11-26T10:00:00Z,"s,t,1\n', "a.csv", "UNCLOSED_QUOTE");
  });

  it("rejects text in no supported format", async () => {
    await expectCode("hello world\n", "a.txt", "UNRECOGNIZED_FORMAT");
  });

  it.each(["", "   \n\n", "\ufeff", HEADER, "[]", '{"readings":[]}'])(
    "rejects the record-less object %j as one EMPTY_FILE entry",
    async (content) => {
      const result = await expectCode(content, "a.csv", "EMPTY_FILE");
      expect(result.rejected).toEqual([
        {
          source_key: "raw/gw-1/a.csv",
          source_line: null,
          reason: { code: "EMPTY_FILE", message: REJECTION_CODES.EMPTY_FILE },
          raw: "",
        },
      ]);
      expect(result.normalizedBytes).toBeUndefined();
    },
  );

  it("rejects a truncated gzip upload whole: no row of it is kept", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(String(i))).join("");
    const gz = gzipSync(HEADER + rows);
    const result = await expectCode(
      gz.subarray(0, Math.floor(gz.length * 0.6)),
      "a.csv.gz",
      "TRUNCATED_GZIP",
    );
    expect(result.rows).toEqual([]);
    expect(result.normalizedBytes).toBeUndefined();
    expect(result.counts).toMatchObject({ records: 1, accepted: 0, rejected: 1 });
    expect(result.rejected[0].source_line).toBeNull();
    expect(result.rejected[0].reason.message).toMatch(/record\(s\) read before it are discarded/);
  });

  it("rejects a corrupt gzip stream", async () => {
    const gz = gzipSync(HEADER + row("1"));
    gz[12] ^= 0xff;
    gz[13] ^= 0xff;
    const result = await normalize(gz, "a.csv.gz");
    expect(codes(result).some((code) => code === "CORRUPT_GZIP" || code === "TRUNCATED_GZIP")).toBe(
      true,
    );
    covered.add("CORRUPT_GZIP");
  });

  it("rejects plain text after the gzip data line by line (more in gzip-members.test.ts)", async () => {
    const object = Buffer.concat([gzipSync(HEADER + row("1")), Buffer.from("appended\n")]);
    const result = await expectCode(object, "a.csv.gz", "TRAILING_BYTES_AFTER_GZIP");
    expect(result.rows.map((r) => r.value)).toEqual([1]);
    expect(result.rejected.map((r) => r.raw)).toEqual(["appended"]);
  });

  it("rejects an ambiguous layout rather than guessing (more in misreads.test.ts)", async () => {
    const result = await expectCode(
      "timestamp,sensor,type,measurement,value\n2026-11-26T10:00:00Z,s,a,b,1\n",
      "a.csv",
      "AMBIGUOUS_LAYOUT",
    );
    expect(result.rows).toEqual([]);
  });

  it("rejects an object over a work limit whole (more in limits.test.ts)", async () => {
    const limits = { maxObjectBytes: 1e9, maxDecompressedBytes: 1e9, maxRecords: 2 };
    const result = await expectCode(
      HEADER + row("1") + row("2") + row("3"),
      "a.csv",
      "OBJECT_TOO_LARGE",
      {
        limits,
      },
    );
    expect(result.counts).toMatchObject({ records: 1, accepted: 0 });
  });

  it("rejects a whole object whose key names no gateway, without reading it", async () => {
    const result = await normalizeToBuffers(chunked(Buffer.from(HEADER + row("1"))), {
      sourceKey: "raw/loose.csv",
      gatewayId: null,
      options: OPTIONS,
    });
    expect(result.counts).toMatchObject({
      records: 1,
      rejected: 1,
      rejectedByReason: { NO_GATEWAY_IN_KEY: 1 },
    });
    covered.add("NO_GATEWAY_IN_KEY");
  });

  it("reads gzip by its magic bytes, whatever the key says", async () => {
    const result = await normalize(gzipSync(HEADER + row("1")), "plain.csv");
    expect(result.counts).toMatchObject({ gzip: true, accepted: 1 });
  });

  afterAll(() => {
    // Every documented code has a test above.
    expect(Object.keys(REJECTION_CODES).filter((code) => !covered.has(code))).toEqual([]);
  });
});
