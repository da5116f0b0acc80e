import fc from "fast-check";
import { gzipSync } from "node:zlib";
import { READING_COLUMNS } from "../../../contract/reading";
import { normalize, UPLOADED_AT, type Normalized } from "../../helpers/normalizer";

const NAMES = ["upload.csv", "upload.json", "upload.ndjson", "upload.txt", "upload.csv.gz"];
const COLUMN_NAMES = READING_COLUMNS.map((column) => column.name);
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The invariants every result must satisfy, whatever the input. */
function expectInvariants(result: Normalized): void {
  const { counts, rows, rejected } = result;
  expect(counts.accepted + counts.rejected).toBe(counts.records);
  expect(rows).toHaveLength(counts.accepted);
  expect(rejected).toHaveLength(counts.rejected);
  // Every object leaves a trace: at least one row or one rejection.
  expect(counts.records).toBeGreaterThan(0);
  for (const row of rows) {
    expect(Object.keys(row)).toEqual(COLUMN_NAMES);
    expect(Number.isFinite(row.value)).toBe(true);
    expect(row.observed_at).toMatch(ISO_MS);
  }
  const byReason = Object.values(counts.rejectedByReason).reduce((sum, n) => sum + (n ?? 0), 0);
  expect(byReason).toBe(counts.rejected);
}

/** Fragments of the formats the normalizer reads, to reach deeper than random bytes do. */
const fragment = fc.constantFrom(
  "timestamp,sensor,metric,value,unit",
  "ts;device;temperature (°C);humidity",
  "2026-11-26T10:00:00Z,s1,temp,21.5,°C",
  "26.11.2026 10:00;s2;21,5;40",
  '"quoted, field",x',
  '"open quote',
  '{"sensor_id":"a","metric":"m","value":1,"ts":1795687200}',
  '{"readings":[',
  '{"bn":"d:","n":"t","u":"Cel","v":1}',
  "[",
  "]",
  "},",
  '{"fields":{"a":1},"tags":{"host":"h"},"timestamp":1795687200}',
  '{"Time":"2026-11-26T10:00:00","AM2301":{"Temperature":21,"A0":[1]},"TempUnit":"C"}',
  '{"src":"shelly-1","method":"NotifyStatus","params":{"ts":1795687200,"temperature:0":{"tC":null}}}',
  '[[{"entity_id":"sensor.t","state":"on","last_changed":"2026-11-26T10:00:00Z"},{"state":"1","last_changed":"x"}]]',
  "NaN",
  "\uFEFF",
  "\r",
  "",
);
const textLike = fc
  .array(fc.oneof(fragment, fc.string({ maxLength: 20 })), { maxLength: 30 })
  .map((parts) => parts.join("\n"));

describe("normalizer properties", () => {
  it("accepted + rejected = records read, for any bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(...NAMES),
        async (bytes, name) => {
          expectInvariants(await normalize(bytes, name));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accepted + rejected = records read, for any mix of format fragments", async () => {
    await fc.assert(
      fc.asyncProperty(textLike, fc.constantFrom(...NAMES), async (text, name) => {
        expectInvariants(await normalize(text, name, { maxLineBytes: 1024 }));
      }),
      { numRuns: 300 },
    );
  });

  it("accepted + rejected = records read, for random gzip and gzip cut anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(textLike, fc.string()),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (text, cut) => {
          const gz = gzipSync(text);
          expectInvariants(
            await normalize(gz.subarray(0, Math.floor(gz.length * cut)), "upload.csv.gz"),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("writes byte-identical outputs however the input is chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          textLike.map((text) => Buffer.from(text)),
          fc.uint8Array({ maxLength: 1024 }),
        ),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...NAMES),
        async (bytes, sizes, name) => {
          const whole = await normalize(bytes, name);
          const pieces = await normalize(bytes, name, {}, sizes);
          expect(pieces.normalizedBytes).toEqual(whole.normalizedBytes);
          expect(pieces.rejectedBytes).toEqual(whole.rejectedBytes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    [
      "a BOM in the middle of a CSV file",
      "timestamp,sensor,metric,value,unit\n\uFEFF\n",
      "upload.csv",
    ],
    [
      "a mismatched bracket followed by more text",
      '{"readings":[\n}\ntimestamp,sensor',
      "upload.csv",
    ],
  ])(
    "writes the same bytes for %s in one chunk or byte by byte (regression)",
    async (_name, text, name) => {
      const whole = await normalize(text, name);
      const bytewise = await normalize(text, name, {}, [1]);
      expect(bytewise.rejectedBytes).toEqual(whole.rejectedBytes);
      expect(bytewise.normalizedBytes).toEqual(whole.normalizedBytes);
    },
  );

  it("accepts every generated valid reading in any CSV dialect, with its exact value and time", async () => {
    const reading = fc.record({
      sensor: fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
      metric: fc.constantFrom("temperature", "humidity", "co2"),
      // -0 has no text form of its own (String(-0) is "0"), so it cannot round-trip.
      value: fc
        .double({ min: -1e6, max: 1e6, noNaN: true })
        .map((value) => (value === 0 ? 0 : value)),
      offsetMs: fc.integer({ min: -364 * 86_400_000, max: 9 * 60_000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(reading, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(",", ";", "\t"),
        fc.constantFrom("\n", "\r\n"),
        async (readings, separator, newline) => {
          const cell = (value: number) =>
            separator === ";" ? String(value).replace(".", ",") : String(value);
          const lines = readings.map((r) =>
            [
              new Date(UPLOADED_AT.getTime() + r.offsetMs).toISOString(),
              r.sensor,
              r.metric,
              cell(r.value),
            ].join(separator),
          );
          const text =
            [["timestamp", "sensor_id", "metric", "value"].join(separator), ...lines].join(
              newline,
            ) + newline;
          const result = await normalize(text, "gen.csv");
          expect(result.counts).toMatchObject({
            records: readings.length,
            accepted: readings.length,
            rejected: 0,
          });
          expect(
            result.rows.map((row) => [row.sensor_id, row.value, Date.parse(row.observed_at)]),
          ).toEqual(readings.map((r) => [r.sensor, r.value, UPLOADED_AT.getTime() + r.offsetMs]));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("reads one record per non-blank NDJSON line, whatever the lines contain", async () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }).filter((text) => !text.includes("\n") && !text.includes("\r")),
      fc.constant('{"sensor_id":"s","metric":"m","value":1,"ts":1795687200}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), async (lines) => {
        const text = lines.join("\n");
        const result = await normalize(text, "x.ndjson");
        const expected = lines.filter((l) => l.trim() !== "").length;
        // Lines holding arrays or objects with several metrics may yield more; plain lines exactly one.
        if (
          lines.every((l) => l.trim() === "" || !/^\s*[[{]/.test(l) || l.startsWith('{"sensor_id"'))
        )
          expect(result.counts.records).toBe(Math.max(expected, 1));
        expectInvariants(result);
      }),
      { numRuns: 200 },
    );
  });
});
