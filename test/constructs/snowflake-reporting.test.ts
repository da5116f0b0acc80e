import { renderSql } from "../../sql/render";
import { pipelineStack, resourcesOfType, synthesize } from "../helpers/synth";
import { fullySynthesize } from "../helpers/transformation-stack";

const views = Object.values(resourcesOfType(synthesize(pipelineStack()), "snowflake_view")).filter(
  (view) => JSON.stringify(view.schema).includes("SnowflakeDatabase_REPORTING"),
);
const view = (name: string) => {
  const found = views.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no view ${name}`);
  return found;
};
const columnNames = (name: string) =>
  (view(name).column as Array<{ column_name: string }>).map((column) => column.column_name);

describe("SnowflakeReporting", () => {
  test("creates the four Power BI views in REPORTING as the owner role", () => {
    expect(views.map((candidate) => candidate.name).sort()).toEqual([
      "LATEST_READINGS",
      "READINGS",
      "READINGS_HOURLY",
      "SENSORS",
    ]);
    for (const candidate of views) expect(candidate.provider).toBe("snowflake");
  });

  test("keeps grants when a view is replaced (copy_grants)", () => {
    for (const candidate of views) expect(candidate.copy_grants).toBe(true);
  });

  test("selects from the fully qualified CORE tables with the text of sql/views", () => {
    const params = { CORE_SCHEMA: "SENSORS_DEV.CORE" };
    expect(view("READINGS").statement).toBe(renderSql("views/readings.sql", params).trim());
    expect(view("READINGS_HOURLY").statement).toBe(
      renderSql("views/readings_hourly.sql", params).trim(),
    );
    expect(view("SENSORS").statement).toBe(renderSql("views/sensors.sql", params).trim());
    expect(view("LATEST_READINGS").statement).toBe(
      renderSql("views/latest_readings.sql", params).trim(),
    );
  });

  test("names READINGS columns for report authors, with a date column for the date table", () => {
    expect(columnNames("READINGS")).toEqual([
      "SENSOR_KEY",
      "SENSOR_ID",
      "METRIC",
      "VALUE",
      "UNIT",
      "OBSERVED_AT",
      "OBSERVED_DATE",
      "GATEWAY_ID",
      "LOADED_AT",
      "UPLOADED_AT",
    ]);
  });

  test("names READINGS_HOURLY columns after the aggregate they hold", () => {
    expect(columnNames("READINGS_HOURLY")).toEqual([
      "SENSOR_KEY",
      "SENSOR_ID",
      "METRIC",
      "HOUR_START",
      "HOUR_DATE",
      "READING_COUNT",
      "VALUE_MIN",
      "VALUE_MAX",
      "VALUE_AVG",
      "VALUE_SUM",
    ]);
  });

  test("gives SENSORS and LATEST_READINGS one row per sensor and per sensor and metric", () => {
    expect(columnNames("SENSORS")).toEqual([
      "SENSOR_KEY",
      "SENSOR_ID",
      "GATEWAY_ID",
      "GATEWAYS",
      "METRICS",
      "FIRST_SEEN_AT",
      "LAST_SEEN_AT",
    ]);
    expect(columnNames("LATEST_READINGS")).toEqual([
      "SENSOR_KEY",
      "SENSOR_ID",
      "METRIC",
      "VALUE",
      "UNIT",
      "OBSERVED_AT",
      "GATEWAY_ID",
      "LOADED_AT",
    ]);
  });

  test("comments every column", () => {
    for (const candidate of views) {
      for (const column of candidate.column as Array<{ comment?: string }>) {
        expect(column.comment?.length).toBeGreaterThan(10);
      }
    }
  });

  test("are read back by the owner provider on the operators' warehouse, which the bootstrap SQL lets the owner role use", () => {
    const full = fullySynthesize(pipelineStack());
    const owner = (full.provider?.snowflake ?? []).find((provider) => !provider.alias);
    expect(owner?.warehouse).toBe("SENSORS_DEV_OPS_WH");
  });
});
