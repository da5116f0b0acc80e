/** A bind value in a parameterized statement. */
export type SqlBind = string | number;

/** One result row, column names as Snowflake returns them (upper case unless quoted). */
export type SqlRow = Readonly<Record<string, unknown>>;

/**
 * The query side of Snowflake as the operator tools use it. Names of objects are passed as binds
 * through `IDENTIFIER(?)`, never spliced into the text.
 */
export interface SqlClient {
  query(sqlText: string, binds?: readonly SqlBind[]): Promise<readonly SqlRow[]>;
  close(): Promise<void>;
}
