import type { Construct } from "constructs";
import { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { quotedIdentifier } from "./snowflake-identifiers";

/**
 * Grants USAGE on an integration to a role (the pipeline owner): the stage and the pipe's and
 * task's error notifications use the integration as that role.
 */
export function grantIntegrationUsage(
  scope: Construct,
  provider: SnowflakeProvider,
  roleName: string,
  integration: { readonly fullyQualifiedName: string },
): GrantPrivilegesToAccountRole {
  return new GrantPrivilegesToAccountRole(scope, "UsageGrant", {
    provider,
    accountRoleName: quotedIdentifier(roleName),
    privileges: ["USAGE"],
    onAccountObject: { objectType: "INTEGRATION", objectName: integration.fullyQualifiedName },
  });
}
