import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Folder holding the SQL bodies shared by the Snowflake constructs and the local pipeline. */
export const SQL_DIR = __dirname;

const PLACEHOLDER = /\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g;

/**
 * Reads `sql/<fileName>` and replaces every `{{ NAME }}` placeholder with `params.NAME`.
 *
 * Fails, naming the file and line, when a placeholder has no value or a value is never used, so a
 * renamed placeholder cannot silently produce broken SQL.
 */
export function renderSql(fileName: string, params: Readonly<Record<string, string>>): string {
  const text = readFileSync(join(SQL_DIR, fileName), "utf8");
  return renderSqlText(text, params, `sql/${fileName}`);
}

/** Same as {@link renderSql} for SQL text already in memory; `origin` names it in errors. */
export function renderSqlText(
  text: string,
  params: Readonly<Record<string, string>>,
  origin: string,
): string {
  const used = new Set<string>();
  const missing: string[] = [];
  const lines = text.split("\n").map((line, index) =>
    line.replace(PLACEHOLDER, (whole, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(params, name)) {
        missing.push(`${origin}:${index + 1}: placeholder {{ ${name} }} has no value`);
        return whole;
      }
      used.add(name);
      return params[name];
    }),
  );
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (missing.length > 0 || unused.length > 0) {
    const problems = [
      ...missing,
      ...unused.map((name) => `${origin}: value for ${name} is given but no {{ ${name} }} uses it`),
    ];
    throw new Error(
      `${problems.join("\n")}\nFix: pass exactly the placeholders the SQL file names, in upper case.`,
    );
  }
  return lines.join("\n");
}
