import { Token } from "cdktf";

const UNQUOTED_UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Throws unless `value` is an unquoted upper-case Snowflake identifier, so quoted and unquoted
 * references (the provider's `fully_qualified_name` and the COPY text) name the same object.
 * Unresolved tokens pass: they are checked where their value is set.
 */
export function assertSnowflakeIdentifier(construct: string, prop: string, value: string): void {
  if (Token.isUnresolved(value) || UNQUOTED_UPPER_CASE.test(value)) return;
  throw new Error(
    `${construct}: ${prop} "${value}" must be an unquoted Snowflake identifier in upper case (letters, digits, underscores; starts with a letter).`,
  );
}

/** The identifier in double quotes, as the provider writes fully qualified names. */
export function quotedIdentifier(name: string): string {
  return `"${name}"`;
}
