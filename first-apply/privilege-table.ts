import { SCHEMA_OBJECT_PLURALS, objectRef, type ObjectRef, type ObjectType } from "./objects";
import {
  type Need,
  type ResourceView,
  createInSchema,
  named,
  onAccount,
  qualifiedInText,
} from "./needs";

/**
 * THE privilege table: what Snowflake requires of the role that runs each statement the stacks
 * and the operators' tools cause. One entry per resource type (and per attribute that needs more),
 * each citing the page that says so. Where the documentation is unclear, `reading` says so and
 * gives the reading the checker applies.
 *
 * To add a Snowflake resource type: add its entries here (at least the CREATE entry), and, if it
 * creates an object others refer to, its line in `first-apply/resource-objects.ts`. The checker
 * reports any `snowflake_*` resource type without an entry, so a new type cannot slip past.
 *
 * Pages are docs.snowflake.com/en/<path> unless they name the provider (its v2.11.0 docs/ and
 * pkg/ files, unpacked at /work/ref/snowflake-provider-v2.11.0).
 */

/** One row of the table. */
export interface PrivilegeEntry {
  /** Terraform resource type, e.g. `snowflake_task`. */
  readonly resourceType: string;
  /** The attribute this entry is about; the entry applies only when it is set. @default - the CREATE itself */
  readonly attribute?: string;
  /** What the provider's role needs, from the resource's attributes. */
  readonly needs: (resource: ResourceView) => readonly Need[];
  /** The page that says so. */
  readonly doc: string;
  /** Where the page is unclear: what it leaves open, and the reading applied here. */
  readonly reading?: string;
}

const schemaObject = (resourceType: string, privilege: string, doc: string): PrivilegeEntry => ({
  resourceType,
  needs: (resource) => createInSchema(resource, privilege),
  doc,
});

const usage = (type: ObjectType) => (resource: ResourceView, attribute: string) =>
  named(resource, type, attribute).map((on) => ({ privilege: "USAGE", on }));

