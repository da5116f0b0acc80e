/**
 * What identifies a sensor, per environment. By default a sensor is `(gateway_id, sensor_id)`:
 * gateways name their sensors locally (`th-01` behind every gateway), and one gateway's credential
 * must never rewrite another gateway's readings. A fleet whose sensors roam between gateways (a
 * BLE tag heard by whichever gateway is near) declares its sensor ids `global`: then a reading is
 * the sensor's whatever gateway uploaded it, and CORE.SENSORS.GATEWAYS shows every gateway it came
 * through.
 *
 * The transformation carries the identity in one column, SENSOR_KEY, that every CORE key and
 * REPORTING view shares: one column because Power BI relates tables on a single column.
 */
/** Every identity, for the config schema and validation messages. */
export const SENSOR_IDENTITIES = ["gateway", "global"] as const;

export type SensorIdentity = (typeof SENSOR_IDENTITIES)[number];

/**
 * The SQL that computes SENSOR_KEY from a landing row. A gateway id comes from the raw key's
 * `raw/<gateway_id>/` segment, so it never holds `/` and `gateway/sensor` cannot collide.
 */
export const SENSOR_KEY_EXPRESSIONS: Readonly<Record<SensorIdentity, string>> = {
  gateway: "GATEWAY_ID || '/' || SENSOR_ID",
  global: "SENSOR_ID",
};
