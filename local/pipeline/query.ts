/** `sensorctl local --query`: run SQL against the local database and print a plain text table. */
import type { PipelineDatabase } from "./database";

function cell(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Runs `sql` and returns its result as aligned columns with a header line. */
export async function queryAsTable(database: PipelineDatabase, sql: string): Promise<string> {
  const reader = await database.connection.runAndReadAll(sql);
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
