/**
 * Shelly Gen2+ status frames, shaped as the Shelly API docs show them
 * (shelly-api-docs.shelly.cloud/gen2/General/Notifications: NotifyStatus examples;
 * /gen2/ComponentsAndServices/Temperature, /Humidity, /DevicePower: status properties).
 * Timestamps are moved into the plausibility window around the test's upload time
 * (2026-11-26T12:00:00Z = 1795694400 s).
 */
import { normalizeMessage } from "../../../lambda/normalizer/message";
import { codes, normalize, OPTIONS } from "../../helpers/normalizer";

/** Plus H&T NotifyStatus: 2026-11-26T11:00:00.12Z. */
const NOTIFY_HT = {
  src: "shellyplusht-08b61fcb7f3c",
  dst: "user_1",
  method: "NotifyStatus",
  params: {
    ts: 1795690800.12,
    "temperature:0": { id: 0, tC: 21.5, tF: 70.7 },
    "humidity:0": { id: 0, rh: 45.2 },
    "devicepower:0": { id: 0, battery: { V: 5.9, percent: 80 }, external: { present: false } },
  },
};

const line = (value: unknown) => JSON.stringify(value) + "\n";
const rowsOf = (result: Awaited<ReturnType<typeof normalize>>) =>
  result.rows.map((r) => [r.sensor_id, r.metric, r.value, r.unit, r.observed_at]);

