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
    "datum",
    "uhrzeit",
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

/**
 * The name that settles a role when several fields claim it (`type` and `metric`: the metric is
 * `metric`). Without it, two fields of one role are ambiguous and the layout is rejected.
 */
const PRIMARY: Record<Exclude<FieldRole, "ignored">, readonly string[]> = {
  time: ["observed_at", "timestamp"],
  sensor: ["sensor_id"],
  metric: ["metric"],
  value: ["value"],
  unit: ["unit"],
};
/** A date field and a time-of-day field: one timestamp, written `<date> <time>`. */
const DATE_NAMES = new Set(["date", "datum"]);
const TIME_OF_DAY_NAMES = new Set(["time", "zeit", "uhrzeit"]);

/** Which field (by position) plays each role, and a separate time-of-day field if there is one. */
export interface FieldRoles {
  readonly index: Partial<Record<Exclude<FieldRole, "ignored">, number>>;
  /** With separate date and time fields: `index.time` is the date, this the time of day. */
  readonly timeOfDay: number | undefined;
}

/**
 * The role of each field in a header or record's keys, or why the fields are ambiguous: two
 * fields of one role and neither is the role's primary name (two primary names are ambiguous
 * too). Separate `date` and `time` fields are combined, never one dropped.
 */
export function assignRoles(names: readonly string[]): FieldRoles | { readonly ambiguous: string } {
  const claims = new Map<Exclude<FieldRole, "ignored">, number[]>();
  names.forEach((name, i) => {
    const role = roleOf(name);
    if (role === undefined || role === "ignored") return;
    const list = claims.get(role);
    if (list) list.push(i);
    else claims.set(role, [i]);
  });
  const index: FieldRoles["index"] = {};
  let timeOfDay: number | undefined;
  for (const [role, positions] of claims) {
    if (positions.length === 1) {
      index[role] = positions[0];
      continue;
    }
    const keys = positions.map((i) => fieldKey(names[i]));
    const primary = positions.filter((_, k) => PRIMARY[role].includes(keys[k]));
    if (primary.length === 1) {
      index[role] = primary[0];
      continue;
    }
    if (role === "time" && positions.length === 2) {
      const date = positions.find((_, k) => DATE_NAMES.has(keys[k]));
      const time = positions.find((_, k) => TIME_OF_DAY_NAMES.has(keys[k]));
      if (date !== undefined && time !== undefined) {
        index.time = date;
        timeOfDay = time;
        continue;
      }
    }
    const listed = positions.map((i) => JSON.stringify(names[i])).join(", ");
    return {
      ambiguous:
        `${listed} all name the ${role}; keep one, or name the one meant ` +
        `${PRIMARY[role].map((n) => `"${n}"`).join(" or ")}`,
    };
  }
  return { index, timeOfDay };
}

/** Every alias, for the README. */
export const FIELD_ALIASES = ALIASES;
