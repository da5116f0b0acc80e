/**
 * Inputs that were once accepted with the wrong meaning (the worst outcome for a data platform).
 * Each case asserts the rows a reader of the data expects, or a rejection with its reason.
 */
import { codes, normalize, type Normalized } from "../../helpers/normalizer";

const T0 = 1795687200; // 2026-11-26T10:00:00Z

const ndjson = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const sensorMetricValue = (result: Normalized) =>
  result.rows.map((row) => [row.sensor_id, row.metric, row.value, row.unit]);

function expectBalanced(result: Normalized): void {
  expect(result.counts.records).toBe(result.counts.accepted + result.counts.rejected);
}

describe("Telegraf: the tags are part of the sensor, the measurement part of the metric", () => {
  it("keeps inputs.cpu's per-core series apart", async () => {
    const cpu = (core: string, idle: number) => ({
      fields: { usage_idle: idle, usage_user: 100 - idle },
      name: "cpu",
      tags: { cpu: core, host: "gw1" },
      timestamp: T0,
    });
    const result = await normalize(
      ndjson(cpu("cpu0", 98.5), cpu("cpu1", 97), cpu("cpu-total", 97.75)),
      "telegraf.ndjson",
    );
    expect(sensorMetricValue(result)).toEqual([
      ["gw1,cpu=cpu0", "cpu_usage_idle", 98.5, null],
      ["gw1,cpu=cpu0", "cpu_usage_user", 1.5, null],
      ["gw1,cpu=cpu1", "cpu_usage_idle", 97, null],
      ["gw1,cpu=cpu1", "cpu_usage_user", 3, null],
      ["gw1,cpu=cpu-total", "cpu_usage_idle", 97.75, null],
      ["gw1,cpu=cpu-total", "cpu_usage_user", 2.25, null],
    ]);
    expectBalanced(result);
  });

  it("keeps each mqtt_consumer topic its own sensor (data_format = value)", async () => {
    const value = (topic: string, v: number, name = "temperature") => ({
      fields: { value: v },
      name,
      tags: { host: "gw1", topic },
      timestamp: T0,
    });
    const result = await normalize(
      ndjson(
        value("site/room1/temperature", 21.5),
        value("site/room2/temperature", 19),
        value("site/room2/door", 1, "mqtt_consumer"),
      ),
      "mqtt.ndjson",
    );
    expect(sensorMetricValue(result)).toEqual([
      ["gw1,topic=site/room1/temperature", "temperature", 21.5, null],
      ["gw1,topic=site/room2/temperature", "temperature", 19, null],
      ["gw1,topic=site/room2/door", "mqtt_consumer", 1, null],
    ]);
  });

  it("escapes separators inside tags, so two tag sets never give one sensor", async () => {
    const result = await normalize(
      ndjson(
        { fields: { v: 1 }, name: "m", tags: { host: "h", a: "x,b=y" }, timestamp: T0 },
        { fields: { v: 2 }, name: "m", tags: { host: "h", a: "x", b: "y" }, timestamp: T0 },
      ),
      "escape.ndjson",
    );
    expect(result.rows.map((row) => row.sensor_id)).toEqual(["h,a=x\\,b\\=y", "h,a=x,b=y"]);
  });

  it("rejects a metric without an identity tag, naming the tags it looked for", async () => {
    const result = await normalize(
      ndjson({ fields: { a: 1, b: 2 }, name: "m", tags: { region: "eu" }, timestamp: T0 }),
      "untagged.ndjson",
    );
    expect(codes(result)).toEqual(["MISSING_FIELD", "MISSING_FIELD"]);
    expect(result.rejected[0].reason.message).toContain(
      "sensor_id, sensor, device, device_id, host",
    );
    expectBalanced(result);
  });
});

