/**
 * Home Assistant's History panel "Download data" CSV (`entity_id,state,last_changed`, one state
 * change a row, UTC times with milliseconds), as exported and as shown in public projects' data.
 */
import type { DeviceStatus } from "../../../lambda/normalizer/parsers/device-status";
import {
  HomeAssistantSeries,
  MAX_PENDING_MINIMAL_STATES,
} from "../../../lambda/normalizer/parsers/home-assistant";
import { normalize } from "../../helpers/normalizer";

const EXPORT =
  "entity_id,state,last_changed\n" +
  "sensor.living_room_temperature,21.5,2026-11-26T10:00:00.000Z\n" +
  "sensor.living_room_temperature,unavailable,2026-11-26T10:01:00.000Z\n" +
  "sensor.shellyplusuni_78421c535d68_voltmeter,13.249470,2026-11-26T10:02:00.000Z\n" +
  "sensor.living_room_humidity,unknown,2026-11-26T10:03:00.000Z\n" +
  "binary_sensor.front_door,on,2026-11-26T10:04:00.000Z\n" +
  "sensor.living_room_temperature,21.75,2026-11-26T10:05:00.000Z\n";

describe("Home Assistant history CSV", () => {
  it("reads numeric states: sensor = entity id, metric = its object id", async () => {
    const result = await normalize(EXPORT, "history.csv");
    expect(result.counts).toMatchObject({ format: "csv", records: 6, accepted: 3, rejected: 3 });
    expect(
      result.rows.map((row) => [row.sensor_id, row.metric, row.value, row.observed_at]),
    ).toEqual([
      [
        "sensor.living_room_temperature",
        "living_room_temperature",
        21.5,
        "2026-11-26T10:00:00.000Z",
      ],
      [
        "sensor.shellyplusuni_78421c535d68_voltmeter",
        "shellyplusuni_78421c535d68_voltmeter",
        13.24947,
        "2026-11-26T10:02:00.000Z",
      ],
      [
        "sensor.living_room_temperature",
        "living_room_temperature",
        21.75,
        "2026-11-26T10:05:00.000Z",
      ],
    ]);
  });

  it("rejects unavailable, unknown and on/off states one by one, with the state in the reason", async () => {
    const result = await normalize(EXPORT, "history.csv");
    expect(result.rejected.map((r) => [r.source_line, r.reason.code])).toEqual([
      [3, "NON_NUMERIC_VALUE"],
      [5, "NON_NUMERIC_VALUE"],
      [6, "NON_NUMERIC_VALUE"],
    ]);
    expect(result.rejected.map((r) => r.reason.message)).toEqual([
      'the value is not a number: "unavailable"',
      'the value is not a number: "unknown"',
      'the value is not a number: "on"',
    ]);
    expect(result.rejected.map((r) => r.raw)).toEqual([
      "sensor.living_room_temperature,unavailable,2026-11-26T10:01:00.000Z",
      "sensor.living_room_humidity,unknown,2026-11-26T10:03:00.000Z",
      "binary_sensor.front_door,on,2026-11-26T10:04:00.000Z",
    ]);
  });

  it("rejects an entity id without a domain rather than guessing its metric", async () => {
    const result = await normalize(
      "entity_id,state,last_changed\nthermostat,20,2026-11-26T10:00:00.000Z\n",
      "history.csv",
    );
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["MISSING_FIELD", expect.stringContaining("metric")],
    ]);
  });

  it("does not read `state` as a value column in other CSV files", async () => {
    const result = await normalize(
      "timestamp,sensor,state\n2026-11-26T10:00:00Z,s,21\n",
      "wide.csv",
    );
    expect(result.rows.map((row) => [row.sensor_id, row.metric, row.value])).toEqual([
      ["s", "state", 21],
    ]);
  });
});

/**
 * The REST API's `GET /api/history/period/<timestamp>` response, as its docs show it
 * (developers.home-assistant.io/docs/api/rest/, "Example without/with minimal_response"; the
 * docs' trailing commas dropped so it is JSON, dates moved into the plausibility window).
 */
const weather = (state: string, at: string, unit = "\u00b0C") => ({
  attributes: { friendly_name: "Weather Temperature", unit_of_measurement: unit },
  entity_id: "sensor.weather_temperature",
  last_changed: at,
  last_updated: at,
  state,
});
const minimal = (state: string, at: string) => ({ last_changed: at, state });

