import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BEGIN_MARKER, END_MARKER, renderCostTables } from "./render";

/** docs/cost.md, whose generated section this script rewrites. */
export const COST_DOC = join(__dirname, "..", "docs", "cost.md");

/** Replaces the generated section of a document's text with the model's current tables. */
export function withGeneratedTables(text: string): string {
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin < 0 || end < begin) {
    throw new Error(`docs/cost.md must contain "${BEGIN_MARKER}" followed by "${END_MARKER}".`);
  }
  return text.slice(0, begin) + renderCostTables() + text.slice(end + END_MARKER.length);
}

if (require.main === module) {
  writeFileSync(COST_DOC, withGeneratedTables(readFileSync(COST_DOC, "utf8")));
  process.stdout.write(`rewrote the generated tables in ${COST_DOC}\n`);
}
