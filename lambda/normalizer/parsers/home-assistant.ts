/**
 * Home Assistant history JSON: the `GET /api/history/period/<timestamp>` response (REST API,
 * developers.home-assistant.io/docs/api/rest/): an array per entity of its state objects,
 * `{"entity_id":"sensor.weather_temperature","state":"-3.9","attributes":{"unit_of_measurement":
 * "°C"},"last_changed":"2016-02-06T22:15:00+00:00",…}`. Read like the History panel's CSV
 * (csv.ts): sensor = the entity id, metric = its object id (the part after the domain),
 * observed_at = `last_changed`, plus the unit the CSV lacks, `attributes.unit_of_measurement`.
 * Non-numeric states (`unavailable`, `unknown`, `on`) are NON_NUMERIC_VALUE, one by one.
 *
 * With `minimal_response` only the first and last state of an entity are whole; the others are
 * `{"state","last_changed"}`. Those belong to the entity of their array and take its unit when
 * the whole states before and after them agree on it; when the unit changed in between, which
 * unit a state was measured in is unknown: AMBIGUOUS_LAYOUT.
 */
import { reason } from "../reasons";
import { hasNoGenericFields, isObject, type DeviceStatus, type JsonObject } from "./device-status";

/** Whether a record is a whole Home Assistant state object. */
export function isHomeAssistantState(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    typeof value.entity_id === "string" &&
    "state" in value &&
    "last_changed" in value &&
    hasNoGenericFields(value)
  );
}

/** A minimal-response state: only `state` and `last_changed`. */
function isMinimalState(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    "state" in value &&
    "last_changed" in value &&
    Object.keys(value).length === 2
  );
}

function unitOf(state: JsonObject): string | null {
  const attributes = state.attributes;
  const unit = isObject(attributes) ? attributes.unit_of_measurement : undefined;
  return typeof unit === "string" ? unit : null;
}

/** `sensor.living_room_temperature` → `living_room_temperature`; "" without a domain. */
function objectIdOf(entityId: string): string {
  const dot = entityId.indexOf(".");
  return dot > 0 ? entityId.slice(dot + 1) : "";
}

/** The reading of one state object of an entity. */
function stateStatus(entityId: string, state: JsonObject, unit: string | null): DeviceStatus {
  return {
    time: state.last_changed,
    cells: [{ sensor: entityId, metric: objectIdOf(entityId), value: state.state, unit }],
    emptyWhy: reason("MISSING_FIELD", "state"),
  };
}

/** A whole state object as its reading. */
export function homeAssistantStatusOf(state: JsonObject): DeviceStatus {
  return stateStatus(state.entity_id as string, state, unitOf(state));
}

/**
 * The readings of one entity's history array, element by element (null: not a Home Assistant
 * state, read as any other record), or null when the array is no Home Assistant history.
 */
export function homeAssistantSeries(states: readonly unknown[]): (DeviceStatus | null)[] | null {
  if (!isHomeAssistantState(states[0])) return null;
  // The whole state after each position, found in one pass from the end.
  const nextWhole: (JsonObject | undefined)[] = new Array(states.length);
  let following: JsonObject | undefined;
  for (let i = states.length - 1; i >= 0; i--) {
    nextWhole[i] = following;
    const state = states[i];
    if (isHomeAssistantState(state)) following = state;
  }
  const out: (DeviceStatus | null)[] = [];
  let previous: JsonObject = states[0];
  states.forEach((state, i) => {
    if (isHomeAssistantState(state)) {
      previous = state;
      out.push(homeAssistantStatusOf(state));
    } else if (!isMinimalState(state)) out.push(null);
    else out.push(minimalStatus(state, previous, nextWhole[i]));
  });
  return out;
}

/** A minimal state between two whole ones of its entity: their unit, when they agree on it. */
function minimalStatus(
  state: JsonObject,
  previous: JsonObject,
  next: JsonObject | undefined,
): DeviceStatus {
  const entityId = previous.entity_id as string;
  const unit = unitOf(previous);
  if (next === undefined || next.entity_id !== entityId || unitOf(next) === unit)
    return stateStatus(entityId, state, unit);
  return {
    time: state.last_changed,
    cells: [
      reason(
        "AMBIGUOUS_LAYOUT",
        `the unit of ${entityId} changed from ${JSON.stringify(unit)} to ` +
          `${JSON.stringify(unitOf(next))} around this minimal_response state: query without minimal_response`,
      ),
    ],
    emptyWhy: reason("MISSING_FIELD", "state"),
  };
}
