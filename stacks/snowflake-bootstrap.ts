import { RSA_PUBLIC_KEY_BODY } from "../constructs/validation";
import { renderSql } from "../sql/render";
import type { EnvironmentConfig } from "./config";
import { environmentNames } from "./names";

/**
 * The Snowflake side of the bootstrap: `sql/bootstrap/snowflake-account.sql` rendered with one
 * environment's names (from `stacks/names.ts`) and its CI users' public keys, so role and user
 * names come from `stacks/environments.ts` and are never typed twice.
 */

/**
 * When a warehouse's resource monitor acts, in percent of its monthly quota: notify the account
 * administrators at each NOTIFY percentage, suspend once running queries finish, then cancel
 * them. One definition for the bootstrap SQL and the docs (docs/power-bi.md, docs/operations.md).
 */
export const RESOURCE_MONITOR_TRIGGERS = {
  notifyAtPercent: [75, 90],
  suspendAtPercent: 100,
  suspendImmediatelyAtPercent: 110,
} as const;

/** Inputs of {@link renderSnowflakeBootstrapSql} besides the environment. */
export interface SnowflakeBootstrapKeys {
  /** PEM text of the deploy user's RSA public key. */
  readonly deployPublicKeyPem: string;
  /** PEM text of the plan user's RSA public key. */
  readonly planPublicKeyPem: string;
  /**
   * Monthly credit quota of the BI warehouse's resource monitor.
   * @default - the environment's `snowflake.biWarehouse.monthlyCreditQuota`
   */
  readonly biCreditQuota?: number;
}

/** The bootstrap SQL for one environment's account, ready to run as ACCOUNTADMIN. */
export function renderSnowflakeBootstrapSql(
  config: EnvironmentConfig,
  keys: SnowflakeBootstrapKeys,
): string {
  const names = environmentNames(config).snowflake;
  const bi = config.snowflake.biWarehouse;
  const quota = keys.biCreditQuota ?? bi.monthlyCreditQuota;
  if (!Number.isInteger(quota) || quota < 1) {
    throw new Error(
      `BI credit quota ${quota} is invalid; it must be a whole number of credits, at least 1.\n  Fix: pass --bi-credit-quota with a positive whole number.`,
    );
  }
  return renderSql("bootstrap/snowflake-account.sql", {
    ENV: config.name,
    ACCOUNT: `${config.snowflake.organizationName}.${config.snowflake.accountName}`,
    OWNER_ROLE: names.ownerRole,
    ADMIN_ROLE: names.adminRole,
    DEPLOY_USER: names.deployUser,
    PLAN_USER: names.planUser,
    BI_WAREHOUSE: names.biWarehouse,
    BI_WAREHOUSE_SIZE: bi.size,
    BI_AUTO_SUSPEND_SECONDS: String(bi.autoSuspendSeconds),
    BI_STATEMENT_TIMEOUT_SECONDS: String(bi.statementTimeoutSeconds),
    BI_RESOURCE_MONITOR: names.biResourceMonitor,
    BI_CREDIT_QUOTA: String(quota),
    OPS_WAREHOUSE: names.opsWarehouse,
    OPS_RESOURCE_MONITOR: names.opsResourceMonitor,
    OPS_CREDIT_QUOTA: String(config.snowflake.opsWarehouse.monthlyCreditQuota),
    TRIGGERS: renderTriggers(),
    NOTIFY_PERCENTS: RESOURCE_MONITOR_TRIGGERS.notifyAtPercent.join(" and "),
    SUSPEND_PERCENT: String(RESOURCE_MONITOR_TRIGGERS.suspendAtPercent),
    SUSPEND_IMMEDIATE_PERCENT: String(RESOURCE_MONITOR_TRIGGERS.suspendImmediatelyAtPercent),
    DEPLOY_PUBLIC_KEY: publicKeyBody(keys.deployPublicKeyPem, "deploy"),
    PLAN_PUBLIC_KEY: publicKeyBody(keys.planPublicKeyPem, "plan"),
    CI_NETWORK_POLICY: ciNetworkPolicySql(config),
    ADMIN_NETWORK_POLICY_GRANT:
      config.snowflake.networkPolicies.powerBiAllowedIpRanges === undefined
        ? "-- (No CREATE NETWORK POLICY: snowflake.networkPolicies.powerBiAllowedIpRanges is not set.)"
        : `-- The Power BI user's network policy (snowflake.networkPolicies.powerBiAllowedIpRanges).\nGRANT CREATE NETWORK POLICY ON ACCOUNT TO ROLE ${names.adminRole};`,
  });
}

