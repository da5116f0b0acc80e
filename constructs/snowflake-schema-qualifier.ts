import type { Schema } from "@cdktf/provider-snowflake/lib/schema";
import type { SnowflakeDatabase } from "./snowflake-database";

/** A schema's unquoted `DATABASE.SCHEMA` name, and names of objects inside it. */
export interface SchemaQualifier {
  /** `DATABASE.SCHEMA`. */
  readonly schemaName: string;
  /** `DATABASE.SCHEMA.<name>`. */
  qualify(name: string): string;
}

/**
 * Unquoted qualified names for SQL text (task bodies, views): every identifier here is upper
 * case, so the unquoted form names the same object as the provider's quoted fully_qualified_name,
 * and the text is known at synth (tests can compare it with the rendered `sql/` files).
 */
export function schemaQualifier(database: SnowflakeDatabase, schema: Schema): SchemaQualifier {
  const databaseName = database.database.nameInput;
  const schemaNameInput = schema.nameInput;
  if (databaseName === undefined || schemaNameInput === undefined) {
    throw new Error("schemaQualifier: the database and the schema must have names.");
  }
  const schemaName = `${databaseName}.${schemaNameInput}`;
  return { schemaName, qualify: (name) => `${schemaName}.${name}` };
}