describe("SenML names per RFC 8428: base name + name, no guessing at separators", () => {
  const eui = "urn:dev:mac:a840411234567890";

  it("keeps an EUI-64 name whole when there is no base name", async () => {
    const result = await normalize(
      JSON.stringify([{ n: eui, u: "Cel", v: 21.5, t: T0 }]),
      "eui.json",
    );
    expect(sensorMetricValue(result)).toEqual([[eui, "temperature", 21.5, "Cel"]]);
  });

  it("splits base name and name, as RFC 8428's examples write them", async () => {
    const result = await normalize(
      JSON.stringify([
        { bn: `${eui}:`, bt: T0 },
        { n: "temperature", u: "Cel", v: 21.5 },
        { n: "humidity", u: "%RH", v: 40 },
      ]),
      "eui-bn.json",
    );
    expect(sensorMetricValue(result)).toEqual([
      [eui, "temperature", 21.5, "Cel"],
      [eui, "humidity", 40, "%RH"],
    ]);
  });

  it("rejects a name with no base name and no unit to take the metric from", async () => {
    const result = await normalize(JSON.stringify([{ n: eui, v: 1, t: T0 }]), "bare.json");
    expect(codes(result)).toEqual(["AMBIGUOUS_LAYOUT"]);
    expect(result.rejected[0].reason.message).toContain('"bn"');
  });

  it("reads u F as farad and u C as coulomb, never as temperatures", async () => {
    const result = await normalize(
      JSON.stringify([
        { bn: "urn:dev:ow:10e2073a01080063:", bt: T0 },
        { n: "capacity", u: "F", v: 0.000047 },
        { n: "charge", u: "C", v: 5 },
        { u: "F", v: 0.00001 },
      ]),
      "farad.json",
    );
    expect(sensorMetricValue(result)).toEqual([
      ["urn:dev:ow:10e2073a01080063", "capacity", 0.000047, "F"],
      ["urn:dev:ow:10e2073a01080063", "charge", 5, "C"],
      ["urn:dev:ow:10e2073a01080063", "capacitance", 0.00001, "F"],
    ]);
  });
});

describe("separate date and time columns are one timestamp", () => {
  it("combines Date and Time in a CSV", async () => {
    const result = await normalize(
      "Date;Time;Sensor;Temperature (°C)\n" +
        "2026-11-26;10:15:00;s1;21,5\n" +
        "26.11.2026;10:16:30;s1;21,6\n" +
        "2026-11-26;;s1;21,7\n",
      "datetime.csv",
    );
    expect(result.rows.map((row) => [row.observed_at, row.value])).toEqual([
      ["2026-11-26T10:15:00.000Z", 21.5],
      ["2026-11-26T10:16:30.000Z", 21.6],
    ]);
    expect(codes(result)).toEqual(["MISSING_FIELD"]);
    expectBalanced(result);
  });

  it("combines date and time in a JSON record", async () => {
    const result = await normalize(
      ndjson({ date: "2026-11-26", time: "10:15:00", sensor: "s1", temperature: 21.5 }),
      "datetime.ndjson",
    );
    expect(result.rows.map((row) => row.observed_at)).toEqual(["2026-11-26T10:15:00.000Z"]);
  });

  it("rejects two timestamp columns that are not a date and a time, header and rows", async () => {
    const result = await normalize(
      "ts,time,sensor_id,metric,value\n" +
        "2026-11-26T10:00:00Z,2026-11-26T11:00:00Z,s1,temperature,21.5\n",
      "twotimes.csv",
    );
    expect(result.rows).toEqual([]);
    expect(codes(result)).toEqual(["AMBIGUOUS_LAYOUT", "AMBIGUOUS_LAYOUT"]);
    expect(result.rejected[0].reason.message).toContain('"ts", "time"');
    expectBalanced(result);
  });
});

