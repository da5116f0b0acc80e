/**
 * LoRaWAN network servers' uplink events, one reading per field of the payload their codec
 * decoded:
 * - The Things Stack (TTN v3) uplink message (thethingsindustries.com/docs/integrations/data-formats):
 *   `{ end_device_ids: { device_id, dev_eui }, received_at, uplink_message: { decoded_payload } }`;
 *   sensor = `dev_eui` (globally unique), else `device_id`; time = `received_at`.
 * - ChirpStack v4 `up` event (JSON integration): `{ time, deviceInfo: { devEui, deviceName },
 *   object }`; sensor = `devEui`; time = `time`.
 * An event without a decoded payload (no codec set up) is one rejection that says so.
 */
type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What one uplink event says: its device, time and decoded fields (null: none decoded). */
export interface Uplink {
  readonly sensor: unknown;
  readonly time: unknown;
  readonly fields: JsonObject | null;
  /** Where the decoded payload was expected, for the rejection's message. */
  readonly payloadField: string;
}

/** The uplink in a record, or null when the record is no TTN or ChirpStack uplink event. */
export function uplinkOf(record: JsonObject): Uplink | null {
  const ids = record.end_device_ids;
  const message = record.uplink_message;
  if (isObject(ids) && isObject(message))
    return {
      sensor: ids.dev_eui ?? ids.device_id,
      time: record.received_at ?? message.received_at,
      fields: isObject(message.decoded_payload) ? message.decoded_payload : null,
      payloadField: "uplink_message.decoded_payload (set up a payload formatter)",
    };
  const device = record.deviceInfo;
  if (isObject(device) && ("object" in record || "fPort" in record || "deduplicationId" in record))
    return {
      sensor: device.devEui,
      time: record.time,
      fields: isObject(record.object) ? record.object : null,
      payloadField: "object (set up the device profile's codec)",
    };
  return null;
}
