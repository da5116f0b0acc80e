import type { TerraformResource } from "cdktf";
import { environment, pipelineStack, resourcesOfType, synthesize } from "../helpers/synth";
import { fullySynthesize, stackWithTransformation } from "../helpers/transformation-stack";

type Grant = Record<string, unknown> & {
  account_role_name: string;
  privileges: string[];
  on_account_object?: { object_type: string; object_name: string };
  on_schema?: { schema_name?: string };
  on_schema_object?: {
    all?: { object_type_plural: string; in_schema?: string; in_database?: string };
    future?: { object_type_plural: string; in_schema?: string; in_database?: string };
  };
};

const stack = stackWithTransformation().stack;
const synthesized = synthesize(stack);
const grants = Object.values(
  resourcesOfType(synthesized, "snowflake_grant_privileges_to_account_role"),
) as Grant[];
const accessRoles = stack.snowflakeAccessRoles;
const roleRef = (role: typeof accessRoles.reporter) =>
  `\${snowflake_account_role.${stack.getLogicalId(role)}.name}`;
const fqn = (
  resource: Parameters<typeof stack.getLogicalId>[0] & { terraformResourceType: string },
) => `\${${resource.terraformResourceType}.${stack.getLogicalId(resource)}.fully_qualified_name}`;
const grantsTo = (role: typeof accessRoles.reporter) =>
  grants.filter((grant) => grant.account_role_name === roleRef(role));
const database = stack.snowflakeDatabase;

