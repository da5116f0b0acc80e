import { ACCOUNT, type ObjectRef, type ObjectType, normalizeName, objectRef } from "./objects";

/**
 * What an entry of the privilege table can ask for, and the helpers entries use to name objects
 * from a resource's attributes.
 */

/** One requirement on the role that runs a resource's statement. */
export type Need =
  /** The role holds the privilege on the object (OWNERSHIP counts for every privilege). */
  | { readonly privilege: string; readonly on: ObjectRef }
  /** The role holds at least one of these. */
  | { readonly anyOf: ReadonlyArray<{ readonly privilege: string; readonly on: ObjectRef }> }
  /** The object exists (a grant names a role; the provider names a warehouse). */
  | { readonly exists: ObjectRef }
  /** Only this role may do it, whatever privileges another role holds. */
  | { readonly role: "ACCOUNTADMIN" };

/** A resource as the table sees it: its attributes' values where known before the apply. */
export interface ResourceView {
  readonly address: string;
  readonly type: string;
  /** The value of an attribute, with references to other resources' names resolved. */
  value(attribute: string): string | undefined;
  /** A nested block's attribute, e.g. `block("on_schema_object", "future", "in_schema")`. */
  nested(...path: string[]): string | undefined;
  /** The known items of a list attribute. */
  list(attribute: string): string[];
  /** Whether the attribute is set at all (even to an unknown value). */
  has(attribute: string): boolean;
  /** The warehouse of the resource's provider, if it sets one. */
  readonly providerWarehouse?: string;
}

/** A requirement with the attribute or statement that causes it, for the finding's message. */
export interface ExplainedNeed {
  readonly need: Need;
  /** What in the resource asks for it: an attribute name or "CREATE". */
  readonly because: string;
}

/** USAGE on the database and schema a schema object lives in, and a CREATE privilege on it. */
export function createInSchema(resource: ResourceView, privilege: string): Need[] {
  const database = objectRef("DATABASE", resource.value("database"));
  const schema = schemaOf(resource);
  if (!database || !schema) return [];
  return [
    { privilege: "USAGE", on: database },
    { privilege: "USAGE", on: schema },
    { privilege, on: schema },
  ];
}

/** The schema (`DB.SCHEMA`) named by a resource's `database` and `schema` attributes. */
export function schemaOf(resource: ResourceView): ObjectRef | undefined {
  const database = resource.value("database");
  const schema = resource.value("schema");
  if (database === undefined || schema === undefined) return undefined;
  return objectRef("SCHEMA", `${quoteIfNeeded(database)}.${quoteIfNeeded(schema)}`);
}

/** An object named by an attribute, or none when the attribute is unset or unknown. */
export function named(resource: ResourceView, type: ObjectType, attribute: string): ObjectRef[] {
  const object = objectRef(type, resource.value(attribute));
  return object ? [object] : [];
}

/** A global privilege. */
export function onAccount(privilege: string): Need {
  return { privilege, on: ACCOUNT };
}

/**
 * Names a schema object written in SQL text (`DB.SCHEMA.NAME`, optionally quoted) as an object
 * reference; names that are not fully qualified are not resolved (the text decides its context).
 */
export function qualifiedInText(type: ObjectType, text: string | undefined): ObjectRef | undefined {
  if (text === undefined) return undefined;
  const name = normalizeName(text.replace(/^'|'$/g, ""));
  return name !== undefined && name.split(".").length === 3 ? { type, name } : undefined;
}

function quoteIfNeeded(part: string): string {
  return part.startsWith('"') ? part : `"${part}"`;
}
