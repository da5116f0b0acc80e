/**
 * Tasmota `tele/<topic>/SENSOR` telemetry, shaped as the Tasmota docs print it
 * (tasmota.github.io/docs/DS18x20/, /BME280/; field names from tasmota/include/i18n.h, the
 * ENERGY record as xdrv_03_energy writes it). Dates are moved into the plausibility window
 * around the test's upload time (2026-11-26T12:00:00Z).
 */
import { normalizeMessage } from "../../../lambda/normalizer/message";
import { codes, normalize, OPTIONS } from "../../helpers/normalizer";

/** tasmota.github.io/docs/DS18x20/: one sensor on the bus. */
const DS18B20_DOC = '{"Time":"2026-11-26T11:00:00","DS18B20":{"Temperature":49.7},"TempUnit":"C"}';

/** tasmota.github.io/docs/BME280/, pretty-printed as there. */
const BME280_DOC = `{
  "Time": "2026-11-26T11:34:28",
  "BME280": {
    "Temperature": 21.7,
    "Humidity": 66.6,
    "Pressure": 988.6
  },
  "PressureUnit": "hPa",
  "TempUnit": "C"
}`;

const rowsOf = (result: Awaited<ReturnType<typeof normalize>>) =>
  result.rows.map((r) => [r.sensor_id, r.metric, r.value, r.unit, r.observed_at]);