describe("a record-level unit applies only where it is unambiguous", () => {
  it("rejects one unit beside several metrics in a wide JSON record", async () => {
    const result = await normalize(
      ndjson({ sensor: "s1", ts: T0, temperature: 70, humidity: 45, unit: "°F" }),
      "wide.ndjson",
    );
    expect(result.rows).toEqual([]);
    expect(codes(result)).toEqual(["AMBIGUOUS_LAYOUT", "AMBIGUOUS_LAYOUT"]);
    expectBalanced(result);
  });

  it("applies it to a wide record's single metric", async () => {
    const result = await normalize(
      ndjson({ sensor: "s1", ts: T0, temperature: 212, unit: "°F" }),
      "wide1.ndjson",
    );
    expect(sensorMetricValue(result)).toEqual([["s1", "temperature", 100, "Cel"]]);
  });

  it("rejects a unit column in a wide CSV with several metric columns", async () => {
    const result = await normalize(
      "timestamp,sensor,temperature,humidity,unit\n2026-11-26T10:00:00Z,s1,70,45,°F\n",
      "wide.csv",
    );
    expect(codes(result)).toEqual(["AMBIGUOUS_LAYOUT", "AMBIGUOUS_LAYOUT"]);
    expectBalanced(result);
  });

  it("applies a unit column to a wide CSV's single metric column", async () => {
    const result = await normalize(
      "timestamp,sensor,temperature,unit\n2026-11-26T10:00:00Z,s1,212,°F\n",
      "wide1.csv",
    );
    expect(sensorMetricValue(result)).toEqual([["s1", "temperature", 100, "Cel"]]);
  });
});

describe("a field's role is never guessed from its position", () => {
  it("takes the metric column, not a type column before it (CSV)", async () => {
    const result = await normalize(
      "timestamp,sensor_id,type,metric,value,unit\n" +
        "2026-11-26T10:00:00Z,s1,environment,temperature,21.5,Cel\n",
      "type.csv",
    );
    expect(sensorMetricValue(result)).toEqual([["s1", "temperature", 21.5, "Cel"]]);
  });

  it("takes the metric key, not a type key before it (JSON)", async () => {
    const result = await normalize(
      ndjson({ type: "env", metric: "temperature", sensor_id: "s1", value: 21.5, ts: T0 }),
      "type.ndjson",
    );
    expect(sensorMetricValue(result)).toEqual([["s1", "temperature", 21.5, null]]);
  });

  it("rejects two metric columns when neither is named metric", async () => {
    const result = await normalize(
      "timestamp,sensor_id,type,measurement,value\n" +
        "2026-11-26T10:00:00Z,s1,environment,temperature,21.5\n",
      "types.csv",
    );
    expect(codes(result)).toEqual(["AMBIGUOUS_LAYOUT", "AMBIGUOUS_LAYOUT"]);
    expect(result.rejected[1].source_line).toBe(2);
  });
});

describe("CR-only line endings", () => {
  const file =
    "timestamp,sensor_id,metric,value\r" +
    "2026-11-26T10:00:00Z,s1,temperature,21.5\r" +
    "2026-11-26T10:00:01Z,s1,temperature,oops\r" +
    "2026-11-26T10:00:02Z,s1,temperature,21.7\r";

  it.each([
    ["whole, lanes on", undefined, true],
    ["byte by byte, lanes on", [1], true],
    ["in 7-byte chunks, lanes off", [7], false],
  ] as const)("reads each line as a line (%s)", async (_name, chunks, fastLanes) => {
    const result = await normalize(file, "mac.csv", { fastLanes }, chunks);
    expect(result.rows.map((row) => [row.source_line, row.value])).toEqual([
      [2, 21.5],
      [4, 21.7],
    ]);
    expect(result.rejected.map((r) => [r.source_line, r.reason.code, r.raw])).toEqual([
      [3, "NON_NUMERIC_VALUE", "2026-11-26T10:00:01Z,s1,temperature,oops"],
    ]);
  });

  it("leaves CRLF files as they were", async () => {
    const result = await normalize(file.replace(/\r/g, "\r\n"), "crlf.csv", {}, [1]);
    expect(result.rows.map((row) => row.source_line)).toEqual([2, 4]);
  });
});
