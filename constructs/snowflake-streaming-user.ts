import { Construct } from "constructs";
import { AccountRole } from "@cdktf/provider-snowflake/lib/account-role";
import { GrantAccountRole } from "@cdktf/provider-snowflake/lib/grant-account-role";
import { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { ServiceUser } from "@cdktf/provider-snowflake/lib/service-user";
import type { Table } from "@cdktf/provider-snowflake/lib/table";
import type { SnowflakeDatabase } from "./snowflake-database";

/** Properties of {@link SnowflakeStreamingUser}. */
export interface SnowflakeStreamingUserProps {
  readonly database: SnowflakeDatabase;
  /** The table Firehose writes to (LANDING.READINGS_STREAMED). */
  readonly streamedTable: Table;
  /** Name of the role and of the user. */
  readonly roleName: string;
  readonly userName: string;
  /**
   * RSA public key of the user, base64 on one line without the BEGIN/END lines; its private key
   * goes only into the Firehose secret. @default - none: the user exists but cannot sign in
   */
  readonly rsaPublicKey?: string;
  /** Runs as the deploy admin role (roles, users and grants). */
  readonly provider: SnowflakeProvider;
}

/**
 * The Snowflake identity Firehose writes as: a service user (key pair only) whose default role can
 * do exactly what Snowpipe Streaming needs for one table and nothing else: USAGE on the database
 * and the LANDING schema and INSERT on READINGS_STREAMED
 * (docs.snowflake.com/en/user-guide/snowpipe-streaming/snowpipe-streaming-high-performance-overview,
 * "access control"). The default role matters: Snowpipe Streaming authorizes with it, and Firehose
 * is configured to use it (no role override).
 */
export class SnowflakeStreamingUser extends Construct {
  readonly role: AccountRole;
  readonly user: ServiceUser;
  /** The three privilege grants, which a write must wait for. */
  readonly grants: readonly GrantPrivilegesToAccountRole[];

  constructor(scope: Construct, id: string, props: SnowflakeStreamingUserProps) {
    super(scope, id);
    const { database, provider } = props;
    this.role = new AccountRole(this, "Role", {
      provider,
      name: props.roleName,
      comment: "Firehose's Snowpipe Streaming writes: INSERT on LANDING.READINGS_STREAMED only",
    });
    // Like every custom role, under SYSADMIN, so administrators can see and manage what it owns.
    new GrantAccountRole(this, "RoleToParent", {
      provider,
      roleName: this.role.name,
      parentRoleName: "SYSADMIN",
    });
    const grant = (grantId: string, privileges: string[], on: object) =>
      new GrantPrivilegesToAccountRole(this, grantId, {
        provider,
        accountRoleName: this.role.name,
        privileges,
        ...on,
      });
    this.grants = [
      grant("Database", ["USAGE"], {
        onAccountObject: {
          objectType: "DATABASE",
          objectName: database.database.fullyQualifiedName,
        },
      }),
      grant("LandingSchema", ["USAGE"], {
        onSchema: { schemaName: database.landing.fullyQualifiedName },
      }),
      grant("StreamedTable", ["INSERT"], {
        onSchemaObject: { objectType: "TABLE", objectName: props.streamedTable.fullyQualifiedName },
      }),
    ];
    this.user = new ServiceUser(this, "User", {
      provider,
      name: props.userName,
      loginName: props.userName,
      comment: "Amazon Data Firehose (Snowpipe Streaming); key pair only",
      defaultRole: this.role.name,
      defaultSecondaryRolesOption: "NONE",
      rsaPublicKey: props.rsaPublicKey,
    });
    new GrantAccountRole(this, "RoleToUser", {
      provider,
      roleName: this.role.name,
      userName: this.user.name,
    });
  }
}