describe("Home Assistant history JSON", () => {
  it("reads the docs' example: sensor = entity id, metric = object id, unit from the attributes", async () => {
    const history = [
      [weather("-3.9", "2026-11-26T10:15:00+00:00"), weather("-1.9", "2026-11-26T10:25:00+00:00")],
    ];
    const result = await normalize(JSON.stringify(history, null, 2), "history.json");
    expect(result.rows.map((r) => [r.sensor_id, r.metric, r.value, r.unit, r.observed_at])).toEqual(
      [
        [
          "sensor.weather_temperature",
          "weather_temperature",
          -3.9,
          "Cel",
          "2026-11-26T10:15:00.000Z",
        ],
        [
          "sensor.weather_temperature",
          "weather_temperature",
          -1.9,
          "Cel",
          "2026-11-26T10:25:00.000Z",
        ],
      ],
    );
  });

  it("gives minimal_response states their array's entity and the unit the states around them agree on", async () => {
    const history = [
      [
        weather("-3.9", "2026-11-26T10:15:00+00:00"),
        minimal("-2.9", "2026-11-26T10:20:00+00:00"),
        minimal("-2.2", "2026-11-26T10:22:00+00:00"),
        weather("-1.9", "2026-11-26T10:25:00+00:00"),
      ],
    ];
    const result = await normalize(JSON.stringify(history), "history.json");
    expect(result.rows.map((r) => [r.sensor_id, r.value, r.unit, r.observed_at])).toEqual([
      ["sensor.weather_temperature", -3.9, "Cel", "2026-11-26T10:15:00.000Z"],
      ["sensor.weather_temperature", -2.9, "Cel", "2026-11-26T10:20:00.000Z"],
      ["sensor.weather_temperature", -2.2, "Cel", "2026-11-26T10:22:00.000Z"],
      ["sensor.weather_temperature", -1.9, "Cel", "2026-11-26T10:25:00.000Z"],
    ]);
  });

  it("rejects a minimal state between whole states of different units instead of picking one", async () => {
    const history = [
      [
        weather("24.8", "2026-11-26T10:15:00+00:00"),
        minimal("75.0", "2026-11-26T10:20:00+00:00"),
        weather("75.2", "2026-11-26T10:25:00+00:00", "\u00b0F"),
      ],
    ];
    const result = await normalize(JSON.stringify(history), "history.json");
    expect(result.rows.map((r) => [r.value, r.unit])).toEqual([
      [24.8, "Cel"],
      [24, "Cel"],
    ]);
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["AMBIGUOUS_LAYOUT", expect.stringContaining('changed from "°C" to "°F"')],
    ]);
    expect(result.counts).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
  });

  it("gives the same rows as the History panel's CSV for the same states, and rejects the same ones", async () => {
    const state = (entity: string, value: string, at: string) => ({
      entity_id: entity,
      state: value,
      attributes: {},
      last_changed: at,
      last_updated: at,
    });
    const history = [
      [
        state("sensor.living_room_temperature", "21.5", "2026-11-26T10:00:00.000Z"),
        state("sensor.living_room_temperature", "unavailable", "2026-11-26T10:01:00.000Z"),
        state("sensor.living_room_temperature", "21.75", "2026-11-26T10:05:00.000Z"),
      ],
      [
        state(
          "sensor.shellyplusuni_78421c535d68_voltmeter",
          "13.249470",
          "2026-11-26T10:02:00.000Z",
        ),
      ],
      [state("sensor.living_room_humidity", "unknown", "2026-11-26T10:03:00.000Z")],
      [state("binary_sensor.front_door", "on", "2026-11-26T10:04:00.000Z")],
    ];
    const json = await normalize(JSON.stringify(history), "history.json");
    const csv = await normalize(EXPORT, "history.csv");
    const key = (r: { sensor_id: string; metric: string; value: number; observed_at: string }) =>
      [r.sensor_id, r.metric, r.value, r.observed_at].join(" ");
    expect(json.rows.map(key).sort()).toEqual(csv.rows.map(key).sort());
    expect(json.rejected.map((r) => r.reason.message).sort()).toEqual(
      csv.rejected.map((r) => r.reason.message).sort(),
    );
    expect(json.rows.map((r) => r.unit)).toEqual([null, null, null]);
  });

  it("streams an entity's history state by state: it may be longer than MAX_LINE_BYTES", async () => {
    const states = Array.from({ length: 40 }, (_, i) =>
      minimal(String(i), `2026-11-26T10:${String(i).padStart(2, "0")}:00+00:00`),
    );
    const history = [
      [weather("-3.9", "2026-11-26T09:59:00+00:00"), ...states],
      [weather("-1.9", "2026-11-26T11:00:00+00:00")],
    ];
    const text = JSON.stringify(history);
    expect(text.length).toBeGreaterThan(2048);
    const result = await normalize(text, "history.json", { maxLineBytes: 1024 });
    expect(result.counts).toMatchObject({ records: 42, accepted: 42, rejected: 0 });
    expect(result.rows.map((r) => r.value)).toEqual([-3.9, ...states.map((_, i) => i), -1.9]);
    expect(new Set(result.rows.map((r) => r.unit))).toEqual(new Set(["Cel"]));
    // Each state is its own record, numbered in document order.
    expect(result.rows.map((r) => r.source_line)).toEqual(
      Array.from({ length: 42 }, (_, i) => i + 1),
    );
  });

  it("bounds the minimal states waiting for a whole state, rejecting those it cannot confirm", () => {
    const cells: DeviceStatus["cells"][number][] = [];
    const series = new HomeAssistantSeries((status) => cells.push(...status.cells));
    const raw = () => "{}";
    series.take(weather("1", "2026-11-26T10:00:00Z"), 1, raw);
    for (let i = 0; i <= MAX_PENDING_MINIMAL_STATES; i++)
      series.take(minimal("2", "2026-11-26T10:01:00Z"), 2, raw);
    series.take(weather("3", "2026-11-26T10:02:00Z"), 3, raw);
    series.end();
    const codes = cells.map((cell) => ("code" in cell ? cell.code : "reading"));
    expect(codes).toHaveLength(MAX_PENDING_MINIMAL_STATES + 3);
    expect(codes.filter((code) => code === "AMBIGUOUS_LAYOUT")).toHaveLength(
      MAX_PENDING_MINIMAL_STATES,
    );
    // The first whole state, the one minimal state after the bound, the last whole state.
    expect(codes.filter((code) => code === "reading")).toHaveLength(3);
  });

  it("writes the same bytes however the history is chunked", async () => {
    const history = [
      [
        weather("-3.9", "2026-11-26T10:15:00+00:00"),
        minimal("-2.9", "2026-11-26T10:20:00+00:00"),
        minimal("unknown", "2026-11-26T10:22:00+00:00"),
        weather("-1.9", "2026-11-26T10:25:00+00:00", "\u00b0F"),
      ],
      [weather("20", "2026-11-26T10:15:00+00:00")],
    ];
    const text = JSON.stringify(history, null, 1);
    const whole = await normalize(text, "history.json");
    for (const sizes of [[1], [7, 13], [64]]) {
      const chunked = await normalize(text, "history.json", {}, sizes);
      expect(chunked.normalizedBytes).toEqual(whole.normalizedBytes);
      expect(chunked.rejectedBytes).toEqual(whole.rejectedBytes);
    }
    expect(whole.counts).toMatchObject({ records: 5, accepted: 3, rejected: 2 });
  });

  it("rejects a state whose entity id has no domain rather than guessing its metric", async () => {
    const history = [
      [{ entity_id: "thermostat", state: "20", last_changed: "2026-11-26T10:00:00Z" }],
    ];
    const result = await normalize(JSON.stringify(history), "history.json");
    expect(result.rejected.map((r) => [r.reason.code, r.reason.message])).toEqual([
      ["MISSING_FIELD", expect.stringContaining("metric")],
    ]);
  });

  it("leaves a generic long record that carries Home Assistant keys to the generic reading", async () => {
    const record = {
      entity_id: "sensor.t",
      state: "on",
      last_changed: "2026-11-26T10:00:00Z",
      sensor_id: "th-01",
      metric: "temperature",
      value: 21.5,
      timestamp: "2026-11-26T10:00:00Z",
    };
    const result = await normalize(JSON.stringify([record]), "long.json");
    expect(result.rows.map((r) => [r.sensor_id, r.metric, r.value])).toEqual([
      ["th-01", "temperature", 21.5],
    ]);
  });

  it("reads single state objects (NDJSON of /api/states answers) the same way", async () => {
    const result = await normalize(
      JSON.stringify(weather("-3.9", "2026-11-26T10:15:00+00:00")) + "\n",
      "states.ndjson",
    );
    expect(result.rows.map((r) => [r.sensor_id, r.metric, r.value, r.unit])).toEqual([
      ["sensor.weather_temperature", "weather_temperature", -3.9, "Cel"],
    ]);
  });
});
