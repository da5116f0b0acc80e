/**
 * Tasmota telemetry: the `tele/<topic>/SENSOR` JSON (and `StatusSNS` of `Status 10`), as the
 * Tasmota docs show it (tasmota.github.io/docs/DS18x20/, /BME280/, /AM2301/):
 * `{"Time":"2019-11-03T19:34:28","BME280":{"Temperature":21.7,"Humidity":66.6,"Pressure":988.6},
 * "PressureUnit":"hPa","TempUnit":"C"}`.
 * - sensor = the device key (`BME280`, `DS18B20-1`); with an `Id` (a 1-Wire ROM address, printed
 *   by xsns_05_ds18x20.ino) the key without its bus index plus the Id (`DS18B20-0316A279B2FF`),
 *   because the index changes when a sensor is added to the bus and the address does not. The
 *   payload names no device: the gateway id (object key or MQTT topic) stands for the device.
 * - metric = the field name (`DewPoint` → `dew_point`), its unit from the table below (JSON names
 *   from tasmota/include/i18n.h `D_JSON_*`), the temperature, pressure and speed units from the
 *   payload's `TempUnit` (`C`/`F`, SetOption8), `PressureUnit` (`hPa`/`mmHg`, SetOption24) and
 *   `SpeedUnit` (Commands.md `SpeedUnit`). `TempUnit` "C" is °C: in the unit table `C` alone is
 *   coulomb.
 * - `Time` is the device's local time without an offset (SetOption52 adds one): read in the
 *   normalizer's DEFAULT_TIME_ZONE, exactly like a naive CSV time.
 * A field with no documented unit, an array (one value per channel), a nested object, or a
 * top-level value that is no sensor (`"Switch1":"ON"`) is rejected as UNMAPPED_FIELD, named.
 */
import { reason, type Reason } from "../reasons";
import {
  hasNoGenericFields,
  isObject,
  type DeviceStatus,
  type JsonObject,
  type StatusCell,
} from "./device-status";

/** Where a field's unit comes from: fixed, none (a ratio), or one of the payload's unit keys. */
type UnitSource = string | null | { readonly key: "TempUnit" | "PressureUnit" | "SpeedUnit" };

const TEMP = { key: "TempUnit" } as const;
const PRESSURE = { key: "PressureUnit" } as const;
const SPEED = { key: "SpeedUnit" } as const;

/** Field name → unit, as Tasmota's web UI prints them (i18n.h `D_UNIT_*`). */
const FIELD_UNITS: ReadonlyMap<string, UnitSource> = new Map<string, UnitSource>([
  ["Temperature", TEMP],
  ["DewPoint", TEMP],
  ["Humidity", "%RH"],
  ["Pressure", PRESSURE],
  ["SeaPressure", PRESSURE],
  ["Speed", SPEED],
  ["Illuminance", "lx"],
  ["CarbonDioxide", "ppm"],
  ["eCO2", "ppm"],
  ["TVOC", "ppb"],
  ["Distance", "cm"],
  ["Voltage", "V"],
  ["Current", "A"],
  ["Power", "W"],
  ["ApparentPower", "VA"],
  ["ReactivePower", "VAr"],
  ["Factor", null],
  ["Frequency", "Hz"],
  ["Total", "kWh"],
  ["Today", "kWh"],
  ["Yesterday", "kWh"],
  ["Period", "Wh"],
]);

/** Fields that identify or describe a sensor rather than measure: not records. */
const DESCRIPTIVE_FIELDS = new Set(["Id", "TotalStartTime"]);

/** `TempUnit` values → the unit table's spelling. */
const TEMP_UNITS: Readonly<Record<string, string>> = { C: "°C", F: "°F" };
const PRESSURE_UNITS = new Set(["hPa", "mmHg", "inHg"]);
const SPEED_UNITS = new Set(["m/s", "km/h", "kn", "mph", "ft/s", "yd/s"]);
const UNIT_KEYS = new Set(["TempUnit", "PressureUnit", "SpeedUnit"]);

/** Whether a record is Tasmota telemetry: a `Time` text and at least one sensor object. */
function isTasmota(record: JsonObject): boolean {
  return (
    typeof record.Time === "string" &&
    Object.values(record).some(isObject) &&
    hasNoGenericFields(record)
  );
}

function unmapped(path: string, why: string): Reason {
  return reason("UNMAPPED_FIELD", `Tasmota ${path}: ${why}`);
}

/** The unit of a field, or why it cannot be known. */
function unitOf(source: UnitSource, record: JsonObject, path: string): string | null | Reason {
  if (source === null || typeof source === "string") return source;
  const declared = record[source.key];
  if (declared === undefined)
    return reason("MISSING_FIELD", `${source.key} (the unit of Tasmota ${path})`);
  const text = typeof declared === "string" ? declared : "";
  if (source === TEMP && text in TEMP_UNITS) return TEMP_UNITS[text];
  if (source === PRESSURE && PRESSURE_UNITS.has(text)) return text;
  if (source === SPEED && SPEED_UNITS.has(text)) return text;
  return unmapped(path, `${source.key} ${JSON.stringify(declared)} is no documented unit`);
}

/** `DS18B20-1` with Id `0316A279B2FF` → `DS18B20-0316A279B2FF`; without an Id the key itself. */
function sensorOf(key: string, fields: JsonObject): string {
  const id = fields.Id;
  if (typeof id !== "string" || id === "") return key;
  return `${key.replace(/-\d+$/, "")}-${id}`;
}

function sensorCells(record: JsonObject, key: string, fields: JsonObject): StatusCell[] {
  const sensor = sensorOf(key, fields);
  const cells: StatusCell[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (DESCRIPTIVE_FIELDS.has(field)) continue;
    const path = `${key}.${field}`;
    const source = FIELD_UNITS.get(field);
    if (Array.isArray(value) || isObject(value)) {
      cells.push(
        unmapped(path, `${Array.isArray(value) ? "an array" : "an object"} is not mapped`),
      );
      continue;
    }
    if (source === undefined) {
      cells.push(unmapped(path, "no documented unit for this field"));
      continue;
    }
    const unit = unitOf(source, record, path);
    if (unit !== null && typeof unit !== "string") cells.push(unit);
    else cells.push({ sensor, metric: field, value, unit });
  }
  return cells;
}

/** The readings of a Tasmota SENSOR payload (or `{"StatusSNS":…}`), or null when the record is none. */
export function tasmotaStatusOf(value: JsonObject): DeviceStatus | null {
  // Checked in this order so a generic record pays one property read, not a key list.
  const wrapped = isObject(value.StatusSNS) && Object.keys(value).length === 1;
  const record = wrapped ? (value.StatusSNS as JsonObject) : value;
  if (!isTasmota(record)) return null;
  const cells: StatusCell[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === "Time" || UNIT_KEYS.has(key)) continue;
    if (isObject(value)) cells.push(...sensorCells(record, key, value));
    else cells.push(unmapped(key, "a top-level value is no sensor reading"));
  }
  return { time: record.Time, cells, emptyWhy: reason("MISSING_FIELD", "value") };
}
