/**
 * Telegraf's metric model (measurement, tags, fields) mapped onto readings, shared by Telegraf
 * JSON and InfluxDB line protocol so both give the same rows:
 * - sensor_id: the first identity tag present (`sensor_id`, `sensor`, `device`, `device_id`,
 *   `host`), then every other tag as `,key=value` in key order (`,` `=` `\` escaped with `\`), so
 *   `inputs.cpu`'s `cpu=cpu0` and `cpu=cpu1` are two sensors and an `mqtt_consumer` `topic` tag
 *   keeps each topic its own sensor;
 * - metric: `<measurement>_<field>`, or the measurement alone for a field named `value` (Telegraf's
 *   `data_format = "value"`, e.g. mqtt_consumer: set `name_override` to the quantity).
 */
import { toText } from "../reading";

const IDENTITY_TAGS = ["sensor_id", "sensor", "device", "device_id", "host"];

function escaped(text: string): string {
  return text.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** The sensor of a tag set; undefined when no identity tag is present. */
export function telegrafSensor(tags: Readonly<Record<string, unknown>>): string | undefined {
  const identity = IDENTITY_TAGS.find((tag) => toText(tags[tag]) !== null);
  if (identity === undefined) return undefined;
  let sensor = toText(tags[identity]) as string;
  for (const key of Object.keys(tags).sort()) {
    const value = toText(tags[key]);
    if (key !== identity && value !== null) sensor += `,${escaped(key)}=${escaped(value)}`;
  }
  return sensor;
}

/** The metric of one field of a measurement. */
export function telegrafMetric(measurement: unknown, field: string): string {
  const name = toText(measurement);
  if (name === null) return field;
  return field === "value" ? name : `${name}_${field}`;
}

/** Why a Telegraf metric has no sensor, for the MISSING_FIELD message. */
export const NO_IDENTITY_TAG = `sensor_id (no ${IDENTITY_TAGS.join(", ")} tag)`;
