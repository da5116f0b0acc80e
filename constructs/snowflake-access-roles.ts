import { Construct } from "constructs";
import { AccountRole } from "@cdktf/provider-snowflake/lib/account-role";
import { GrantAccountRole } from "@cdktf/provider-snowflake/lib/grant-account-role";
import {
  GrantPrivilegesToAccountRole,
  type GrantPrivilegesToAccountRoleConfig,
} from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import type { Schema } from "@cdktf/provider-snowflake/lib/schema";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { NetworkPolicy } from "@cdktf/provider-snowflake/lib/network-policy";
import { ServiceUser } from "@cdktf/provider-snowflake/lib/service-user";
import type { StorageIntegration } from "@cdktf/provider-snowflake/lib/storage-integration";
import type { View } from "@cdktf/provider-snowflake/lib/view";
import type { ITerraformDependable } from "cdktf";
import type { SnowflakeCoreTables } from "./snowflake-core-tables";
import type { SnowflakeDatabase } from "./snowflake-database";
import { Problems } from "./validation";

/** Properties of {@link SnowflakeAccessRoles}. */
export interface SnowflakeAccessRolesProps {
  /** The environment's database and its schemas. */
  readonly database: SnowflakeDatabase;
  /** Power BI's warehouse (created by the bootstrap SQL): the reporter queries on it. */
  readonly biWarehouseName: string;
  /** The operators' warehouse (created by the bootstrap SQL): the engineer queries on it. */
  readonly opsWarehouseName: string;
  /** The CORE tables existing at deploy time: the grants on current tables wait for them. */
  readonly coreTables: SnowflakeCoreTables;
  /** The REPORTING views existing at deploy time: the grants on current views wait for them. */
  readonly reportingViews: readonly View[];
  /**
   * The other objects the grants on current objects cover (LANDING table, stream, tasks, pipe):
   * every such grant waits for them, so they are granted whether those objects are created before
   * or after the future grants (which cover the later ones). @default - none
   */
  readonly waitFor?: readonly ITerraformDependable[];
  /** Name of the engineer role. */
  readonly engineerRoleName: string;
  /** Name of the reporter role. */
  readonly reporterRoleName: string;
  /** Role both roles are granted to, so the administrators keep control of them. @default "SYSADMIN" */
  readonly parentRoleName?: string;
  /** Name of the Power BI service user. */
  readonly powerBiUserName: string;
  /**
   * QUERY_TAG set on the Power BI user, so its queries are attributable in QUERY_HISTORY whatever
   * role or warehouse runs them (a session tag would replace it; Power BI sets none).
   * @default - no tag
   */
  readonly powerBiQueryTag?: string;
  /** The user's RSA public key (base64, one line). @default - none: the user cannot sign in until one is set */
  readonly powerBiPublicKey?: string;
  /** The user's second RSA public key, for rotation without downtime. @default - none */
  readonly powerBiSecondPublicKey?: string;
  /**
   * IPv4 ranges (CIDR) the Power BI user may sign in from: a network policy with them is created
   * and set on the user. @default - no network policy: the key works from any address
   */
  readonly powerBiAllowedIpRanges?: readonly string[];
  /** Name of that network policy. @default - required when powerBiAllowedIpRanges is set */
  readonly powerBiNetworkPolicyName?: string;
  /** Provider for roles, users and grants (the admin role: it needs MANAGE GRANTS). */
  readonly provider: SnowflakeProvider;
}

type Privileges = readonly string[];

/**
 * Who may read what, least privilege, no grant to PUBLIC:
 *
 * - reporter: USAGE on the database, the REPORTING schema and the BI warehouse, and SELECT on the
 *   REPORTING views, current and future. It cannot see LANDING or CORE: the views run with their
 *   owner's rights. It is the only role that queries on the BI warehouse, so Power BI's quota
 *   stops only Power BI.
 * - engineer: reads every schema (tables, views, streams), monitors and operates the pipe and the
 *   tasks, queries on the operators' warehouse and watches (MONITOR) the BI warehouse.
 * - the Power BI service user (TYPE = SERVICE: no password, key-pair only) holds only the
 *   reporter role, with secondary roles off and the BI warehouse as default.
 *
 * Every future grant is defined at schema level, never at database level: Snowflake ignores
 * database-level future grants in a schema that has schema-level ones, so mixing levels silently
 * drops grants.
 */
