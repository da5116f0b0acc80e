import type { Creation, PrivilegeGrant, RoleGrant } from "./access-facts";
import type { ResourceView } from "./needs";
import { type ObjectRef, type ObjectType, SCHEMA_OBJECT_PLURALS, objectRef } from "./objects";
import { grantTarget } from "./privilege-table";

/**
 * What each Snowflake resource type brings into being, as access facts: the object it creates
 * (owned by its provider's role), or the grant it makes. Add a line here when a new resource type
 * creates an object that others name (a pipe, a user, a schema).
 */

/** Account-level objects: named by `name` alone. */
const ACCOUNT_OBJECTS: Readonly<Record<string, ObjectType>> = {
  snowflake_database: "DATABASE",
  snowflake_storage_integration: "INTEGRATION",
  snowflake_notification_integration: "INTEGRATION",
  snowflake_warehouse: "WAREHOUSE",
  snowflake_resource_monitor: "RESOURCE MONITOR",
  snowflake_account_role: "ROLE",
  snowflake_service_user: "USER",
  snowflake_user: "USER",
  snowflake_legacy_service_user: "USER",
  snowflake_network_policy: "NETWORK POLICY",
};

/** Schema objects: named `database.schema.name`. */
const SCHEMA_OBJECTS: Readonly<Record<string, ObjectType>> = {
  snowflake_table: "TABLE",
  snowflake_view: "VIEW",
  snowflake_stage: "STAGE",
  snowflake_file_format: "FILE FORMAT",
  snowflake_pipe: "PIPE",
  snowflake_stream_on_table: "STREAM",
  snowflake_task: "TASK",
};

/** The object a resource creates, if it creates one the checker knows. */
export function objectCreatedBy(resource: ResourceView): ObjectRef | undefined {
  const accountType = ACCOUNT_OBJECTS[resource.type];
  if (accountType) return objectRef(accountType, quoted(resource.value("name")));
  if (resource.type === "snowflake_schema") {
    const database = resource.value("database");
    const name = resource.value("name");
    return database && name
      ? objectRef("SCHEMA", `${quoted(database)}.${quoted(name)}`)
      : undefined;
  }
  const schemaType = SCHEMA_OBJECTS[resource.type];
  if (schemaType) {
    const parts = ["database", "schema", "name"].map((attribute) => resource.value(attribute));
    if (parts.some((part) => part === undefined)) return undefined;
    return objectRef(schemaType, parts.map(quoted).join("."));
  }
  return undefined;
}

/** The access facts a resource establishes once Terraform has created it. */
export function factsOf(
  resource: ResourceView,
  providerRole: string,
): { creations: Creation[]; roleGrants: RoleGrant[]; privilegeGrants: PrivilegeGrant[] } {
  const source = { kind: "resource" as const, address: resource.address };
  const facts = {
    creations: [] as Creation[],
    roleGrants: [] as RoleGrant[],
    privilegeGrants: [] as PrivilegeGrant[],
  };
  const created = objectCreatedBy(resource);
  if (created) facts.creations.push({ object: created, owner: providerRole, source });
  if (resource.type === "snowflake_grant_account_role") {
    const role = objectRef("ROLE", resource.value("role_name"));
    const parent = objectRef("ROLE", resource.value("parent_role_name"));
    const user = objectRef("USER", resource.value("user_name"));
    const grantee = parent ?? user;
    if (role && grantee) {
      facts.roleGrants.push({
        role: role.name,
        grantee: { type: grantee.type as "ROLE" | "USER", name: grantee.name },
        source,
      });
    }
  }
  if (resource.type === "snowflake_grant_privileges_to_account_role") {
    const role = objectRef("ROLE", resource.value("account_role_name"));
    const privileges = privilegesOf(resource);
    const target = grantTarget(resource);
    if (role && target) {
      let kind: "object" | "all" | "future" = "object";
      let type: ObjectType | undefined;
      for (const candidate of ["all", "future"] as const) {
        const plural = resource.nested("on_schema_object", candidate, "object_type_plural");
        if (plural) {
          kind = candidate;
          type = SCHEMA_OBJECT_PLURALS[plural];
        }
      }
      facts.privilegeGrants.push({
        role: role.name,
        privileges,
        on:
          kind === "object" || !type
            ? { kind: "object", object: target }
            : { kind, type, schema: target.name },
        source,
      });
    }
  }
  return facts;
}

function privilegesOf(resource: ResourceView): string[] {
  if (resource.value("all_privileges") === "true") return ["ALL PRIVILEGES"];
  return resource.list("privileges").map((privilege) => privilege.toUpperCase());
}

/** Provider attributes are quoted identifiers: keep their case. */
function quoted(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.startsWith('"') ? value : `"${value}"`;
}
