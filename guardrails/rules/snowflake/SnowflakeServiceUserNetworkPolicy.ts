import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

export const SnowflakeServiceUserNetworkPolicy: GuardrailRule = {
  id: "Snowflake.ServiceUserNetworkPolicy",
  name: "SnowflakeServiceUserNetworkPolicy",
  what: "Every service user (such as the Power BI user) has a network policy naming the addresses it signs in from.",
  why: "A service user signs in with a key pair and no second factor; without a network policy a leaked key works from anywhere on the internet, with a policy only from the Power BI service, your gateway or your runners.",
  level: "WARNING",
  resourceTypes: ["snowflake_service_user", "snowflake_legacy_service_user"],
  check(user) {
    const policy = user.config.network_policy;
    return typeof policy === "string" && policy !== ""
      ? compliant()
      : nonCompliant(
          "the service user has no network policy; list its addresses in snowflake.networkPolicies (stacks/environments.ts), see docs/ci-cd.md",
        );
  },
};
