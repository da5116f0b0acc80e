/**
 * Field-name aliases shared by the CSV header and JSON records: gateways spell the same field many
 * ways. Names are compared after lower-casing and turning spaces and hyphens into underscores.
 */
export type FieldRole = "time" | "sensor" | "metric" | "value" | "unit" | "ignored";

const ALIASES: Record<FieldRole, readonly string[]> = {
  time: [
    "timestamp",
    "time",
    "ts",
    "observed_at",
    "datetime",
    "date_time",
    "time_stamp",
    "observed",
    "date",
    "zeit",
    "zeitstempel",
  ],
  sensor: ["sensor_id", "sensor", "sensorid", "device", "device_id", "deviceid", "sensor_name"],
  metric: ["metric", "measurement", "quantity", "metric_name", "type"],
  value: ["value", "reading", "val", "measured_value"],
  unit: ["unit", "units", "uom"],
  // The gateway comes from the object key, never from the content.
  ignored: ["gateway", "gateway_id"],
};

const ROLE_BY_NAME = new Map<string, FieldRole>();
for (const [role, names] of Object.entries(ALIASES) as [FieldRole, readonly string[]][])
  for (const name of names) ROLE_BY_NAME.set(name, role);

/** The normalized spelling of a field name used for alias lookup. */
export function fieldKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

const roleCache = new Map<string, FieldRole | null>();

/** The role of a field name, or undefined for a metric or unknown column. */
export function roleOf(name: string): FieldRole | undefined {
  // JSON records repeat the same few keys on every line: remember each spelling's role.
  let role = roleCache.get(name);
  if (role === undefined) {
    role = ROLE_BY_NAME.get(fieldKey(name)) ?? null;
    if (roleCache.size < 10_000) roleCache.set(name, role);
  }
  return role ?? undefined;
}

/** Every alias, for the README. */
export const FIELD_ALIASES = ALIASES;
