import { batchWindowStatement, SNOWFLAKE_WINDOW_DECLARATIONS } from "../../sql/batch-window";
import { READINGS } from "../../sql/core-model";
import { renderSql } from "../../sql/render";
import { SENSOR_KEY_EXPRESSIONS } from "../../sql/sensor-identity";
import { REPORTING_VIEWS } from "../../sql/reporting-views";
import { TRANSFORM_FILES, transformStatements } from "../../sql/merge-statements";
import { snowflakeTaskBody } from "../../sql/task-bodies";

const NAMES = { changes: "DB.LANDING.READINGS_RAW_CHANGES", coreSchema: "DB.CORE" };

const WINDOWED = new Set(["merge_readings.sql", "recompute_readings_hourly.sql"]);

/** A rendered file's statement (Snowflake): the text after its header comment, without the semicolon. */
function renderedStatement(file: string): string {
  const text = renderSql(file, {
    CHANGES: NAMES.changes,
    CORE_SCHEMA: NAMES.coreSchema,
    SENSOR_KEY: SENSOR_KEY_EXPRESSIONS.gateway,
    ...(WINDOWED.has(file) ? { WINDOW_START: ":window_start", WINDOW_END: ":window_end" } : {}),
  });
  return text.slice(text.indexOf("MERGE INTO")).trim();
}

describe("transformStatements", () => {
  test("returns the three sql/ files, rendered, in the order the transaction needs", () => {
    expect(transformStatements(NAMES, "snowflake")).toEqual([
      renderedStatement("merge_readings.sql"),
      renderedStatement("merge_sensors.sql"),
      renderedStatement("recompute_readings_hourly.sql"),
    ]);
  });

  test("fills every placeholder, so no {{ }} reaches an engine", () => {
    for (const engine of ["snowflake", "duckdb"] as const)
      for (const statement of transformStatements(NAMES, engine))
        expect(statement).not.toMatch(/\{\{|\}\}/);
  });

  test("keys sensors by gateway and sensor id by default, and by sensor id alone where ids are global", () => {
    const [byGateway] = transformStatements(NAMES, "duckdb");
    const [global] = transformStatements({ ...NAMES, sensorIdentity: "global" }, "duckdb");
    expect(byGateway).toContain("GATEWAY_ID || '/' || SENSOR_ID AS SENSOR_KEY");
    expect(global).toContain("SENSOR_ID AS SENSOR_KEY");
    expect(global).not.toContain("GATEWAY_ID || '/'");
  });

  test("bounds READINGS and READINGS_HOURLY by the window in each engine's own terms", () => {
    const [readings, sensors, hourly] = transformStatements(NAMES, "snowflake");
    expect(readings).toContain("target.OBSERVED_AT >= :window_start");
    expect(hourly).toContain("target.HOUR_START < :window_end");
    expect(sensors).not.toContain("window");
    const [local] = transformStatements(NAMES, "duckdb");
    expect(local).toContain("target.OBSERVED_AT >= getvariable('batch_window').window_start");
  });

  test("inserts every CORE.READINGS column of the model", () => {
    const insert = renderedStatement("merge_readings.sql").split(
      "WHEN NOT MATCHED THEN INSERT (",
    )[1];
    const columns = insert
      .slice(0, insert.indexOf(")"))
      .split(",")
      .map((column) => column.trim());
    expect(columns).toEqual(READINGS.columns.map((column) => column.name.toUpperCase()));
  });
});

describe("snowflakeTaskBody", () => {
  const body = snowflakeTaskBody(NAMES);
  const lines = body.split("\n");

  test("is one Snowflake Scripting block, ended by END; as documented, that declares the window, opens a transaction first and commits last", () => {
    expect(lines.slice(0, 5)).toEqual([
      "DECLARE",
      ...SNOWFLAKE_WINDOW_DECLARATIONS.map((line) => `  ${line}`),
      "BEGIN",
      "  BEGIN TRANSACTION;",
    ]);
    expect(lines.slice(-6)).toEqual([
      "  COMMIT;",
      "EXCEPTION",
      "  WHEN OTHER THEN",
      "    ROLLBACK;",
      "    RAISE;",
      "END;",
    ]);
  });

  test("computes the window, then runs each rendered file once, in order, between BEGIN TRANSACTION and COMMIT", () => {
    const inner = body.slice(body.indexOf("BEGIN TRANSACTION;") + 18, body.indexOf("  COMMIT;"));
    const statements = inner
      .split(/;\n/)
      .map((statement) =>
        statement
          .split("\n")
          .map((line) => line.replace(/^ {2}/, ""))
          .join("\n")
          .trim(),
      )
      .filter(Boolean);
    expect(statements).toEqual([
      batchWindowStatement("snowflake", NAMES.changes),
      ...TRANSFORM_FILES.map(renderedStatement),
    ]);
  });
});

describe("REPORTING_VIEWS", () => {
  test("describe columns without commas or parentheses, which the provider cannot parse back", () => {
    for (const view of REPORTING_VIEWS) {
      for (const text of [view.description, ...view.columns.map((column) => column.description)]) {
        expect(text).not.toMatch(/[,()]/);
      }
    }
  });
});
