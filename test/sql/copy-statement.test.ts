import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ContractColumn, LINEAGE_COLUMNS, READING_COLUMNS } from "../../contract/reading";
import { COPY_INTO_READINGS_RAW_FILE, copyIntoReadingsRawTemplate } from "../../sql/copy-statement";
import { SQL_DIR } from "../../sql/render";

function column(name: string, snowflakeType: string): ContractColumn {
  return {
    name,
    description: name,
    jsonType: "string",
    nullable: false,
    snowflakeType,
    duckdbType: "VARCHAR",
  };
}

/** The lines between `start` (exclusive) and the first line equal to `end`, without commas. */
function block(text: string, start: string, end: string): string[] {
  const lines = text.split("\n");
  const from = lines.indexOf(start) + 1;
  const to = lines.indexOf(end, from);
  return lines.slice(from, to).map((line) => line.trim().replace(/,$/, ""));
}

describe("copyIntoReadingsRawTemplate", () => {
  test("equals the checked-in sql/copy_into_readings_raw.sql (run `npm run generate:copy-sql` after a contract change)", () => {
    const checkedIn = readFileSync(join(SQL_DIR, COPY_INTO_READINGS_RAW_FILE), "utf8");
    expect(checkedIn).toBe(copyIntoReadingsRawTemplate());
  });

  test("loads every contract column, then every lineage column, upper case and in contract order", () => {
    const targets = block(copyIntoReadingsRawTemplate(), "COPY INTO {{ TABLE }} (", ")");
    expect(targets).toEqual(
      [...READING_COLUMNS, ...LINEAGE_COLUMNS].map((contractColumn) =>
        contractColumn.name.toUpperCase(),
      ),
    );
  });

  test("reads each contract column from its JSON key and casts it to the column's Snowflake type", () => {
    // GIVEN a two-column contract and a lineage of file names only
    const text = copyIntoReadingsRawTemplate(
      [column("sensor_id", "VARCHAR"), column("value", "FLOAT")],
      [column("file_name", "VARCHAR")],
    );
    // THEN the select list reads the keys as written, in order, then the file name metadata
    expect(block(text, "  SELECT", "  FROM @{{ STAGE }}")).toEqual([
      "$1:sensor_id::VARCHAR",
      "$1:value::FLOAT",
      "METADATA$FILENAME::VARCHAR",
    ]);
  });

  test("takes the load time from the file's scan start converted to UTC, never from the clock", () => {
    const text = copyIntoReadingsRawTemplate([], [column("loaded_at", "TIMESTAMP_NTZ(3)")]);
    expect(block(text, "  SELECT", "  FROM @{{ STAGE }}")).toEqual([
      "CONVERT_TIMEZONE('UTC', METADATA$START_SCAN_TIME)::TIMESTAMP_NTZ(3)",
    ]);
    expect(copyIntoReadingsRawTemplate()).not.toMatch(
      /CURRENT_(DATE|TIME|TIMESTAMP)|SYSDATE|SYSTIMESTAMP|GETDATE|LOCALTIME/,
    );
  });

  test("names the format in the COPY and skips a failing file, the only mode that sends error notifications", () => {
    const lines = copyIntoReadingsRawTemplate().trimEnd().split("\n");
    expect(lines.slice(-2)).toEqual([
      "FILE_FORMAT = (FORMAT_NAME = '{{ FILE_FORMAT }}')",
      "ON_ERROR = SKIP_FILE",
    ]);
  });

  test("uses none of the options or clauses a pipe's COPY rejects", () => {
    expect(copyIntoReadingsRawTemplate()).not.toMatch(
      /\b(PURGE|FORCE|VALIDATION_MODE|FILES|SIZE_LIMIT|RETURN_FAILED_ONLY|WHERE|PATTERN)\b/,
    );
  });

  test("is byte-stable text: LF line ends, no tabs, no trailing spaces, one final newline", () => {
    const text = copyIntoReadingsRawTemplate();
    expect(text).not.toMatch(/\r|\t| \n/);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    expect(copyIntoReadingsRawTemplate()).toBe(text);
  });

  test("refuses a lineage column it has no load-time source for", () => {
    expect(() => copyIntoReadingsRawTemplate([], [column("loaded_by", "VARCHAR")])).toThrow(
      /lineage column "loaded_by" has no load-time source[\s\S]*Fix: add it to LINEAGE_SOURCES/,
    );
  });
});
