/** `sensorctl local --query`: run SQL against the local database and print plain text tables. */
import type { DuckDBResultReader } from "@duckdb/node-api";
import type { PipelineDatabase } from "./database";

function cell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function asTable(reader: DuckDBResultReader): string {
  const names = reader.columnNames();
  const rows = reader.getRowsJson().map((row) => row.map(cell));
  const widths = names.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return `${[line(names), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n(${rows.length} rows)\n`;
}

/**
 * Runs every statement of `sql` in order and prints each result as aligned columns with a header
 * line, a blank line between results. A failing statement stops the run, naming its position; the
 * results before it are already printed.
 */
export async function printQueryResults(
  database: PipelineDatabase,
  sql: string,
  print: (text: string) => void,
): Promise<void> {
  const statements = await database.connection
    .extractStatements(sql)
    .catch((error: Error) => Promise.reject(new Error(`--query: ${error.message}`)));
  for (let index = 0; index < statements.count; index++) {
    let table: string;
    try {
      const prepared = await statements.prepare(index);
      table = asTable(await prepared.runAndReadAll());
    } catch (error) {
      const position =
        statements.count > 1 ? ` (statement ${index + 1} of ${statements.count})` : "";
      throw new Error(`--query failed${position}: ${(error as Error).message}`);
    }
    print(index > 0 ? `\n${table}` : table);
  }
}
