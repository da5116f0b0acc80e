/**
 * The Snowflake objects the first-apply checker reasons about, named the way Snowflake resolves
 * them: unquoted parts upper-cased, quoted parts kept as written, joined with dots.
 */

/** Object types privileges are granted on, spelled as in GRANT ... ON <type>. */
export type ObjectType =
  | "ACCOUNT"
  | "DATABASE"
  | "SCHEMA"
  | "TABLE"
  | "VIEW"
  | "STAGE"
  | "FILE FORMAT"
  | "PIPE"
  | "STREAM"
  | "TASK"
  | "INTEGRATION"
  | "WAREHOUSE"
  | "RESOURCE MONITOR"
  | "ROLE"
  | "USER"
  | "NETWORK POLICY";

/** One object: its type and its normalized (fully qualified, for schema objects) name. */
export interface ObjectRef {
  readonly type: ObjectType;
  /** Normalized name; empty for the account. */
  readonly name: string;
}

/** The account, on which global privileges (CREATE DATABASE, MANAGE GRANTS, ...) are granted. */
export const ACCOUNT: ObjectRef = { type: "ACCOUNT", name: "" };

/** Schema-object types as GRANT ... ON ALL / FUTURE <plural> spells them. */
export const SCHEMA_OBJECT_PLURALS: Readonly<Record<string, ObjectType>> = {
  TABLES: "TABLE",
  VIEWS: "VIEW",
  STAGES: "STAGE",
  "FILE FORMATS": "FILE FORMAT",
  PIPES: "PIPE",
  STREAMS: "STREAM",
  TASKS: "TASK",
};

/**
 * Normalizes an identifier as Snowflake resolves it: `"A"."b".c` becomes `A.b.C`. Returns
 * undefined for text that is not an identifier (an unresolved Terraform expression).
 */
export function normalizeName(text: string): string | undefined {
  const parts: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*))\s*(\.|$)/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) return undefined;
    parts.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2].toUpperCase());
    index = pattern.lastIndex;
    if (match[3] === "" && index < text.length) return undefined;
  }
  return parts.length > 0 ? parts.join(".") : undefined;
}

/** An object reference from a type and a raw name; undefined when the name cannot be read. */
export function objectRef(type: ObjectType, rawName: string | undefined): ObjectRef | undefined {
  if (rawName === undefined) return undefined;
  const name = normalizeName(rawName);
  return name === undefined ? undefined : { type, name };
}

/** `TYPE NAME`, for messages and map keys. */
export function describeObject(object: ObjectRef): string {
  return object.type === "ACCOUNT" ? "ACCOUNT" : `${object.type} ${object.name}`;
}

/** Same type and name. */
export function sameObject(a: ObjectRef, b: ObjectRef): boolean {
  return a.type === b.type && a.name === b.name;
}

/** The schema (`DB.SCHEMA`) a schema object's normalized name lives in. */
export function schemaOfName(name: string): string | undefined {
  const parts = name.split(".");
  return parts.length === 3 ? `${parts[0]}.${parts[1]}` : undefined;
}