describe("Shelly status frames", () => {
  it("reads NotifyStatus: sensor = src:component, tC as °C (tF is the same reading), ts as UTC", async () => {
    const result = await normalize(line(NOTIFY_HT), "rpc.ndjson");
    expect(rowsOf(result)).toEqual([
      [
        "shellyplusht-08b61fcb7f3c:temperature:0",
        "temperature",
        21.5,
        "Cel",
        "2026-11-26T11:00:00.120Z",
      ],
      ["shellyplusht-08b61fcb7f3c:humidity:0", "humidity", 45.2, "%RH", "2026-11-26T11:00:00.120Z"],
      [
        "shellyplusht-08b61fcb7f3c:devicepower:0",
        "battery_voltage",
        5.9,
        "V",
        "2026-11-26T11:00:00.120Z",
      ],
      [
        "shellyplusht-08b61fcb7f3c:devicepower:0",
        "battery_level",
        80,
        "%",
        "2026-11-26T11:00:00.120Z",
      ],
    ]);
    // external.present is a flag: one record, rejected with its path.
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["NON_NUMERIC_VALUE", expect.stringContaining("devicepower:0.external.present is a flag")],
    ]);
    expect(result.counts).toMatchObject({ records: 5, accepted: 4, rejected: 1 });
  });

  it("rejects a component it does not map, naming it (docs' Example 1: switch:0)", async () => {
    const example = {
      src: "shellypro4pm-f008d1d8b8b8",
      dst: "user_1",
      method: "NotifyStatus",
      params: { ts: 1795690800.04, "switch:0": { id: 0, output: true, source: "button" } },
    };
    const result = await normalize(line(example), "rpc.ndjson");
    expect(result.rows).toEqual([]);
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["UNMAPPED_FIELD", expect.stringContaining("Shelly component switch:0 is not mapped")],
    ]);
  });

  it("reads NotifyFullStatus: the sensors are rows, the system components (sys, wifi) no records", async () => {
    const full = {
      src: "shellyhtg3-84fce63ad204",
      method: "NotifyFullStatus",
      params: {
        ts: 1795690800,
        sys: { mac: "84FCE63AD204", unixtime: 1795690800 },
        wifi: { sta_ip: "192.168.1.20", rssi: -58 },
        "temperature:0": { id: 0, tC: 19.9, tF: 67.8 },
      },
    };
    const result = await normalize(line(full), "rpc.ndjson");
    expect(rowsOf(result).map(([sensor, metric, value]) => [sensor, metric, value])).toEqual([
      ["shellyhtg3-84fce63ad204:temperature:0", "temperature", 19.9],
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.counts).toMatchObject({ records: 1, accepted: 1, rejected: 0 });
  });

  it("reads a Plus H&T's whole NotifyFullStatus as published over MQTT without a rejection", async () => {
    // The shape of a real Plus H&T frame (a public sample, gist NelsonMinar/494a0f53…: empty ble
    // and ht_ui, sys with a null unixtime, external power present), ts moved into the window.
    const frame = {
      src: "shellyplusht-b8d61a8b17cc",
      dst: "shellyplusht-b8d61a8b17cc/events",
      method: "NotifyFullStatus",
      params: {
        ts: 1795690800.62,
        ble: {},
        cloud: { connected: false },
        "devicepower:0": { id: 0, battery: { V: 0.43, percent: 0 }, external: { present: true } },
        ht_ui: {},
        "humidity:0": { id: 0, rh: 42.2 },
        mqtt: { connected: true },
        sys: {
          mac: "B8D61A8B17CC",
          restart_required: false,
          time: null,
          unixtime: null,
          uptime: 3,
        },
        "temperature:0": { id: 0, tC: 19.8, tF: 67.6 },
        wifi: { sta_ip: "192.168.3.183", status: "got ip", ssid: "winos", rssi: -60 },
      },
    };
    const result = await normalize(line(frame), "rpc.ndjson");
    expect(rowsOf(result).map(([sensor, metric, value]) => [sensor, metric, value])).toEqual([
      ["shellyplusht-b8d61a8b17cc:devicepower:0", "battery_voltage", 0.43],
      ["shellyplusht-b8d61a8b17cc:devicepower:0", "battery_level", 0],
      ["shellyplusht-b8d61a8b17cc:humidity:0", "humidity", 42.2],
      ["shellyplusht-b8d61a8b17cc:temperature:0", "temperature", 19.8],
    ]);
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["NON_NUMERIC_VALUE", expect.stringContaining("external.present")],
    ]);
  });

  it("rejects a frame with nothing but system components as one record, saying so", async () => {
    const wifiOnly = {
      src: "shellyhtg3-84fce63ad204",
      method: "NotifyStatus",
      params: { ts: 1795690800, wifi: { rssi: -61 } },
    };
    const result = await normalize(line(wifiOnly), "rpc.ndjson");
    expect(result.rows).toEqual([]);
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      [
        "UNMAPPED_FIELD",
        expect.stringContaining("only system or empty components (wifi), no readings"),
      ],
    ]);
  });

  it("reads a Shelly.GetStatus response with the time of sys.unixtime", async () => {
    const response = {
      id: 1,
      src: "shellyplusht-08b61fcb7f3c",
      result: {
        sys: { unixtime: 1795690860 },
        "humidity:0": { id: 0, rh: 51 },
      },
    };
    const result = await normalize(line(response), "status.ndjson");
    expect(rowsOf(result).map(([, metric, value, , time]) => [metric, value, time])).toEqual([
      ["humidity", 51, "2026-11-26T11:01:00.000Z"],
    ]);
    expect(codes(result)).toEqual([]);
  });

  it("rejects the readings of a GetStatus response whose clock is not set (unixtime null)", async () => {
    const response = {
      id: 1,
      src: "shellyplusht-08b61fcb7f3c",
      result: { sys: { unixtime: null }, "temperature:0": { id: 0, tC: 20.1, tF: 68.2 } },
    };
    const result = await normalize(line(response), "status.ndjson");
    expect(result.rows).toEqual([]);
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["MISSING_FIELD", expect.stringContaining("observed_at")],
    ]);
  });

  it("rejects a null reading with the component's errors in the reason", async () => {
    const frame = {
      src: "shellyplus1-a8032abe54dc",
      method: "NotifyStatus",
      params: {
        ts: 1795690800,
        "temperature:100": { id: 100, tC: null, tF: null, errors: ["read"] },
      },
    };
    const result = await normalize(line(frame), "rpc.ndjson");
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["MISSING_FIELD", expect.stringContaining("temperature:100.tC (errors: read)")],
    ]);
  });

  it("rejects a NotifyEvent frame as one record: events are no readings", async () => {
    const event = {
      src: "shellyplusi4-c4d8d5565f28",
      method: "NotifyEvent",
      params: { ts: 1795690800, events: [{ component: "input:0", id: 0, event: "single_push" }] },
    };
    const result = await normalize(line(event), "rpc.ndjson");
    expect(result.counts).toMatchObject({ records: 1, rejected: 1 });
    expect(result.rejected[0].reason.message).toMatch(/NotifyEvent carries events/);
  });

  it("rejects a Gen1 /status whole: its time and the meaning of tmp are not in the payload", async () => {
    const gen1 = {
      wifi_sta: { connected: true, ssid: "iot", rssi: -75 },
      time: "13:35",
      serial: 9496,
      has_update: false,
      mac: "A4CF12F3F149",
      tmp: { tC: 38.8, tF: 101.85, is_valid: true },
      uptime: 12366526,
    };
    const result = await normalize(line(gen1), "status.ndjson");
    expect(result.counts).toMatchObject({ records: 1, accepted: 0, rejected: 1 });
    expect(result.rejected[0].reason).toEqual({
      code: "UNMAPPED_FIELD",
      message: expect.stringContaining("Shelly Gen1 /status is not mapped"),
    });
  });

  it("leaves a generic record that happens to have a src or mac key to the generic reading", async () => {
    const records =
      '{"src":"gw-app","sensor":"s1","temperature":21.5,"ts":1795690800}\n' +
      '{"mac":"A4CF12F3F149","device":"s2","tmp":{"tC":1},"humidity":40,"ts":1795690800}\n';
    const result = await normalize(records, "wide.ndjson");
    expect(result.rows.map((r) => [r.sensor_id, r.metric, r.value])).toEqual([
      ["s1", "temperature", 21.5],
      ["s2", "humidity", 40],
    ]);
    // The generic wide reading: `src`, `mac` and `tmp` are metrics whose values are no numbers.
    expect(codes(result)).toEqual(["NON_NUMERIC_VALUE", "NON_NUMERIC_VALUE", "NON_NUMERIC_VALUE"]);
  });

  it("reads a NotifyStatus MQTT message (events/rpc) through the record mode like an upload", async () => {
    const message = await normalizeMessage(Buffer.from(JSON.stringify(NOTIFY_HT)), {
      sourceKey: "mqtt/sensors/dev/shelly-ht/readings",
      gatewayId: "shelly-ht",
      options: OPTIONS,
    });
    expect(message.readings.map((r) => [r.gateway_id, r.sensor_id, r.metric, r.value])).toEqual([
      ["shelly-ht", "shellyplusht-08b61fcb7f3c:temperature:0", "temperature", 21.5],
      ["shelly-ht", "shellyplusht-08b61fcb7f3c:humidity:0", "humidity", 45.2],
      ["shelly-ht", "shellyplusht-08b61fcb7f3c:devicepower:0", "battery_voltage", 5.9],
      ["shelly-ht", "shellyplusht-08b61fcb7f3c:devicepower:0", "battery_level", 80],
    ]);
    expect(message.rejections.map((r) => r.reason.code)).toEqual(["NON_NUMERIC_VALUE"]);
    expect(message.counts.records).toBe(message.counts.accepted + message.counts.rejected);
  });
});