export const RESOURCE_PRIVILEGES: readonly PrivilegeEntry[] = [
  {
    resourceType: "snowflake_database",
    needs: () => [onAccount("CREATE DATABASE")],
    doc: "sql-reference/sql/create-database#access-control-requirements",
  },
  {
    resourceType: "snowflake_database",
    attribute: "data_retention_time_in_days",
    needs: () => [],
    doc: "user-guide/data-time-travel#specifying-the-data-retention-period-for-an-object",
    reading:
      "Not a privilege but an edition limit (Standard: 0 or 1 day; Enterprise: up to 90). It is enforced at synth by snowflake.edition in stacks/config.ts, so the entry only records where the rule lives.",
  },
  {
    resourceType: "snowflake_schema",
    needs: (resource) => {
      const database = objectRef("DATABASE", resource.value("database"));
      return database
        ? [
            { privilege: "USAGE", on: database },
            { privilege: "CREATE SCHEMA", on: database },
          ]
        : [];
    },
    doc: "sql-reference/sql/create-schema#access-control-requirements",
  },
  {
    resourceType: "snowflake_storage_integration",
    needs: () => [onAccount("CREATE INTEGRATION")],
    doc: "sql-reference/sql/create-storage-integration#access-control-requirements",
  },
  {
    resourceType: "snowflake_notification_integration",
    needs: () => [onAccount("CREATE INTEGRATION")],
    doc: "sql-reference/sql/create-notification-integration-sns#access-control-requirements",
  },
  schemaObject(
    "snowflake_file_format",
    "CREATE FILE FORMAT",
    "sql-reference/sql/create-file-format#access-control-requirements",
  ),
  schemaObject(
    "snowflake_stage",
    "CREATE STAGE",
    "sql-reference/sql/create-stage#access-control-requirements",
  ),
  {
    resourceType: "snowflake_stage",
    attribute: "storage_integration",
    needs: (resource) => usage("INTEGRATION")(resource, "storage_integration"),
    doc: "sql-reference/sql/create-stage#access-control-requirements",
  },
  schemaObject(
    "snowflake_table",
    "CREATE TABLE",
    "sql-reference/sql/create-table#access-control-requirements",
  ),
  schemaObject(
    "snowflake_pipe",
    "CREATE PIPE",
    "sql-reference/sql/create-pipe#access-control-requirements",
  ),
  {
    resourceType: "snowflake_pipe",
    attribute: "copy_statement",
    needs: (resource) => {
      const copy = resource.value("copy_statement") ?? "";
      const table = qualifiedInText("TABLE", /COPY INTO\s+(\S+)/i.exec(copy)?.[1]);
      const stage = qualifiedInText("STAGE", /FROM\s+@([^\s)]+)/i.exec(copy)?.[1]);
      const format = qualifiedInText(
        "FILE FORMAT",
        /FORMAT_NAME\s*=\s*'?([^\s')]+)/i.exec(copy)?.[1],
      );
      return [
        ...(table
          ? [
              { privilege: "INSERT", on: table },
              { privilege: "SELECT", on: table },
            ]
          : []),
        ...(stage ? [{ privilege: "USAGE", on: stage }] : []),
        ...(format ? [{ privilege: "USAGE", on: format }] : []),
      ];
    },
    doc: "sql-reference/sql/create-pipe#access-control-requirements",
    reading:
      "The page lists USAGE on the (external) stage and INSERT, SELECT on the table; it does not mention a named file format. We read the COPY's FORMAT_NAME like any other object the statement uses: USAGE, and it must exist.",
  },
  {
    resourceType: "snowflake_pipe",
    attribute: "error_integration",
    needs: (resource) => usage("INTEGRATION")(resource, "error_integration"),
    doc: "user-guide/data-load-snowpipe-errors-sns#step-3-create-or-alter-the-pipe (and create-pipe#access-control-requirements)",
  },
  schemaObject(
    "snowflake_stream_on_table",
    "CREATE STREAM",
    "sql-reference/sql/create-stream#access-control-requirements",
  ),
  {
    resourceType: "snowflake_stream_on_table",
    attribute: "table",
    needs: (resource) =>
      named(resource, "TABLE", "table").map((on) => ({ privilege: "SELECT", on })),
    doc: "sql-reference/sql/create-stream#access-control-requirements",
  },
  schemaObject(
    "snowflake_task",
    "CREATE TASK",
    "sql-reference/sql/create-task#access-control-requirements",
  ),
  {
    resourceType: "snowflake_task",
    attribute: "user_task_managed_initial_warehouse_size",
    needs: () => [onAccount("EXECUTE MANAGED TASK")],
    doc: "sql-reference/sql/create-task#access-control-requirements",
  },
  {
    resourceType: "snowflake_task",
    attribute: "warehouse",
    needs: (resource) => usage("WAREHOUSE")(resource, "warehouse"),
    doc: "sql-reference/sql/create-task#access-control-requirements",
  },
  {
    resourceType: "snowflake_task",
    attribute: "started",
    needs: (resource) => (resource.value("started") === "true" ? [onAccount("EXECUTE TASK")] : []),
    doc: "sql-reference/sql/alter-task#access-control-requirements",
    reading:
      "The provider resumes a started task right after CREATE (pkg/resources/task.go), so RESUME's EXECUTE TASK is needed at creation.",
  },
  {
    resourceType: "snowflake_task",
    attribute: "error_integration",
    needs: (resource) => usage("INTEGRATION")(resource, "error_integration"),
    doc: 'user-guide/tasks-errors-integrate ("creating or modifying a task that references a notification integration requires a role that has the USAGE privilege on the notification integration")',
  },
  {
    resourceType: "snowflake_task",
    attribute: "sql_statement",
    needs: (resource) =>
      [
        ...(resource.value("sql_statement") ?? "").matchAll(
          /NOTIFICATION\.INTEGRATION\(\s*'([^']+)'/gi,
        ),
      ]
        .map((match) => objectRef("INTEGRATION", match[1]))
        .filter((on): on is ObjectRef => on !== undefined)
        .map((on) => ({ privilege: "USAGE", on })),
    doc: "sql-reference/stored-procedures/system_send_snowflake_notification#access-control-requirements",
    reading:
      "SYSTEM$SEND_SNOWFLAKE_NOTIFICATION needs USAGE on the integration when the task runs, not when it is created; a started task may run within seconds, so the checker asks for it at creation.",
  },
  schemaObject(
    "snowflake_view",
    "CREATE VIEW",
    "sql-reference/sql/create-view#access-control-requirements",
  ),
  {
    resourceType: "snowflake_view",
    attribute: "statement",
    needs: (resource) =>
      [...(resource.value("statement") ?? "").matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_"][\w$".]*)/gi)]
        .map((match) => qualifiedInText("TABLE", match[1]))
        .filter((on): on is ObjectRef => on !== undefined)
        .map((on) => ({ privilege: "SELECT", on })),
    doc: "sql-reference/sql/create-view#access-control-requirements",
    reading:
      "SELECT on every table or view the definition reads. Only fully qualified names are resolved; a name the checker finds as a VIEW rather than a TABLE is treated as that view.",
  },
  {
    resourceType: "snowflake_view",
    needs: (resource) =>
      resource.providerWarehouse === undefined
        ? [{ exists: { type: "WAREHOUSE", name: "<none: the provider sets no warehouse>" } }]
        : [{ privilege: "USAGE", on: { type: "WAREHOUSE", name: resource.providerWarehouse } }],
    doc: "provider pkg/resources/view.go (read queries POLICY_REFERENCES, which runs on the connection's warehouse)",
    reading:
      "A provider requirement, not Snowflake's: every read of a view (the one after CREATE, and every plan) needs the provider's warehouse and USAGE on it.",
  },
  {
    resourceType: "snowflake_warehouse",
    needs: () => [onAccount("CREATE WAREHOUSE")],
    doc: "sql-reference/sql/create-warehouse#access-control-requirements",
  },
  {
    resourceType: "snowflake_warehouse",
    attribute: "resource_monitor",
    needs: () => [{ role: "ACCOUNTADMIN" }],
    doc: 'user-guide/resource-monitors#assigning-a-resource-monitor-to-a-warehouse; provider docs/resources/warehouse.md ("Assigning resource monitors to warehouses requires ACCOUNTADMIN role", issue 3019)',
  },
  {
    resourceType: "snowflake_resource_monitor",
    needs: () => [{ role: "ACCOUNTADMIN" }],
    doc: "sql-reference/sql/create-resource-monitor#access-control-requirements",
  },
  {
    resourceType: "snowflake_account_role",
    needs: () => [onAccount("CREATE ROLE")],
    doc: "sql-reference/sql/create-role#access-control-requirements",
  },
  {
    resourceType: "snowflake_service_user",
    needs: () => [onAccount("CREATE USER")],
    doc: "sql-reference/sql/create-user#access-control-requirements",
  },
  {
    resourceType: "snowflake_service_user",
    attribute: "network_policy",
    needs: (resource) =>
      named(resource, "NETWORK POLICY", "network_policy").map((on) => ({
        privilege: "OWNERSHIP",
        on,
      })),
    doc: "release-notes/bcr-bundles/un-bundled/bcr-non-existing-network-policy (setting a network policy at CREATE USER needs OWNERSHIP of the policy)",
    reading:
      "The page covers CREATE USER with a network policy; we read ALTER USER ... SET NETWORK_POLICY (the provider's update path) the same way. The stack's admin role creates, and so owns, the policy.",
  },
  {
    resourceType: "snowflake_network_policy",
    needs: () => [onAccount("CREATE NETWORK POLICY")],
    doc: "sql-reference/sql/create-network-policy#access-control-requirements",
  },
  {
    resourceType: "snowflake_grant_account_role",
    needs: (resource) => {
      const role = objectRef("ROLE", resource.value("role_name"));
      const grantee =
        objectRef("ROLE", resource.value("parent_role_name")) ??
        objectRef("USER", resource.value("user_name"));
      if (!role) return [];
      return [
        { exists: role },
        ...(grantee ? [{ exists: grantee }] : []),
        {
          anyOf: [
            { privilege: "OWNERSHIP", on: role },
            { privilege: "MANAGE GRANTS", on: { type: "ACCOUNT", name: "" } },
          ],
        },
      ];
    },
    doc: "sql-reference/sql/grant-role#access-control-requirements",
  },
  {
    resourceType: "snowflake_grant_privileges_to_account_role",
    needs: (resource) => {
      const grantee = objectRef("ROLE", resource.value("account_role_name"));
      const target = grantTarget(resource);
      return [
        ...(grantee ? [{ exists: grantee }] : []),
        ...(target ? [{ exists: target }] : []),
        {
          anyOf: [
            ...(target ? [{ privilege: "OWNERSHIP", on: target }] : []),
            { privilege: "MANAGE GRANTS", on: { type: "ACCOUNT", name: "" } },
          ],
        },
      ];
    },
    doc: "sql-reference/sql/grant-privilege#access-control-requirements",
    reading:
      "The page asks for OWNERSHIP of the object (or a grant with GRANT OPTION) or MANAGE GRANTS; grant options are not used here, so only the first and last count. For ALL/FUTURE grants the object is the schema.",
  },
];

