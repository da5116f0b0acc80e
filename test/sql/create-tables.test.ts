import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { LINEAGE_COLUMNS, READING_COLUMNS } from "../../contract/reading";
import { CREATE_TABLES_FILES, createTablesTemplate } from "../../sql/core-model";
import { SQL_DIR } from "../../sql/render";
import { createTableStatements } from "../../sql/table-ddl";

describe("sql/create_tables*.sql", () => {
  test.each(Object.entries(CREATE_TABLES_FILES))(
    "the checked-in %s DDL is what the contract generates (run npm run generate:sql after a contract change)",
    (engine, file) => {
      const checkedIn = readFileSync(join(SQL_DIR, file), "utf8");
      expect(checkedIn).toBe(createTablesTemplate(engine as "snowflake" | "duckdb"));
    },
  );

  test("gives DuckDB's LANDING.READINGS_RAW and CORE.READINGS the contract's columns and DuckDB types, in order", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run("CREATE SCHEMA landing; CREATE SCHEMA core");
    for (const statement of createTableStatements("duckdb", {
      landingSchema: "landing",
      coreSchema: "core",
    })) {
      await connection.run(statement);
    }
    const expected = [...READING_COLUMNS, ...LINEAGE_COLUMNS].map((column) => ({
      name: column.name.toUpperCase(),
      type: column.duckdbType,
      nullable: column.nullable ? "YES" : "NO",
    }));
    const columnsOf = async (table: string) =>
      (
        await connection.runAndReadAll(
          `SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE lower(table_name) = '${table}' ORDER BY ordinal_position`,
        )
      ).getRowObjectsJson();
    expect(await columnsOf("readings_raw")).toEqual(expected);
    // CORE.READINGS leads with the sensor's identity, then the same columns.
    expect(await columnsOf("readings")).toEqual([
      { name: "SENSOR_KEY", type: "VARCHAR", nullable: "NO" },
      ...expected,
    ]);
    connection.closeSync();
    instance.closeSync();
  });

  test("enforces the READINGS key in DuckDB so a transformation bug cannot hide duplicates", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run("CREATE SCHEMA landing; CREATE SCHEMA core");
    for (const statement of createTableStatements("duckdb", {
      landingSchema: "landing",
      coreSchema: "core",
    })) {
      await connection.run(statement);
    }
    const insert =
      "INSERT INTO core.readings VALUES ('g/s', 's', 'm', 1, NULL, TIMESTAMP '2026-01-01 00:00:00', 'g', 'k', 1, 'f', 1, TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00')";
    await connection.run(insert);
    await expect(connection.run(insert)).rejects.toThrow(/constraint/i);
    connection.closeSync();
    instance.closeSync();
  });
});
