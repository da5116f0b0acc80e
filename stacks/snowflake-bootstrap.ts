import { renderSql } from "../sql/render";
import type { EnvironmentConfig } from "./config";

/**
 * The Snowflake side of the bootstrap: names of what `sql/bootstrap/snowflake-account.sql`
 * creates in an environment's account, and the rendering of that file with them, so role and user
 * names come from `stacks/environments.ts` and are never typed twice.
 */

/** Names of the objects the bootstrap SQL creates in one environment's account. */
export interface SnowflakeBootstrapNames {
  readonly ownerRole: string;
  readonly adminRole: string;
  /** Service user of deploys; GitHub environment variable SNOWFLAKE_USER. */
  readonly deployUser: string;
  /** Service user of pull-request plans; repository variable SNOWFLAKE_PLAN_USER_<ENV>. */
  readonly planUser: string;
  /** Resource monitor of the BI warehouse, which the stack assigns by name. */
  readonly biResourceMonitor: string;
}

/** Names for one environment: roles from its config, users and monitor derived from its name. */
export function snowflakeBootstrapNames(config: EnvironmentConfig): SnowflakeBootstrapNames {
  const prefix = `SENSORS_${config.name.toUpperCase()}`;
  return {
    ownerRole: config.snowflake.ownerRole,
    adminRole: config.snowflake.adminRole,
    deployUser: `${prefix}_DEPLOY`,
    planUser: `${prefix}_PLAN`,
    biResourceMonitor: `${prefix}_BI_MONITOR`,
  };
}

/** Inputs of {@link renderSnowflakeBootstrapSql} besides the environment. */
export interface SnowflakeBootstrapKeys {
  /** PEM text of the deploy user's RSA public key. */
  readonly deployPublicKeyPem: string;
  /** PEM text of the plan user's RSA public key. */
  readonly planPublicKeyPem: string;
  /** Monthly credit quota of the BI warehouse's resource monitor. @default 10 */
  readonly biCreditQuota?: number;
}

/** The bootstrap SQL for one environment's account, ready to run as ACCOUNTADMIN. */
export function renderSnowflakeBootstrapSql(
  config: EnvironmentConfig,
  keys: SnowflakeBootstrapKeys,
): string {
  const names = snowflakeBootstrapNames(config);
  const quota = keys.biCreditQuota ?? 10;
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
