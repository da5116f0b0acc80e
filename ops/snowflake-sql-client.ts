import { checkSnowflakeReachable, snowflakeHost } from "./snowflake-reachability";
import type { SqlClient } from "./sql-client";

/** Where and as whom to connect; the key comes from the environment, never from a file in the repo. */
export interface SnowflakeConnectionSettings {
  readonly organizationName: string;
  readonly accountName: string;
  readonly role: string;
  readonly warehouse: string;
}

/**
 * Reads the key-pair credentials the Snowflake provider also uses (SNOWFLAKE_USER,
 * SNOWFLAKE_AUTHENTICATOR=SNOWFLAKE_JWT, SNOWFLAKE_PRIVATE_KEY and optionally
 * SNOWFLAKE_PRIVATE_KEY_PASSPHRASE) and fails naming each missing variable.
 */
export function snowflakeCredentialsFromEnvironment(env: NodeJS.ProcessEnv = process.env): {
  username: string;
  privateKey: string;
  privateKeyPass?: string;
} {
  const problems: string[] = [];
  if (!env.SNOWFLAKE_USER) problems.push("SNOWFLAKE_USER is not set");
  if (!env.SNOWFLAKE_PRIVATE_KEY) problems.push("SNOWFLAKE_PRIVATE_KEY (the PEM text) is not set");
  if (env.SNOWFLAKE_AUTHENTICATOR && env.SNOWFLAKE_AUTHENTICATOR !== "SNOWFLAKE_JWT") {
    problems.push(`SNOWFLAKE_AUTHENTICATOR is ${env.SNOWFLAKE_AUTHENTICATOR}, not SNOWFLAKE_JWT`);
  }
  if (problems.length > 0) {
    throw new Error(
      `Snowflake credentials: ${problems.join("; ")}.\n` +
        "  Fix: export the key-pair variables the deploy uses (see README, Deploy).",
    );
  }
  return {
    username: env.SNOWFLAKE_USER as string,
    privateKey: env.SNOWFLAKE_PRIVATE_KEY as string,
    privateKeyPass: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE || undefined,
  };
}

/**
 * Opens a key-pair authenticated Snowflake session. Credentials and the network path are checked
 * first, so each of those failures names its cause within seconds.
 */
export async function connectSnowflake(settings: SnowflakeConnectionSettings): Promise<SqlClient> {
  const credentials = snowflakeCredentialsFromEnvironment();
  const host = snowflakeHost(settings.organizationName, settings.accountName);
  await checkSnowflakeReachable(host);
  // Loaded on first use: importing the driver starts its platform-detection probes at once.
  const { default: snowflake } = await import("snowflake-sdk");
  snowflake.configure({ logLevel: "ERROR" });
  const connection = snowflake.createConnection({
    account: `${settings.organizationName}-${settings.accountName}`,
    host,
    authenticator: "SNOWFLAKE_JWT",
    ...credentials,
    role: settings.role,
    warehouse: settings.warehouse,
    application: "sensorctl",
  });
  try {
    await connection.connectAsync();
  } catch (error) {
    const { message, cause } = error as Error & { cause?: unknown };
    throw new Error(
      `Snowflake sign-in to ${host} as ${credentials.username} failed: ${message}${cause instanceof Error ? ` (${cause.message})` : ""}.\n` +
        "  Fix: check that the user exists with this key pair's public key (ALTER USER … SET RSA_PUBLIC_KEY) and may use the role and warehouse.",
    );
  }
  return {
    query: (sqlText, binds = []) =>
      new Promise((resolve, reject) => {
        connection.execute({
          sqlText,
          binds: [...binds],
          complete: (error, _statement, rows) =>
            error ? reject(error) : resolve((rows ?? []) as Record<string, unknown>[]),
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        connection.destroy((error) => (error ? reject(error) : resolve()));
      }),
  };
}
