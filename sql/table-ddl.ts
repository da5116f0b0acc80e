import { renderSql } from "./render";
import { CREATE_TABLES_FILES, type SqlEngine } from "./core-model";
import { statementOf } from "./statement-text";

/** Schemas the table DDL creates its tables in. */
export interface SchemaNames {
  readonly landingSchema: string;
  readonly coreSchema: string;
}

/** The CREATE TABLE statements of LANDING.READINGS_RAW and the CORE tables for one engine. */
export function createTableStatements(engine: SqlEngine, names: SchemaNames): string[] {
  const text = renderSql(CREATE_TABLES_FILES[engine], {
    LANDING_SCHEMA: names.landingSchema,
    CORE_SCHEMA: names.coreSchema,
  });
  return text
    .split(/;\s*\n/)
    .map(statementOf)
    .filter((statement) => statement.length > 0);
}