/**
 * The object a `snowflake_grant_privileges_to_account_role` grants on (for ALL and FUTURE
 * grants, the schema), from its `on_*` blocks.
 */
export function grantTarget(resource: ResourceView): ObjectRef | undefined {
  if (resource.value("on_account") === "true") return { type: "ACCOUNT", name: "" };
  const accountObjectType = resource.nested("on_account_object", "object_type");
  if (accountObjectType) {
    return objectRef(
      accountObjectType.toUpperCase() as ObjectType,
      resource.nested("on_account_object", "object_name"),
    );
  }
  const schema = resource.nested("on_schema", "schema_name");
  if (schema) return objectRef("SCHEMA", schema);
  const objectType = resource.nested("on_schema_object", "object_type");
  if (objectType)
    return objectRef(
      objectType.toUpperCase() as ObjectType,
      resource.nested("on_schema_object", "object_name"),
    );
  for (const kind of ["all", "future"]) {
    const inSchema = resource.nested("on_schema_object", kind, "in_schema");
    if (
      inSchema &&
      SCHEMA_OBJECT_PLURALS[resource.nested("on_schema_object", kind, "object_type_plural") ?? ""]
    ) {
      return objectRef("SCHEMA", inSchema);
    }
  }
  return undefined;
}

/** What an operator tool's statement needs, keyed by the statement's name in the tool's declaration. */
export interface OperationEntry {
  /** The statement or function, as tools declare it. */
  readonly statement: string;
  /** What the tool's role needs on the object the statement is about. */
  readonly needs: (object: ObjectRef) => readonly Need[];
  readonly doc: string;
  readonly reading?: string;
}

