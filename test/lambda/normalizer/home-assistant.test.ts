/**
 * Home Assistant's History panel "Download data" CSV (`entity_id,state,last_changed`, one state
 * change a row, UTC times with milliseconds), as exported and as shown in public projects' data.
 */
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