describe("Tasmota SENSOR telemetry", () => {
  it("reads the DS18x20 doc example: sensor = device key, °C from TempUnit C (never coulomb)", async () => {
    const result = await normalize(DS18B20_DOC + "\n", "tele.json");
    expect(rowsOf(result)).toEqual([
      ["DS18B20", "temperature", 49.7, "Cel", "2026-11-26T11:00:00.000Z"],
    ]);
  });

  it("reads the BME280 doc example: humidity in %RH, pressure from PressureUnit hPa", async () => {
    const result = await normalize(BME280_DOC, "tele.json");
    expect(result.counts).toMatchObject({ format: "json", records: 3, accepted: 3 });
    expect(rowsOf(result)).toEqual([
      ["BME280", "temperature", 21.7, "Cel", "2026-11-26T11:34:28.000Z"],
      ["BME280", "humidity", 66.6, "%RH", "2026-11-26T11:34:28.000Z"],
      ["BME280", "pressure", 988.6 * 100, "Pa", "2026-11-26T11:34:28.000Z"],
    ]);
  });

  it("reads Time, which has no offset, in the configured default time zone like a CSV time", async () => {
    const result = await normalize(DS18B20_DOC + "\n", "tele.json", {
      defaultTimeZone: "Europe/Berlin",
    });
    expect(result.rows.map((r) => r.observed_at)).toEqual(["2026-11-26T10:00:00.000Z"]);
  });

  it("keeps the offset SetOption52 adds to Time, whatever the default time zone", async () => {
    const payload = DS18B20_DOC.replace('"2026-11-26T11:00:00"', '"2026-11-26T12:00:00+01:00"');
    const result = await normalize(payload + "\n", "tele.json", {
      defaultTimeZone: "America/New_York",
    });
    expect(result.rows.map((r) => r.observed_at)).toEqual(["2026-11-26T11:00:00.000Z"]);
  });

  it("names DS18B20s on one bus by their ROM Id, which survives re-enumeration", async () => {
    const payload = {
      Time: "2026-11-26T11:00:00",
      "DS18B20-1": { Id: "0316A279B2FF", Temperature: 21.5 },
      "DS18B20-2": { Id: "0416B1C2D3E4", Temperature: 19.25 },
      AM2301: { Temperature: 21.0, Humidity: 45.0, DewPoint: 8.6 },
      TempUnit: "C",
    };
    const result = await normalize(JSON.stringify(payload) + "\n", "tele.ndjson");
    expect(rowsOf(result).map(([sensor, metric, value]) => [sensor, metric, value])).toEqual([
      ["DS18B20-0316A279B2FF", "temperature", 21.5],
      ["DS18B20-0416B1C2D3E4", "temperature", 19.25],
      ["AM2301", "temperature", 21],
      ["AM2301", "humidity", 45],
      ["AM2301", "dew_point", 8.6],
    ]);
  });

  it("converts TempUnit F to Cel, dew point included", async () => {
    const payload =
      '{"Time":"2026-11-26T11:00:00","SI7021":{"Temperature":68.0,"Humidity":40.0,"DewPoint":41.0},"TempUnit":"F"}';
    const result = await normalize(payload + "\n", "tele.ndjson");
    expect(rowsOf(result).map(([, metric, value, unit]) => [metric, value, unit])).toEqual([
      ["temperature", 20, "Cel"],
      ["humidity", 40, "%RH"],
      ["dew_point", 5, "Cel"],
    ]);
  });

  it("reads ENERGY with its documented units; TotalStartTime describes, it is no record", async () => {
    const payload =
      '{"Time":"2026-11-26T11:52:56","ENERGY":{"TotalStartTime":"2022-03-20T15:20:48","Total":514.153,' +
      '"Yesterday":1.495,"Today":0.537,"Period":0,"Power":56,"ApparentPower":92,"ReactivePower":73,' +
      '"Factor":0.61,"Voltage":234,"Current":0.392}}';
    const result = await normalize(payload + "\n", "tele.ndjson");
    expect(result.counts).toMatchObject({ records: 10, accepted: 10, rejected: 0 });
    expect(
      rowsOf(result).map(([sensor, metric, value, unit]) => [sensor, metric, value, unit]),
    ).toEqual([
      ["ENERGY", "total", 514.153, "kWh"],
      ["ENERGY", "yesterday", 1.495, "kWh"],
      ["ENERGY", "today", 0.537, "kWh"],
      ["ENERGY", "period", 0, "Wh"],
      ["ENERGY", "power", 56, "W"],
      ["ENERGY", "apparent_power", 92, "VA"],
      ["ENERGY", "reactive_power", 73, "VAr"],
      ["ENERGY", "factor", 0.61, null],
      ["ENERGY", "voltage", 234, "V"],
      ["ENERGY", "current", 0.392, "A"],
    ]);
  });

  it("rejects, by name, fields whose unit no doc settles, arrays, nested objects and switch states", async () => {
    const payload =
      '{"Time":"2026-11-26T11:15:00","Switch1":"ON","ANALOG":{"A0":512,"Temperature":30.5},' +
      '"ENERGY":{"Power":[52,5],"BL09XX":{"Temperature":46.5}},"TempUnit":"C"}';
    const result = await normalize(payload + "\n", "tele.ndjson");
    expect(rowsOf(result).map(([sensor, metric, value]) => [sensor, metric, value])).toEqual([
      ["ANALOG", "temperature", 30.5],
    ]);
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["UNMAPPED_FIELD", expect.stringContaining("Tasmota Switch1: a top-level value")],
      ["UNMAPPED_FIELD", expect.stringContaining("Tasmota ANALOG.A0: no documented unit")],
      ["UNMAPPED_FIELD", expect.stringContaining("Tasmota ENERGY.Power: an array")],
      ["UNMAPPED_FIELD", expect.stringContaining("Tasmota ENERGY.BL09XX: an object")],
    ]);
    expect(result.counts).toMatchObject({ records: 5, accepted: 1, rejected: 4 });
    expect(result.rejected[0].raw).toBe(payload);
  });

  it("rejects a temperature or pressure whose unit key is missing or unknown, rather than assume one", async () => {
    const payload =
      '{"Time":"2026-11-26T11:00:00","BMP280":{"Temperature":21.7,"Pressure":760.1},"PressureUnit":"bar"}';
    const result = await normalize(payload + "\n", "tele.ndjson");
    expect(result.rows).toEqual([]);
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      [
        "MISSING_FIELD",
        expect.stringContaining("TempUnit (the unit of Tasmota BMP280.Temperature)"),
      ],
      ["UNMAPPED_FIELD", expect.stringContaining('PressureUnit "bar" is no documented unit')],
    ]);
  });

  it("keeps PressureUnit mmHg as the unit it names instead of converting it as hPa", async () => {
    const payload =
      '{"Time":"2026-11-26T11:00:00","BMP280":{"Pressure":760.1},"PressureUnit":"mmHg"}';
    const result = await normalize(payload + "\n", "tele.ndjson");
    expect(rowsOf(result).map(([, metric, value, unit]) => [metric, value, unit])).toEqual([
      ["pressure", 760.1, "mmHg"],
    ]);
  });

  it("reads the StatusSNS wrapper of the Status 10 command the same way", async () => {
    const result = await normalize(`{"StatusSNS":${DS18B20_DOC}}\n`, "status.ndjson");
    expect(rowsOf(result)).toEqual([
      ["DS18B20", "temperature", 49.7, "Cel", "2026-11-26T11:00:00.000Z"],
    ]);
  });

  it("leaves a generic record with a Time key and a sensor field to the generic reading", async () => {
    const record =
      '{"Time":"2026-11-26T11:00:00Z","sensor":"s1","temperature":21.5,"meta":{"fw":"1.2"}}';
    const result = await normalize(record + "\n", "wide.ndjson");
    expect(rowsOf(result).map(([sensor, metric, value]) => [sensor, metric, value])).toEqual([
      ["s1", "temperature", 21.5],
    ]);
    expect(codes(result)).toEqual(["NON_NUMERIC_VALUE"]);
  });

  it("reads an MQTT message of Tasmota telemetry through the record mode like an upload", async () => {
    const message = await normalizeMessage(Buffer.from(BME280_DOC), {
      sourceKey: "mqtt/sensors/dev/tasmota-kitchen/readings",
      gatewayId: "tasmota-kitchen",
      options: OPTIONS,
    });
    expect(message.readings.map((r) => [r.gateway_id, r.sensor_id, r.metric, r.unit])).toEqual([
      ["tasmota-kitchen", "BME280", "temperature", "Cel"],
      ["tasmota-kitchen", "BME280", "humidity", "%RH"],
      ["tasmota-kitchen", "BME280", "pressure", "Pa"],
    ]);
    expect(message.rejections).toEqual([]);
  });
});