describe("SnowflakeAccessRoles", () => {
  test("grants nothing to PUBLIC, neither privileges nor roles", () => {
    const text = JSON.stringify([
      ...grants,
      ...Object.values(resourcesOfType(synthesized, "snowflake_grant_account_role")),
    ]);
    expect(text).not.toMatch(/PUBLIC/i);
  });

  test("lets the reporter use the database, the REPORTING schema and the BI warehouse, and nothing else", () => {
    const usage = grantsTo(accessRoles.reporter)
      .filter((grant) => !grant.on_schema_object)
      .map((grant) => ({
        privileges: grant.privileges,
        on: grant.on_account_object?.object_name ?? grant.on_schema?.schema_name,
      }));
    expect(usage).toEqual(
      expect.arrayContaining([
        { privileges: ["USAGE"], on: fqn(database.database) },
        { privileges: ["USAGE"], on: '"SENSORS_DEV_BI_WH"' },
        { privileges: ["USAGE"], on: fqn(database.reporting) },
      ]),
    );
    expect(usage).toHaveLength(3);
  });

  test("lets the engineer query on the operators' warehouse and only watch the BI warehouse, so Power BI's quota stops only Power BI", () => {
    const onWarehouses = grantsTo(accessRoles.engineer)
      .filter((grant) => grant.on_account_object?.object_type === "WAREHOUSE")
      .map((grant) => ({ privileges: grant.privileges, on: grant.on_account_object?.object_name }));
    expect(onWarehouses).toEqual(
      expect.arrayContaining([
        { privileges: ["USAGE", "MONITOR"], on: '"SENSORS_DEV_OPS_WH"' },
        { privileges: ["MONITOR"], on: '"SENSORS_DEV_BI_WH"' },
      ]),
    );
    expect(onWarehouses).toHaveLength(2);
  });

  test("lets the engineer use the storage integration, which SYSTEM$VALIDATE_STORAGE_INTEGRATION needs", () => {
    const onIntegration = grantsTo(accessRoles.engineer).filter(
      (grant) => grant.on_account_object?.object_type === "INTEGRATION",
    );
    expect(onIntegration.map((grant) => grant.privileges)).toEqual([["USAGE"]]);
  });

  test("lets the reporter select the current and future REPORTING views only", () => {
    const onObjects = grantsTo(accessRoles.reporter).filter((grant) => grant.on_schema_object);
    expect(onObjects.map((grant) => grant.on_schema_object)).toEqual(
      expect.arrayContaining([
        { all: { object_type_plural: "VIEWS", in_schema: fqn(database.reporting) } },
        { future: { object_type_plural: "VIEWS", in_schema: fqn(database.reporting) } },
      ]),
    );
    expect(onObjects).toHaveLength(2);
    for (const grant of onObjects) expect(grant.privileges).toEqual(["SELECT"]);
  });

  test("defines every future grant at schema level, never database level", () => {
    const future = grants.filter((grant) => grant.on_schema_object?.future);
    expect(future.length).toBeGreaterThan(0);
    for (const grant of future) {
      expect(grant.on_schema_object?.future?.in_schema).toBeDefined();
      expect(grant.on_schema_object?.future?.in_database).toBeUndefined();
    }
    for (const grant of grants) {
      expect(
        (grant.on_schema as Record<string, unknown> | undefined)?.future_schemas_in_database,
      ).toBeUndefined();
    }
  });

  test("lets the engineer read LANDING and CORE tables and the LANDING stream", () => {
    const reads = grantsTo(accessRoles.engineer)
      .filter((grant) => grant.on_schema_object?.future)
      .map((grant) => [
        grant.on_schema_object?.future?.object_type_plural,
        grant.on_schema_object?.future?.in_schema,
        grant.privileges,
      ]);
    expect(reads).toEqual(
      expect.arrayContaining([
        ["TABLES", fqn(database.landing), ["SELECT"]],
        ["TABLES", fqn(database.core), ["SELECT"]],
        ["VIEWS", fqn(database.reporting), ["SELECT"]],
        ["STREAMS", fqn(database.landing), ["SELECT"]],
      ]),
    );
  });

  test("lets the engineer monitor and operate the pipe and the tasks, current and future", () => {
    const operate = grantsTo(accessRoles.engineer).filter((grant) =>
      grant.privileges.includes("OPERATE"),
    );
    const targets = operate.map((grant) => {
      const on = grant.on_schema_object?.all ?? grant.on_schema_object?.future;
      return `${grant.on_schema_object?.all ? "all" : "future"} ${on?.object_type_plural} ${on?.in_schema}`;
    });
    expect(targets.sort()).toEqual(
      [
        `all PIPES ${fqn(database.landing)}`,
        `all TASKS ${fqn(database.core)}`,
        `all TASKS \${snowflake_schema.SnowflakeMonitoring_Schema_05D1E4D3.fully_qualified_name}`,
        `future PIPES ${fqn(database.landing)}`,
        `future TASKS ${fqn(database.core)}`,
        `future TASKS \${snowflake_schema.SnowflakeMonitoring_Schema_05D1E4D3.fully_qualified_name}`,
      ].sort(),
    );
    for (const grant of operate) expect(grant.privileges).toEqual(["MONITOR", "OPERATE"]);
  });

  test("grants on the current tasks and stream only after the transformation created them", () => {
    const { stack: wired, transformation, freshnessAlert } = stackWithTransformation();
    const full = Object.values(
      resourcesOfType(fullySynthesize(wired), "snowflake_grant_privileges_to_account_role"),
    ) as Grant[];
    const currentTasks = full.find(
      (grant) => grant.on_schema_object?.all?.object_type_plural === "TASKS",
    );
    const currentStreams = full.find(
      (grant) => grant.on_schema_object?.all?.object_type_plural === "STREAMS",
    );
    const address = (resource: TerraformResource) =>
      `${resource.terraformResourceType}.${wired.getLogicalId(resource)}`;
    expect(currentTasks?.depends_on).toEqual(
      expect.arrayContaining([address(transformation.task), address(freshnessAlert.task)]),
    );
    expect(currentStreams?.depends_on).toEqual(
      expect.arrayContaining([address(transformation.stream)]),
    );
  });

  test("never grants a write privilege to either role", () => {
    const writes = [
      "INSERT",
      "UPDATE",
      "DELETE",
      "TRUNCATE",
      "OWNERSHIP",
      "ALL PRIVILEGES",
      "CREATE",
    ];
    for (const grant of grants) {
      for (const privilege of grant.privileges) {
        expect(writes.some((write) => privilege.startsWith(write))).toBe(false);
      }
      expect(grant.all_privileges).toBeUndefined();
    }
  });

  test("gives the Power BI service user only the reporter role, with secondary roles off and the BI warehouse as default", () => {
    const user = Object.values(resourcesOfType(synthesized, "snowflake_service_user"))[0];
    expect(user).toMatchObject({
      name: "SENSORS_DEV_POWERBI",
      default_role: roleRef(accessRoles.reporter),
      default_secondary_roles_option: "NONE",
      default_warehouse: "SENSORS_DEV_BI_WH",
    });
    const userRef = `\${snowflake_service_user.${stack.getLogicalId(accessRoles.powerBiUser)}.name}`;
    const roleGrants = Object.values(resourcesOfType(synthesized, "snowflake_grant_account_role"));
    const toUser = roleGrants.filter((grant) => grant.user_name === userRef);
    expect(toUser).toEqual([
      { role_name: roleRef(accessRoles.reporter), user_name: userRef, provider: "snowflake.admin" },
    ]);
    expect(grants.some((grant) => grant.account_role_name === userRef)).toBe(false);
  });

  test("sets no network policy on the Power BI user unless ranges are configured", () => {
    const user = Object.values(resourcesOfType(synthesized, "snowflake_service_user"))[0];
    expect(user).not.toHaveProperty("network_policy");
    expect(resourcesOfType(synthesized, "snowflake_network_policy")).toEqual({});
  });

  test("with allowed ranges, lets the Power BI user sign in only from them, through a policy its creator owns", () => {
    const config = environment("dev", (input) => ({
      ...input,
      snowflake: {
        ...input.snowflake,
        networkPolicies: { powerBiAllowedIpRanges: ["203.0.113.0/24"] },
      },
    }));
    const withPolicy = synthesize(pipelineStack(config));
    const [[policyId, policy]] = Object.entries(
      resourcesOfType(withPolicy, "snowflake_network_policy"),
    );
    expect(policy).toMatchObject({
      name: "SENSORS_DEV_POWERBI_NETWORK",
      allowed_ip_list: ["203.0.113.0/24"],
      provider: "snowflake.admin",
    });
    const user = Object.values(resourcesOfType(withPolicy, "snowflake_service_user"))[0];
    expect(user).toMatchObject({
      network_policy: `\${snowflake_network_policy.${policyId}.name}`,
      provider: "snowflake.admin",
    });
  });

  test("sets no public key on the Power BI user unless one is configured", () => {
    const user = Object.values(resourcesOfType(synthesized, "snowflake_service_user"))[0];
    expect(user).not.toHaveProperty("rsa_public_key");
  });

  test("sets the configured public key on the Power BI user", () => {
    const key = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${"A".repeat(300)}`;
    const config = environment("dev", (input) => ({
      ...input,
      snowflake: { ...input.snowflake, powerBiPublicKey: key },
    }));
    const user = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "snowflake_service_user"),
    )[0];
    expect(user.rsa_public_key).toBe(key);
  });

  test("sets the second public key too, for rotation without downtime", () => {
    const key = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${"A".repeat(300)}`;
    const next = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${"B".repeat(300)}`;
    const config = environment("dev", (input) => ({
      ...input,
      snowflake: { ...input.snowflake, powerBiPublicKey: key, powerBiSecondPublicKey: next },
    }));
    const user = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "snowflake_service_user"),
    )[0];
    expect([user.rsa_public_key, user.rsa_public_key_2]).toEqual([key, next]);
  });

  test("names the roles after the environment unless configured", () => {
    const roles = Object.values(resourcesOfType(synthesized, "snowflake_account_role")).map(
      (role) => role.name,
    );
    expect(roles.sort()).toEqual(["SENSORS_DEV_ENGINEER", "SENSORS_DEV_REPORTER"]);
  });
});
