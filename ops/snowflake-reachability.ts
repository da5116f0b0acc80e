/**
 * A fast look at the network path to a Snowflake account before the driver connects. The driver
 * retries an unreachable host for minutes and then reports "Unable to perform operation using
 * terminated connection", with the cause (ENOTFOUND <host>) only in its own log; this check names
 * the host, the cause and the fix within seconds.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { connect as tcpConnect } from "node:net";

/** How the check reaches the network; tests replace it. */
export interface Network {
  lookup(host: string): Promise<unknown>;
  /** Resolves once a TCP connection to host:port opened (and closes it). */
  connect(host: string, port: number, timeoutMs: number): Promise<void>;
}

const SYSTEM_NETWORK: Network = {
  lookup: (host) => dnsLookup(host),
  connect: (host, port, timeoutMs) =>
    new Promise((resolve, reject) => {
      const socket = tcpConnect({ host, port });
      socket.setTimeout(timeoutMs, () =>
        socket.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
      );
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", reject);
    }),
};

/** Host name of an account identifier `<organization>-<account>`, as the driver builds it. */
export function snowflakeHost(organizationName: string, accountName: string): string {
  return `${organizationName}-${accountName}.snowflakecomputing.com`.toLowerCase();
}

/** Throws one message naming the host, the cause and the fix when the account cannot be reached. */
export async function checkSnowflakeReachable(
  host: string,
  network: Network = SYSTEM_NETWORK,
  timeoutMs = 10_000,
): Promise<void> {
  const fail = (cause: string, fix: string) => {
    throw new Error(`Snowflake account ${host}: ${cause}.\n  Fix: ${fix}`);
  };
  try {
    await network.lookup(host);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    if (code === "ENOTFOUND")
      fail(
        "the host name does not exist (ENOTFOUND)",
        "check snowflake.organizationName and accountName of the environment (SELECT CURRENT_ORGANIZATION_NAME(), CURRENT_ACCOUNT_NAME()), deploy, and write the outputs file again.",
      );
    fail(
      `the host name cannot be resolved (${code})`,
      "check this machine's network and DNS (a proxy or VPN?), then run again.",
    );
  }
  try {
    await network.connect(host, 443, timeoutMs);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    fail(
      `no connection to port 443 (${code})`,
      "check that this network may reach Snowflake (firewall, proxy, a network policy on the user), then run again.",
    );
  }
}
