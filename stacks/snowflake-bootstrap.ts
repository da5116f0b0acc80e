import { renderSql } from "../sql/render";
import type { EnvironmentConfig } from "./config";
import { environmentNames } from "./names";

/**
 * The Snowflake side of the bootstrap: `sql/bootstrap/snowflake-account.sql` rendered with one
 * environment's names (from `stacks/names.ts`) and its CI users' public keys, so role and user
 * names come from `stacks/environments.ts` and are never typed twice.
 */

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
  const quota = keys.biCreditQuota ?? config.snowflake.biWarehouse.monthlyCreditQuota;
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
    BI_RESOURCE_MONITOR: names.biResourceMonitor,
    BI_CREDIT_QUOTA: String(quota),
    DEPLOY_PUBLIC_KEY: publicKeyBody(keys.deployPublicKeyPem, "deploy"),
    PLAN_PUBLIC_KEY: publicKeyBody(keys.planPublicKeyPem, "plan"),
  });
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
  if (!/^[A-Za-z0-9+/]{200,}={0,2}$/.test(body)) {
    throw new Error(
      `the ${which} key is not a PEM RSA public key.\n  Fix: pass the file written by \`openssl rsa -in ${which}.p8 -pubout -out ${which}.pub\`.`,
    );
  }
  return body;
}
