import { codes, normalize, UPLOADED_AT } from "../../helpers/normalizer";

describe("CSV input", () => {
  it("reads a long-layout CSV with aliases into contract rows", async () => {
    const result = await normalize(
      "time,device,measurement,reading,uom\n2026-11-26T10:00:00Z,s-1,Temperature,21.5,°C\n",
    );
    expect(result.rows).toEqual([
      {
        sensor_id: "s-1",
        metric: "temperature",
        value: 21.5,
        unit: "Cel",
        observed_at: "2026-11-26T10:00:00.000Z",
        gateway_id: "gw-1",
        source_key: "raw/gw-1/upload.csv",
        source_line: 2,
      },
    ]);
  });

  it("reads a European file: semicolons, decimal commas, BOM, CRLF and day-first dates", async () => {
    const file =
      "\ufeffZeitstempel;Sensor;Temperatur (°C);Luftdruck (hPa)\r\n26.11.2026 11:00:00;k-1;21,5;1013,2\r\n";
    const result = await normalize(file, "messwerte.csv", { defaultTimeZone: "Europe/Berlin" });
    expect(result.rows.map((row) => [row.metric, row.value, row.unit, row.observed_at])).toEqual([
      ["temperatur", 21.5, "Cel", "2026-11-26T10:00:00.000Z"],
      ["luftdruck", 101320, "Pa", "2026-11-26T10:00:00.000Z"],
    ]);
  });

  it("reads tab-separated files", async () => {
    const result = await normalize("ts\tsensor\tmetric\tvalue\n1795687200\ts\tco2\t415\n");
    expect(result.rows.map((row) => [row.metric, row.value, row.observed_at])).toEqual([
      ["co2", 415, "2026-11-26T10:00:00.000Z"],
    ]);
  });

  it("turns each non-empty cell of a wide row into one reading and skips empty cells", async () => {
    const result = await normalize(
      "timestamp,sensor,temperature,humidity,pressure\n2026-11-26T10:00:00Z,s,21,,1000\n",
    );
    expect(result.rows.map((row) => row.metric)).toEqual(["temperature", "pressure"]);
    expect(result.counts).toMatchObject({ records: 2, accepted: 2, rejected: 0 });
  });

  it("reads quoted fields with separators, doubled quotes and line breaks inside", async () => {
    const file =
      'timestamp,sensor,metric,value\n2026-11-26T10:00:00Z,"s,""1""",temp,1\n2026-11-26T10:00:00Z,"multi\nline",temp,2\n2026-11-26T10:00:00Z,s3,temp,3\n';
    const result = await normalize(file);
    expect(result.rows.map((row) => [row.sensor_id, row.source_line])).toEqual([
      ['s,"1"', 2],
      ["multi\nline", 3],
      ["s3", 5],
    ]);
  });

  it("keeps physical line numbers across blank lines", async () => {
    const result = await normalize("timestamp,sensor,metric,value\n\n2026-11-26T10:00:00Z,s,t,1\n");
    expect(result.rows[0].source_line).toBe(3);
  });

  it("rejects a row with more fields than the header", async () => {
    const result = await normalize(
      "timestamp,sensor,metric,value\n2026-11-26T10:00:00Z,s,t,1,extra\n",
    );
    expect(codes(result)).toEqual(["WRONG_FIELD_COUNT"]);
  });

  it("rejects an unclosed quote at the end of the file with its text", async () => {
    const result = await normalize('timestamp,sensor,metric,value\n2026-11-26T10:00:00Z,"s,t,1\n');
    expect(codes(result)).toEqual(["UNCLOSED_QUOTE"]);
    expect(result.rejected[0].raw).toContain('"s,t,1');
  });

  it("rejects every line of text with no timestamp column, header included", async () => {
    const result = await normalize("a,b\n1,2\n3,4\n");
    expect(codes(result)).toEqual([
      "UNRECOGNIZED_FORMAT",
      "UNRECOGNIZED_FORMAT",
      "UNRECOGNIZED_FORMAT",
    ]);
    expect(result.rejected.map((record) => record.source_line)).toEqual([1, 2, 3]);
  });

  it("takes the metric from the unit's quantity when a long file has no metric column", async () => {
    const result = await normalize("timestamp,sensor,value,unit\n2026-11-26T10:00:00Z,s,40,%RH\n");
    expect(result.rows[0].metric).toBe("relative_humidity");
  });

  it("reads naive timestamps in the default zone", async () => {
    const result = await normalize(
      "timestamp,sensor,metric,value\n2026-11-26 11:00:00,s,t,1\n",
      "x.csv",
      {
        defaultTimeZone: "Europe/Paris",
      },
    );
    expect(result.rows[0].observed_at).toBe("2026-11-26T10:00:00.000Z");
  });

  it("accepts a timestamp exactly at the edges of the plausibility window", async () => {
    const latest = new Date(UPLOADED_AT.getTime() + 10 * 60_000).toISOString();
    const earliest = new Date(UPLOADED_AT.getTime() - 365 * 86_400_000).toISOString();
    const result = await normalize(
      `timestamp,sensor,metric,value\n${latest},s,t,1\n${earliest},s,t,2\n`,
    );
    expect(result.counts.accepted).toBe(2);
  });
});
