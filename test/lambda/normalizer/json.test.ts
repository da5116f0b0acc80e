import { codes, normalize } from "../../helpers/normalizer";

const reading = (extra: Record<string, unknown> = {}) => ({
  sensor_id: "s-1",
  metric: "temperature",
  value: 21.5,
  unit: "degC",
  timestamp: "2026-11-26T10:00:00Z",
  ...extra,
});

describe("JSON and NDJSON input", () => {
  it("reads an array of readings, numbering records from 1", async () => {
    const result = await normalize(
      JSON.stringify([reading(), reading({ value: 22 })]),
      "batch.json",
    );
    expect(result.rows.map((row) => [row.value, row.unit, row.source_line])).toEqual([
      [21.5, "Cel", 1],
      [22, "Cel", 2],
    ]);
    expect(result.counts.format).toBe("json");
  });

  it.each(["readings", "data", "metrics"])(
    "reads the batch under %j of a pretty-printed object",
    async (key) => {
      const document = JSON.stringify(
        { gateway: "ignored", [key]: [reading(), reading()] },
        null,
        2,
      );
      const result = await normalize(document, "batch.json");
      expect(result.counts).toMatchObject({ records: 2, accepted: 2 });
    },
  );

  it("reads NDJSON line by line and recovers after a broken line", async () => {
    const file = `${JSON.stringify(reading())}\n{"sensor_id": "s-2", broken\n${JSON.stringify(reading({ value: 3 }))}\n`;
    const result = await normalize(file, "lines.ndjson");
    expect(result.rows.map((row) => [row.value, row.source_line])).toEqual([
      [21.5, 1],
      [3, 3],
    ]);
    expect(result.rejected.map((record) => [record.reason.code, record.source_line])).toEqual([
      ["BROKEN_JSON", 2],
    ]);
  });

  it("detects NDJSON from content even when the key says .json", async () => {
    const result = await normalize(
      `${JSON.stringify(reading())}\n${JSON.stringify(reading())}\n`,
      "misnamed.json",
    );
    expect(result.counts).toMatchObject({ format: "ndjson", accepted: 2 });
  });

  it("reads a first line longer than maxLineBytes the same way however the bytes arrive", async () => {
    const line = '{"sensor_id":"s1","metric":"t","value":1,"ts":"2026-11-26T10:00:00Z"}\n';
    const whole = await normalize(line, "upload.json", { maxLineBytes: 64 });
    const byteByByte = await normalize(line, "upload.json", { maxLineBytes: 64 }, [1]);
    // Too long to be an NDJSON line: the document parser reads it (and rejects it as too long).
    expect(whole.counts.format).toBe("json");
    expect(byteByByte.counts).toEqual(whole.counts);
    expect(byteByByte.rejected).toEqual(whole.rejected);
  });

  it("reads a Telegraf JSON batch, one reading per field, sensor from all the tags", async () => {
    const telegraf = {
      metrics: [
        {
          fields: { temperature: 21.3, humidity: 41 },
          name: "climate",
          tags: { host: "gw", sensor_id: "room-1" },
          timestamp: 1795687200,
        },
        {
          fields: { co2: 612 },
          name: "air",
          tags: { host: "gw", device: "room-2" },
          timestamp: 1795687260,
        },
      ],
    };
    const result = await normalize(JSON.stringify(telegraf), "telegraf.json");
    expect(
      result.rows.map((row) => [row.sensor_id, row.metric, row.value, row.observed_at]),
    ).toEqual([
      ["room-1,host=gw", "climate_temperature", 21.3, "2026-11-26T10:00:00.000Z"],
      ["room-1,host=gw", "climate_humidity", 41, "2026-11-26T10:00:00.000Z"],
      ["room-2,host=gw", "air_co2", 612, "2026-11-26T10:01:00.000Z"],
    ]);
  });

  it("reads wide JSON records, one reading per metric key", async () => {
    const result = await normalize(
      JSON.stringify([{ device: "d", ts: 1795687200000, temperature: 20, battery: 3.1 }]),
      "wide.json",
    );
    expect(result.rows.map((row) => [row.metric, row.value])).toEqual([
      ["temperature", 20],
      ["battery", 3.1],
    ]);
  });

  it("accepts numeric strings as values", async () => {
    const result = await normalize(JSON.stringify([reading({ value: "21.5" })]), "a.json");
    expect(result.rows[0].value).toBe(21.5);
  });

  it("rejects array elements that are not objects", async () => {
    const result = await normalize('[1, "two", null, [3]]', "a.json");
    expect(codes(result)).toEqual(["NOT_A_RECORD", "NOT_A_RECORD", "NOT_A_RECORD", "NOT_A_RECORD"]);
  });

  it("rejects a document cut off inside a record, keeping the records before it", async () => {
    const result = await normalize(
      `[${JSON.stringify(reading())}, {"sensor_id": "s-2", "val`,
      "cut.json",
    );
    expect(result.counts).toMatchObject({ accepted: 1, rejected: 1 });
    expect(result.rejected[0]).toMatchObject({ source_line: 2, reason: { code: "BROKEN_JSON" } });
  });

  it("rejects text after the end of a document as broken JSON", async () => {
    const result = await normalize(`[${JSON.stringify(reading())}] trailing`, "a.json");
    expect(result.counts.accepted).toBe(1);
    expect(codes(result)).toEqual(["BROKEN_JSON"]);
    expect(result.rejected[0].raw).toBe("trailing");
  });

  it("rejects a mismatched closing bracket", async () => {
    const result = await normalize(`[${JSON.stringify(reading())}}`, "a.json");
    expect(codes(result)).toEqual(["BROKEN_JSON"]);
  });

  it("keeps brackets inside strings out of the structure", async () => {
    const result = await normalize(
      JSON.stringify([reading({ sensor_id: 'a]},[{"b\\' })]),
      "a.json",
    );
    expect(result.rows[0].sensor_id).toBe('a]},[{"b\\');
  });
});