const inItsSchema = (object: ObjectRef): Need[] => {
  const [database, schema] = object.name.split(".");
  return [
    { privilege: "USAGE", on: { type: "DATABASE", name: database } },
    { privilege: "USAGE", on: { type: "SCHEMA", name: `${database}.${schema}` } },
  ];
};

export const OPERATION_PRIVILEGES: readonly OperationEntry[] = [
  {
    statement: "SYSTEM$VALIDATE_STORAGE_INTEGRATION",
    needs: (integration) => [{ privilege: "USAGE", on: integration }],
    doc: "sql-reference/functions/system_validate_storage_integration",
    reading:
      "The page states no privilege. Like DESC INTEGRATION, the function can only name an integration the role can see, so we require USAGE on it (the least privilege on an integration); the engineer role gets it from the stack.",
  },
  {
    statement: "SYSTEM$PIPE_STATUS",
    needs: (pipe) => [...inItsSchema(pipe), { privilege: "MONITOR", on: pipe }],
    doc: 'sql-reference/functions/system_pipe_status#usage-notes ("Returns results only for the pipe owner ... or a role with the MONITOR privilege on the pipe")',
  },
  {
    statement: "SYSTEM$GET_AWS_SNS_IAM_POLICY",
    needs: () => [],
    doc: "sql-reference/functions/system_get_aws_sns_iam_policy",
    reading:
      "The page states no privilege and the function reads no object; nothing is required beyond a session.",
  },
  {
    statement: "SELECT",
    needs: (relation) => [...inItsSchema(relation), { privilege: "SELECT", on: relation }],
    doc: "sql-reference/sql/select#access-control-requirements (and user-guide/security-access-control-privileges#table-privileges)",
  },
];

/** Every query a tool runs needs a warehouse it may use. */
export const QUERY_WAREHOUSE_DOC =
  "user-guide/warehouses-overview (queries run on the session's warehouse; USAGE on it is required)";