function renderTriggers(): string {
  const { notifyAtPercent, suspendAtPercent, suspendImmediatelyAtPercent } =
    RESOURCE_MONITOR_TRIGGERS;
  return [
    ...notifyAtPercent.map((percent) => `ON ${percent} PERCENT DO NOTIFY`),
    `ON ${suspendAtPercent} PERCENT DO SUSPEND`,
    `ON ${suspendImmediatelyAtPercent} PERCENT DO SUSPEND_IMMEDIATE`,
  ].join(" ");
}

/**
 * Why the rendered SQL leaves the CI users without a network policy, or nothing: the CLI prints it
 * as a warning, since a leaked key then works from any address.
 */
export function ciNetworkPolicyWarning(config: EnvironmentConfig): string | undefined {
  return config.snowflake.networkPolicies.ciAllowedIpRanges === undefined
    ? `environment ${config.name} sets no snowflake.networkPolicies.ciAllowedIpRanges, so the deploy and plan users' keys work from any address.\n  Fix: list your runners' egress ranges in stacks/environments.ts (docs/ci-cd.md, "Network policies") and render the SQL again.`
    : undefined;
}

function ciNetworkPolicySql(config: EnvironmentConfig): string {
  const names = environmentNames(config).snowflake;
  const ranges = config.snowflake.networkPolicies.ciAllowedIpRanges;
  if (ranges === undefined) {
    return "-- None: snowflake.networkPolicies.ciAllowedIpRanges is not set, so these keys work from any address.";
  }
  const list = ranges.map((range) => `'${range}'`).join(", ");
  return [
    `CREATE NETWORK POLICY IF NOT EXISTS ${names.ciNetworkPolicy}`,
    `  ALLOWED_IP_LIST = (${list})`,
    `  COMMENT = 'Where the CI users of ${config.name} may sign in from';`,
    `ALTER NETWORK POLICY ${names.ciNetworkPolicy} SET ALLOWED_IP_LIST = (${list});`,
    `ALTER USER ${names.deployUser} SET NETWORK_POLICY = ${names.ciNetworkPolicy};`,
    `ALTER USER ${names.planUser} SET NETWORK_POLICY = ${names.ciNetworkPolicy};`,
  ].join("\n");
}

/**
 * The base64 body of a PEM public key, as Snowflake's RSA_PUBLIC_KEY wants it. Refuses a private
 * key, so a secret never lands in a SQL file or a worksheet's history.
 */
export function publicKeyBody(pem: string, which: string): string {
  if (/PRIVATE KEY/.test(pem)) {
    throw new Error(
      `the ${which} key is a PRIVATE key.\n  Fix: pass the public key (openssl rsa -in ${which}.p8 -pubout -out ${which}.pub); the private key goes only into the GitHub secret.`,
    );
  }
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  const body = match?.[1].replace(/\s+/g, "") ?? "";
  if (!RSA_PUBLIC_KEY_BODY.pattern.test(body)) {
    throw new Error(
      `the ${which} key is not a PEM RSA public key.\n  Fix: pass the file written by \`openssl rsa -in ${which}.p8 -pubout -out ${which}.pub\`.`,
    );
  }
  return body;
}
