/**
 * LoRaWAN network servers' uplink events, shaped as their documentation shows them: The Things
 * Stack's uplink message (thethingsindustries.com/docs/integrations/data-formats) and ChirpStack
 * v4's `up` event of the JSON integration.
 */
import { codes, normalize } from "../../helpers/normalizer";

const ttnUplink = (decoded: unknown) => ({
  end_device_ids: {
    device_id: "dev1",
    application_ids: { application_id: "app1" },
    dev_eui: "0004A30B001C0530",
    join_eui: "800000000000000C",
    dev_addr: "00BCB929",
  },
  correlation_ids: ["as:up:01..."],
  received_at: "2026-11-26T10:15:52.142Z",
  uplink_message: {
    session_key_id: "AXA50...",
    f_port: 1,
    frm_cnt: 25,
    frm_payload: "FWUA",
    ...(decoded === undefined ? {} : { decoded_payload: decoded }),
    received_at: "2026-11-26T10:15:52.125Z",
  },
});

const chirpstackUp = (object: unknown) => ({
  deduplicationId: "3ac7e3c4-4401-4b8d-9386-a5c902f9202d",
  time: "2026-11-26T10:20:15.775023242+00:00",
  deviceInfo: {
    tenantId: "52f14cd4-c6f1-4fbd-8f87-4025e1d49242",
    tenantName: "ChirpStack",
    applicationId: "17c82e96-be03-4f38-aef3-f83d48582d97",
    applicationName: "Test application",
    deviceProfileId: "14855bf7-d10d-4aee-b618-ebfcb64dc7ad",
    deviceProfileName: "Test device-profile",
    deviceName: "Test device",
    devEui: "0101010101010101",
  },
  devAddr: "00189440",
  dr: 1,
  fPort: 1,
  data: "qg==",
  ...(object === undefined ? {} : { object }),
  rxInfo: [],
  txInfo: { frequency: 868100000 },
});

describe("LoRaWAN uplink events", () => {
  it("reads a TTN v3 uplink: one reading per decoded field, sensor = DevEUI, time = received_at", async () => {
    const result = await normalize(
      JSON.stringify(ttnUplink({ temperature: 21.5, humidity: 40, battery: 3.1 })) + "\n",
      "ttn.ndjson",
    );
    expect(result.rows.map((r) => [r.sensor_id, r.metric, r.value, r.observed_at])).toEqual([
      ["0004A30B001C0530", "temperature", 21.5, "2026-11-26T10:15:52.142Z"],
      ["0004A30B001C0530", "humidity", 40, "2026-11-26T10:15:52.142Z"],
      ["0004A30B001C0530", "battery", 3.1, "2026-11-26T10:15:52.142Z"],
    ]);
  });

  it("rejects a TTN uplink without a decoded payload, saying what to set up", async () => {
    const result = await normalize(JSON.stringify([ttnUplink(undefined)]), "ttn.json");
    expect(codes(result)).toEqual(["MISSING_FIELD"]);
    expect(result.rejected[0].reason.message).toMatch(/decoded_payload.*payload formatter/);
  });

  it("reads a ChirpStack v4 up event: sensor = devEui, time = time, fields of object", async () => {
    const result = await normalize(
      JSON.stringify(chirpstackUp({ temperature: 22.5, status: "ok" })) + "\n",
      "chirpstack.ndjson",
    );
    expect(result.rows.map((r) => [r.sensor_id, r.metric, r.value, r.observed_at])).toEqual([
      ["0101010101010101", "temperature", 22.5, "2026-11-26T10:20:15.775Z"],
    ]);
    // A text field of the decoded object is no reading: rejected with its reason.
    expect(codes(result)).toEqual(["NON_NUMERIC_VALUE"]);
    expect(result.counts.records).toBe(result.counts.accepted + result.counts.rejected);
  });

  it("rejects a ChirpStack event whose device profile has no codec", async () => {
    const result = await normalize(JSON.stringify(chirpstackUp(undefined)) + "\n", "cs.ndjson");
    expect(codes(result)).toEqual(["MISSING_FIELD"]);
    expect(result.rejected[0].reason.message).toMatch(/object.*codec/);
  });
});
