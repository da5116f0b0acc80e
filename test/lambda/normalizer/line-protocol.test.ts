/**
 * InfluxDB line protocol, examples shaped like the reference's
 * (docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/): escapes, field types,
 * comments, a missing timestamp; every bad line one rejection with its reason.
 */
import { codes, normalize } from "../../helpers/normalizer";

/** 2026-11-26T10:00:00Z in nanoseconds, Telegraf's default precision. */
const NS = "1795687200000000000";
const rowsOf = (result: Awaited<ReturnType<typeof normalize>>) =>
  result.rows.map((row) => [row.sensor_id, row.metric, row.value, row.observed_at]);

describe("InfluxDB line protocol", () => {
  it("gives the same rows as the same metrics in Telegraf JSON", async () => {
    const lines =
      `climate,host=gw,sensor_id=room-1 temperature=21.3,humidity=41i ${NS}\n` +
      `air,device=room-2,host=gw co2=612u 1795687260000000000\n`;
    const json = {
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
    const fromLines = await normalize(lines, "telegraf.influx");
    expect(fromLines.counts).toMatchObject({ format: "line-protocol", records: 3, accepted: 3 });
    expect(rowsOf(fromLines)).toEqual([
      ["room-1,host=gw", "climate_temperature", 21.3, "2026-11-26T10:00:00.000Z"],
      ["room-1,host=gw", "climate_humidity", 41, "2026-11-26T10:00:00.000Z"],
      ["room-2,host=gw", "air_co2", 612, "2026-11-26T10:01:00.000Z"],
    ]);
    expect(rowsOf(fromLines)).toEqual(rowsOf(await normalize(JSON.stringify(json), "t.json")));
  });

  it("keeps each tag set its own sensor and maps a `value` field to the measurement", async () => {
    const result = await normalize(
      `cpu,cpu=cpu0,host=gw usage_idle=97.5 ${NS}\n` +
        `cpu,cpu=cpu-total,host=gw usage_idle=98 ${NS}\n` +
        `temperature,host=gw,topic=site/a/t value=21.5 ${NS}\n`,
      "metrics.txt",
    );
    expect(rowsOf(result).map(([sensor, metric]) => [sensor, metric])).toEqual([
      ["gw,cpu=cpu0", "cpu_usage_idle"],
      ["gw,cpu=cpu-total", "cpu_usage_idle"],
      ["gw,topic=site/a/t", "temperature"],
    ]);
  });

  it("reads escaped commas, spaces and equals signs, and skips comments and blank lines", async () => {
    const result = await normalize(
      "# written by telegraf\n\n" +
        `my\\ room\\,east,host=gw\\ 1,tag\\=key=a\\,b field\\ key=1.5e1,count=-3i ${NS}\n`,
      "escaped.lp",
    );
    expect(result.counts).toMatchObject({ records: 2, accepted: 2, rejected: 0 });
    expect(rowsOf(result).map(([sensor, metric, value]) => [sensor, metric, value])).toEqual([
      ["gw 1,tag\\=key=a\\,b", "my_room_east_field_key", 15],
      ["gw 1,tag\\=key=a\\,b", "my_room_east_count", -3],
    ]);
  });

  it("rejects string and boolean fields one by one, with the reason, and keeps the numbers", async () => {
    const result = await normalize(
      `status,host=gw message="say \\"hi\\", then go",ok=true,level=3i ${NS}\n`,
      "s.lp",
    );
    expect(result.counts).toMatchObject({ records: 3, accepted: 1, rejected: 2 });
    expect(rowsOf(result)).toEqual([["gw", "status_level", 3, "2026-11-26T10:00:00.000Z"]]);
    expect(result.rejected.map((r) => [r.source_line, r.reason.code, r.reason.message])).toEqual([
      [
        1,
        "NON_NUMERIC_VALUE",
        'the value is not a number: the string field value "say \\"hi\\", then go"',
      ],
      [1, "NON_NUMERIC_VALUE", "the value is not a number: the boolean field value true"],
    ]);
  });

  it("rejects each bad line with its reason and reads the rest", async () => {
    const bad = [
      `climate,host=gw temperature=21.3 ${NS}`, // good
      "climate,host=gw", // no field set
      `climate,host=gw temperature=warm ${NS}`, // unquoted text
      `climate,host=gw note="open ${NS}`, // string never closed
      `climate,host=gw temperature=1 17956x`, // timestamp not an integer
      `climate,host temperature=1 ${NS}`, // tag without a value
      "climate,host=gw temperature=1", // no timestamp
      `climate,site=a temperature=1 ${NS}`, // no identity tag
      `climate,host=gw temperature=1 1`, // 1 ns after 1970: implausible
    ];
    const result = await normalize(`${bad.join("\n")}\n`, "bad.lp");
    expect(result.counts.records).toBe(result.counts.accepted + result.counts.rejected);
    expect(result.counts).toMatchObject({ format: "line-protocol", records: 9, accepted: 1 });
    expect(result.rejected.map((r) => [r.source_line, r.reason.code])).toEqual([
      [2, "BROKEN_LINE_PROTOCOL"],
      [3, "BROKEN_LINE_PROTOCOL"],
      [4, "BROKEN_LINE_PROTOCOL"],
      [5, "BROKEN_LINE_PROTOCOL"],
      [6, "BROKEN_LINE_PROTOCOL"],
      [7, "MISSING_FIELD"],
      [8, "MISSING_FIELD"],
      [9, "IMPLAUSIBLE_TIMESTAMP"],
    ]);
    expect(result.rejected[1].reason.message).toContain(
      'the field temperature has the value "warm"',
    );
    expect(result.rejected[1].raw).toBe(bad[2]);
    expect(result.rejected[5].reason.message).toContain("no timestamp");
  });

  it("still reads a CSV whose header has no field set as CSV", async () => {
    const result = await normalize(
      "timestamp,sensor,metric,value\n2026-11-26T10:00:00Z,s,t,1\n",
      "a.csv",
    );
    expect(result.counts).toMatchObject({ format: "csv", accepted: 1 });
    expect(codes(result)).toEqual([]);
  });
});