export class SnowflakeAccessRoles extends Construct {
  /** The engineer role. */
  readonly engineer: AccountRole;
  /** The reporter role. */
  readonly reporter: AccountRole;
  /** The Power BI service user. */
  readonly powerBiUser: ServiceUser;
  /** Where the Power BI user may sign in from, when `powerBiAllowedIpRanges` is set. */
  readonly powerBiNetworkPolicy?: NetworkPolicy;

  private readonly provider: SnowflakeProvider;

  constructor(scope: Construct, id: string, props: SnowflakeAccessRolesProps) {
    super(scope, id);
    const { database, provider } = props;
    this.provider = provider;
    const parentRoleName = props.parentRoleName ?? "SYSADMIN";
    new Problems("SnowflakeAccessRoles")
      .roleName("engineerRoleName", props.engineerRoleName)
      .roleName("reporterRoleName", props.reporterRoleName)
      .identifier("biWarehouseName", props.biWarehouseName)
      .identifier("opsWarehouseName", props.opsWarehouseName)
      .roleName("parentRoleName", parentRoleName)
      .roleName("powerBiUserName", props.powerBiUserName)
      .throwIfAny();

    this.engineer = new AccountRole(this, "Engineer", {
      provider,
      name: props.engineerRoleName,
      comment:
        "Reads every schema of the sensor pipeline; monitors and operates its pipe and tasks",
    });
    this.reporter = new AccountRole(this, "Reporter", {
      provider,
      name: props.reporterRoleName,
      comment: "Reads the REPORTING views on the BI warehouse (Power BI)",
    });
    for (const [name, role] of [
      ["Engineer", this.engineer],
      ["Reporter", this.reporter],
    ] as const) {
      new GrantAccountRole(this, `${name}ToParent`, {
        provider,
        roleName: role.name,
        parentRoleName,
      });
    }

    const biWarehouse = { objectType: "WAREHOUSE", objectName: `"${props.biWarehouseName}"` };
    const opsWarehouse = { objectType: "WAREHOUSE", objectName: `"${props.opsWarehouseName}"` };
    const databaseObject = {
      objectType: "DATABASE",
      objectName: database.database.fullyQualifiedName,
    };
    const waitFor = props.waitFor ?? [];
    const after = [...props.coreTables.all, ...waitFor];
    const afterViews = [...props.reportingViews, ...waitFor];

    // Reporter: the REPORTING views and nothing else.
    this.grant("ReporterDatabase", this.reporter, ["USAGE"], { onAccountObject: databaseObject });
    this.grant("ReporterWarehouse", this.reporter, ["USAGE"], { onAccountObject: biWarehouse });
    this.grant("ReporterReportingSchema", this.reporter, ["USAGE"], {
      onSchema: { schemaName: database.reporting.fullyQualifiedName },
    });
    this.grantOnObjects(
      "ReporterReportingViews",
      this.reporter,
      ["SELECT"],
      "VIEWS",
      database.reporting,
      afterViews,
    );

    // Engineer: read everything, operate the pipe and tasks.
    this.grant("EngineerDatabase", this.engineer, ["USAGE"], { onAccountObject: databaseObject });
    this.grant("EngineerWarehouse", this.engineer, ["USAGE", "MONITOR"], {
      onAccountObject: opsWarehouse,
    });
    this.grant("EngineerBiWarehouse", this.engineer, ["MONITOR"], { onAccountObject: biWarehouse });
    for (const schema of [database.landing, database.core, database.reporting]) {
      this.grant(`Engineer${schema.nameInput}Schema`, this.engineer, ["USAGE"], {
        onSchema: { schemaName: schema.fullyQualifiedName },
      });
    }
    this.grantOnObjects(
      "EngineerLandingTables",
      this.engineer,
      ["SELECT"],
      "TABLES",
      database.landing,
      after,
    );
    this.grantOnObjects(
      "EngineerCoreTables",
      this.engineer,
      ["SELECT"],
      "TABLES",
      database.core,
      after,
    );
    this.grantOnObjects(
      "EngineerReportingViews",
      this.engineer,
      ["SELECT"],
      "VIEWS",
      database.reporting,
      afterViews,
    );
    this.grantOnObjects(
      "EngineerLandingStreams",
      this.engineer,
      ["SELECT"],
      "STREAMS",
      database.landing,
      after,
    );
    this.grantOnObjects(
      "EngineerLandingPipes",
      this.engineer,
      ["MONITOR", "OPERATE"],
      "PIPES",
      database.landing,
      after,
    );
    this.grantOnObjects(
      "EngineerCoreTasks",
      this.engineer,
      ["MONITOR", "OPERATE"],
      "TASKS",
      database.core,
      after,
    );

    this.powerBiNetworkPolicy = this.powerBiNetworkPolicyFor(props);
    this.powerBiUser = new ServiceUser(this, "PowerBiUser", {
      provider,
      name: props.powerBiUserName,
      loginName: props.powerBiUserName,
      comment: "Power BI DirectQuery; holds only the reporter role",
      defaultRole: this.reporter.name,
      defaultSecondaryRolesOption: "NONE",
      defaultWarehouse: props.biWarehouseName,
      defaultNamespace: database.reporting.fullyQualifiedName,
      rsaPublicKey: props.powerBiPublicKey,
      queryTag: props.powerBiQueryTag,
      rsaPublicKey2: props.powerBiSecondPublicKey,
      // Setting it at CREATE USER needs OWNERSHIP of the policy, which the same role holds
      // (docs.snowflake.com/release-notes/bcr-bundles/un-bundled/bcr-non-existing-network-policy).
      networkPolicy: this.powerBiNetworkPolicy?.name,
    });
    // A default role is only a preference: the grant is what lets the user use it.
    new GrantAccountRole(this, "ReporterToPowerBiUser", {
      provider,
      roleName: this.reporter.name,
      userName: this.powerBiUser.name,
    });
  }

