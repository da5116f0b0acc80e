import { isExpression } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { snowflakeName } from "./identifiers";

/** Objects of the pipeline itself: they belong to the pipeline owner role. */
export const PIPELINE_OBJECT_TYPES: readonly string[] = [
  "snowflake_database",
  "snowflake_schema",
  "snowflake_table",
  "snowflake_view",
  "snowflake_materialized_view",
  "snowflake_dynamic_table",
  "snowflake_stage",
  "snowflake_file_format",
  "snowflake_pipe",
  "snowflake_stream_on_table",
  "snowflake_stream_on_view",
  "snowflake_stream_on_external_table",
  "snowflake_stream_on_directory_table",
  "snowflake_task",
  "snowflake_sequence",
  "snowflake_alert",
];

const ACCOUNTADMIN = "ACCOUNTADMIN";

export const SnowflakeNotOwnedByAccountAdmin: GuardrailRule = {
  id: "Snowflake.NotOwnedByAccountAdmin",
  name: "SnowflakeNotOwnedByAccountAdmin",
  what: "Pipeline objects (database, schemas, tables, stages, pipes, streams, tasks, views) are created by a provider with an explicit role other than ACCOUNTADMIN, and ownership is never granted to ACCOUNTADMIN.",
  why: "The creating role owns the object: owned by ACCOUNTADMIN, day-to-day operation needs the most powerful role, and tasks run with its rights; an unset role takes whatever default role the deploying user has.",
  level: "ERROR",
  resourceTypes: [...PIPELINE_OBJECT_TYPES, "snowflake_grant_ownership"],
  check(resource, { stack }) {
    if (resource.type === "snowflake_grant_ownership") {
      return snowflakeName(resource.config.account_role_name) === ACCOUNTADMIN
        ? nonCompliant(
            "grants ownership to ACCOUNTADMIN; the pipeline owner role must own pipeline objects",
          )
        : compliant();
    }
    const provider = stack.providerOf(resource);
    const role = provider?.config.role;
    if (isExpression(role)) return compliant("the provider role is computed at plan time");
    if (role === undefined) {
      return nonCompliant(
        `created by provider ${provider?.address ?? "(none)"} without a role, so the owner is the deploying user's default role; set the provider's role`,
      );
    }
    return snowflakeName(role) === ACCOUNTADMIN
      ? nonCompliant(
          `created by provider ${provider?.address} as ACCOUNTADMIN, which would own it; use the pipeline owner role`,
        )
      : compliant();
  },
};
