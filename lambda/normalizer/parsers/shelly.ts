/**
 * Shelly Gen2/Gen3/Gen4 status, as the Shelly API docs define it
 * (shelly-api-docs.shelly.cloud/gen2/General/Notifications, /gen2/ComponentsAndServices/Temperature,
 * /Humidity, /DevicePower, /Shelly#shellygetstatus):
 * - `NotifyStatus` / `NotifyFullStatus` frames (MQTT `<id>/events/rpc`, websocket):
 *   `{"src":"shellyplusht-08b61fcb7f3c","method":"NotifyStatus","params":{"ts":1706094600.12,
 *   "temperature:0":{"id":0,"tC":21.5,"tF":70.7}}}`; time = `params.ts` (Unix seconds, UTC);
 * - the response frame of `Shelly.GetStatus` (`{"id":1,"src":…,"result":{…,"sys":{"unixtime":…}}}`);
 *   time = `result.sys.unixtime` (null until the device has synchronised its clock).
 * sensor = `<src>:<component>` (`shellyplusht-08b61fcb7f3c:temperature:0`: add-ons carry several
 * temperature components); one reading per mapped field:
 * - `temperature:<id>` `tC` → temperature °C. `tF` is the same measurement in °F, rounded
 *   separately: reading it too would store one temperature twice under one metric;
 * - `humidity:<id>` `rh` → humidity %RH;
 * - `devicepower:<id>` `battery.V` → battery_voltage V, `battery.percent` → battery_level %;
 *   `external.present` is a flag, no number (NON_NUMERIC_VALUE).
 * `id` and `errors` describe the component. The system components (`sys`, `wifi`, `eth`, `ble`,
 * `cloud`, `mqtt`, `ws`: the docs' "System" list, e.g. /gen2/Devices/Gen2/ShellyBluGw) report the
 * device's own services, never a measurement: they are skipped like `id`, so a NotifyFullStatus
 * does not add five rejections to every reading's frame (and set off the rejection-spike alarm),
 * and a frame holding nothing else is one rejection saying so; so is a component with an empty
 * status (`ht_ui`: {}, "does not own any status properties"). Every other component
 * (`switch:0`, `input:0`…) and field is one UNMAPPED_FIELD rejection naming it; a null reading is
 * MISSING_FIELD with the component's `errors`. `NotifyEvent` frames carry events, not readings:
 * one rejection.
 *
 * Gen1 `/status` (`tmp.tC`, `hum.value`) is rejected whole: older firmware has no `unixtime`, only
 * `time` as a local "HH:MM" without a date, and `tmp` is the internal temperature on devices with
 * relays, so neither the time nor the meaning of a reading can be known from the payload.
 */
import { reason } from "../reasons";
import {
  hasNoGenericFields,
  isObject,
  type DeviceStatus,
  type JsonObject,
  type StatusCell,
} from "./device-status";

/** One mapped field: where it is in the component's status, and the reading it becomes. */
interface FieldMapping {
  readonly path: readonly string[];
  readonly metric: string;
  readonly unit: string;
}

/** Component type → its readings. */
const COMPONENTS: ReadonlyMap<string, readonly FieldMapping[]> = new Map([
  ["temperature", [{ path: ["tC"], metric: "temperature", unit: "°C" }]],
  ["humidity", [{ path: ["rh"], metric: "humidity", unit: "%RH" }]],
  [
    "devicepower",
    [
      { path: ["battery", "V"], metric: "battery_voltage", unit: "V" },
      { path: ["battery", "percent"], metric: "battery_level", unit: "%" },
    ],
  ],
]);

/** Fields that describe a component (or repeat a mapped reading): not records. */
const DESCRIPTIVE: ReadonlyMap<string, readonly string[]> = new Map([
  ["temperature", ["id", "errors", "tF"]],
  ["humidity", ["id", "errors"]],
  ["devicepower", ["id", "errors"]],
]);

const MAPPED = [...COMPONENTS.keys()].join(", ");

/** Components that report the device's own services (the docs' "System" components). */
const SYSTEM_COMPONENTS = new Set(["sys", "wifi", "eth", "ble", "cloud", "mqtt", "ws"]);