  private powerBiNetworkPolicyFor(props: SnowflakeAccessRolesProps): NetworkPolicy | undefined {
    const ranges = props.powerBiAllowedIpRanges;
    if (ranges === undefined) return undefined;
    if (props.powerBiNetworkPolicyName === undefined || ranges.length === 0) {
      throw new Error(
        "SnowflakeAccessRoles: powerBiAllowedIpRanges needs at least one range and a powerBiNetworkPolicyName.",
      );
    }
    return new NetworkPolicy(this, "PowerBiNetworkPolicy", {
      provider: props.provider,
      name: props.powerBiNetworkPolicyName,
      allowedIpList: [...ranges],
      comment: "Where the Power BI service user may sign in from",
    });
  }

  /**
   * Lets the engineer role use a storage integration, so `sensorctl smoke` can run
   * SYSTEM$VALIDATE_STORAGE_INTEGRATION on it (USAGE is the least privilege that shows an
   * integration; it cannot create stages without CREATE STAGE on a schema, which it lacks).
   */
  grantEngineerIntegrationUsage(integration: StorageIntegration): GrantPrivilegesToAccountRole {
    return this.grant("EngineerStorageIntegration", this.engineer, ["USAGE"], {
      onAccountObject: { objectType: "INTEGRATION", objectName: integration.fullyQualifiedName },
    });
  }

  /** SELECT-like privileges on the current objects of a kind in a schema, and on future ones. */
  private grantOnObjects(
    id: string,
    role: AccountRole,
    privileges: Privileges,
    objectTypePlural: string,
    schema: Schema,
    after: ITerraformDependable[],
  ): void {
    this.grant(
      `${id}Current`,
      role,
      privileges,
      { onSchemaObject: { all: { objectTypePlural, inSchema: schema.fullyQualifiedName } } },
      after,
    );
    this.grant(`${id}Future`, role, privileges, {
      onSchemaObject: { future: { objectTypePlural, inSchema: schema.fullyQualifiedName } },
    });
  }

  private grant(
    id: string,
    role: AccountRole,
    privileges: Privileges,
    on: Pick<GrantPrivilegesToAccountRoleConfig, "onAccountObject" | "onSchema" | "onSchemaObject">,
    dependsOn: ITerraformDependable[] = [],
  ): GrantPrivilegesToAccountRole {
    return new GrantPrivilegesToAccountRole(this, id, {
      provider: this.provider,
      accountRoleName: role.name,
      privileges: [...privileges],
      ...on,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
  }
}
