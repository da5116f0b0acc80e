import { READINGS } from "../../sql/core-model";
import { renderSql } from "../../sql/render";
import {
  REPORTING_VIEWS,
  TRANSFORM_FILES,
  snowflakeTaskBody,
  transformStatements,
} from "../../sql/transform";

const NAMES = { changes: "DB.LANDING.READINGS_RAW_CHANGES", coreSchema: "DB.CORE" };

/** A rendered file's statement: the text after its header comment, without the trailing semicolon. */
function renderedStatement(file: string): string {
  const text = renderSql(file, { CHANGES: NAMES.changes, CORE_SCHEMA: NAMES.coreSchema });
  return text.slice(text.indexOf("MERGE INTO")).trim();
}

describe("transformStatements", () => {
  test("returns the three sql/ files, rendered, in the order the transaction needs", () => {
    expect(transformStatements(NAMES)).toEqual([
      renderedStatement("merge_readings.sql"),
      renderedStatement("merge_sensors.sql"),
      renderedStatement("recompute_readings_hourly.sql"),
    ]);
  });

  test("fills every placeholder, so no {{ }} reaches an engine", () => {
    for (const statement of transformStatements(NAMES)) expect(statement).not.toMatch(/\{\{|\}\}/);
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

  test("is one Snowflake Scripting block, ended by END; as documented, that opens a transaction first and commits last", () => {
    expect(lines.slice(0, 2)).toEqual(["BEGIN", "  BEGIN TRANSACTION;"]);
    expect(lines.slice(-6)).toEqual([
      "  COMMIT;",
      "EXCEPTION",
      "  WHEN OTHER THEN",
      "    ROLLBACK;",
      "    RAISE;",
      "END;",
    ]);
  });

  test("runs each rendered file once, in order, between BEGIN TRANSACTION and COMMIT", () => {
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
    expect(statements).toEqual(TRANSFORM_FILES.map(renderedStatement));
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
