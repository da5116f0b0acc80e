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
import { truncateRaw } from "../raw-text";
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

/** What the series hands back for each state it takes: its reading and where it came from. */
export type EmitState = (status: DeviceStatus, sourceLine: number, raw: () => string) => void;

interface PendingState {
  readonly state: JsonObject;
  readonly sourceLine: number;
  readonly raw: string;
}

/**
 * Minimal states held while waiting for the next whole state: at about 70 bytes each, a bound of
 * 100,000 keeps the wait under ~20 MB however long the period (35 days of a sensor that changes
 * every 30 s); past it their unit cannot be confirmed.
 */
export const MAX_PENDING_MINIMAL_STATES = 100_000;

/**
 * One entity's history array, read element by element (a JSON document streams it): whole states
 * are read at once; minimal states wait for the next whole state to confirm their unit, or for the
 * end of the array.
 */
export class HomeAssistantSeries {
  private previous: JsonObject | null = null;
  private pending: PendingState[] = [];

  constructor(private readonly emit: EmitState) {}

  /** Reads `value` when it belongs to the series; false when it is no Home Assistant state. */
  take(value: unknown, sourceLine: number, raw: () => string): boolean {
    if (isHomeAssistantState(value)) {
      this.flush(value);
      this.previous = value;
      this.emit(homeAssistantStatusOf(value), sourceLine, raw);
      return true;
    }
    if (this.previous === null || !isMinimalState(value)) return false;
    if (this.pending.length >= MAX_PENDING_MINIMAL_STATES) this.flush(null);
    this.pending.push({ state: value, sourceLine, raw: truncateRaw(raw()) });
    return true;
  }

  /** The array ended: its waiting minimal states take the unit of the whole state before them. */
  end(): void {
    this.flush(undefined);
    this.previous = null;
  }

  /** Emits the waiting states against the next whole state (null: too many waited). */
  private flush(next: JsonObject | null | undefined): void {
    const previous = this.previous;
    if (previous === null) return;
    for (const { state, sourceLine, raw } of this.pending)
      this.emit(minimalStatus(state, previous, next), sourceLine, () => raw);
    this.pending = [];
  }
}

/** A minimal state between two whole ones of its entity: their unit, when they agree on it. */
function minimalStatus(
  state: JsonObject,
  previous: JsonObject,
  next: JsonObject | null | undefined,
): DeviceStatus {
  const entityId = previous.entity_id as string;
  const unit = unitOf(previous);
  if (
    next === undefined ||
    (next !== null && (next.entity_id !== entityId || unitOf(next) === unit))
  )
    return stateStatus(entityId, state, unit);
  const why =
    next === null
      ? `more than ${MAX_PENDING_MINIMAL_STATES} minimal_response states of ${entityId} in a row: ` +
        "their unit cannot be confirmed; query a shorter period or without minimal_response"
      : `the unit of ${entityId} changed from ${JSON.stringify(unit)} to ` +
        `${JSON.stringify(unitOf(next))} around this minimal_response state: query without minimal_response`;
  return {
    time: state.last_changed,
    cells: [reason("AMBIGUOUS_LAYOUT", why)],
    emptyWhy: reason("MISSING_FIELD", "state"),
  };
}
