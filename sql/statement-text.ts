/** The statement without its leading comment lines, trailing semicolon or surrounding blank space. */
export function statementOf(text: string): string {
  const lines = text.split("\n");
  while (lines.length > 0 && (lines[0].trim() === "" || lines[0].trimStart().startsWith("--"))) {
    lines.shift();
  }
  return lines.join("\n").trim().replace(/;$/, "").trimEnd();
}

/** Each line indented by two spaces, for a statement inside a Snowflake Scripting block. */
export function indent(statement: string): string {
  return statement
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