/** The leaves of a status object as dotted paths (`battery.V`). */
function leaves(value: JsonObject, prefix: string[] = []): [string[], unknown][] {
  const out: [string[], unknown][] = [];
  for (const [key, child] of Object.entries(value)) {
    if (isObject(child)) out.push(...leaves(child, [...prefix, key]));
    else out.push([[...prefix, key], child]);
  }
  return out;
}

function componentCells(src: string, key: string, status: unknown): StatusCell[] {
  const type = key.split(":")[0];
  const mappings = COMPONENTS.get(type);
  if (!mappings || !isObject(status))
    return [reason("UNMAPPED_FIELD", `Shelly component ${key} is not mapped (mapped: ${MAPPED})`)];
  const sensor = `${src}:${key}`;
  const descriptive = DESCRIPTIVE.get(type) ?? [];
  const errors = Array.isArray(status.errors) ? ` (errors: ${status.errors.join(", ")})` : "";
  const cells: StatusCell[] = [];
  for (const [path, value] of leaves(status)) {
    const dotted = path.join(".");
    if (path.length === 1 && descriptive.includes(dotted)) continue;
    const mapping = mappings.find((m) => m.path.join(".") === dotted);
    if (!mapping)
      cells.push(
        typeof value === "boolean"
          ? reason("NON_NUMERIC_VALUE", `Shelly ${key}.${dotted} is a flag (${String(value)})`)
          : reason("UNMAPPED_FIELD", `Shelly ${key}.${dotted} is not mapped`),
      );
    else if (value === null)
      cells.push(reason("MISSING_FIELD", `value of ${key}.${dotted}${errors}`));
    else cells.push({ sensor, metric: mapping.metric, value, unit: mapping.unit });
  }
  return cells;
}

const NO_COMPONENT = reason("MISSING_FIELD", "value (the status names no component)");

/** The readings of a status's components, and why a status that has none is rejected. */
function statusOf(
  src: string,
  components: JsonObject,
  skip: string,
): Pick<DeviceStatus, "cells" | "emptyWhy"> {
  const cells: StatusCell[] = [];
  const system: string[] = [];
  for (const [key, status] of Object.entries(components)) {
    if (key === skip) continue;
    // A component with no status properties (`ht_ui`: {}) holds nothing to load or reject.
    if (SYSTEM_COMPONENTS.has(key) || (isObject(status) && Object.keys(status).length === 0))
      system.push(key);
    else cells.push(...componentCells(src, key, status));
  }
  const emptyWhy =
    system.length === 0
      ? NO_COMPONENT
      : reason(
          "UNMAPPED_FIELD",
          `Shelly status carries only system or empty components (${system.join(", ")}), no readings`,
        );
  return { cells, emptyWhy };
}

/** Gen1 `/status`: a MAC and a `tmp` or `hum` object. */
function isGen1Status(record: JsonObject): boolean {
  return typeof record.mac === "string" && (isObject(record.tmp) || isObject(record.hum));
}

/** The readings of a Shelly status frame, or null when the record is none. */
export function shellyStatusOf(record: JsonObject): DeviceStatus | null {
  const { src, method, params, result } = record;
  if (typeof src !== "string" && typeof record.mac !== "string") return null;
  if (!hasNoGenericFields(record)) return null;
  if (typeof src === "string" && typeof method === "string" && method.startsWith("Notify")) {
    if (method !== "NotifyStatus" && method !== "NotifyFullStatus")
      return {
        time: isObject(params) ? params.ts : undefined,
        cells: [reason("UNMAPPED_FIELD", `Shelly ${method} carries events, not readings`)],
        emptyWhy: NO_COMPONENT,
      };
    if (!isObject(params)) return { time: undefined, cells: [], emptyWhy: NO_COMPONENT };
    return { time: params.ts, ...statusOf(src, params, "ts") };
  }
  if (typeof src === "string" && isObject(result) && isObject(result.sys))
    return { time: result.sys.unixtime, ...statusOf(src, result, "") };
  if (isGen1Status(record))
    return {
      time: undefined,
      cells: [
        reason(
          "UNMAPPED_FIELD",
          "Shelly Gen1 /status is not mapped: its time (`unixtime`, or a local `time` without a " +
            "date) and the meaning of `tmp` (internal on devices with relays) vary by device; " +
            "convert it to sensor, metric, value and time on the gateway",
        ),
      ],
      emptyWhy: NO_COMPONENT,
    };
  return null;
}
