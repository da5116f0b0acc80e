/** A Snowflake identifier as Snowflake compares it: quotes removed, unquoted names upper case. */
export function snowflakeName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return /^".*"$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed.toUpperCase();
}

/** Whether an optional string argument holds a value. */
export function isSet(value: unknown): boolean {
  return typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null;
}
