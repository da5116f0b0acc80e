import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { snowflakeName } from "./identifiers";

/** The argument naming the grantee role, by grant resource type. */
const GRANTEE: Readonly<Record<string, string>> = {
  snowflake_grant_privileges_to_account_role: "account_role_name",
  snowflake_grant_account_role: "parent_role_name",
  snowflake_grant_database_role: "parent_role_name",
  snowflake_grant_ownership: "account_role_name",
};

export const SnowflakeNoGrantsToPublic: GuardrailRule = {
  id: "Snowflake.NoGrantsToPublic",
  name: "SnowflakeNoGrantsToPublic",
  what: "Nothing is granted to the PUBLIC role: no privileges, roles, database roles or ownership.",
  why: "Every user in the account holds PUBLIC, including the Power BI service user and future users, so a grant to it is a grant to everyone.",
  level: "ERROR",
  resourceTypes: Object.keys(GRANTEE),
  check(grant) {
    const argument = GRANTEE[grant.type];
    return snowflakeName(grant.config[argument]) === "PUBLIC"
      ? nonCompliant(`${argument} is PUBLIC; grant to a named role (engineer, reporter) instead`)
      : compliant();
  },
};
