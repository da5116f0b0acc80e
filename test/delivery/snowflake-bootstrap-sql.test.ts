import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { environmentNames } from "../../stacks/names";
import {
  RESOURCE_MONITOR_TRIGGERS,
  ciNetworkPolicyWarning,
  publicKeyBody,
  renderSnowflakeBootstrapSql,
} from "../../stacks/snowflake-bootstrap";
import { environment } from "../helpers/synth";

const keyPair = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
const deployKeys = keyPair();
const planKeys = keyPair();

const render = (name: "dev" | "prod" = "dev") =>
  renderSnowflakeBootstrapSql(environment(name), {
    deployPublicKeyPem: deployKeys.publicKey,
    planPublicKeyPem: planKeys.publicKey,
  });

/** The SQL's statements, comments removed, whitespace collapsed. */
const statements = (sql: string): string[] =>
  sql
    .split("\n")
    .map((line) => line.replace(/--.*$/, ""))
    .join(" ")
    .split(";")
    .map((statement) => statement.replace(/\s+/g, " ").trim())
    .filter(Boolean);

/** Privileges granted ON ACCOUNT to a role, from `GRANT <privilege> ON ACCOUNT TO ROLE <role>`. */
const accountPrivilegesOf = (sql: string, role: string): string[] =>
  statements(sql)
    .map((statement) => /^GRANT (.+) ON ACCOUNT TO ROLE (\w+)$/.exec(statement))
    .filter((match): match is RegExpExecArray => match !== null && match[2] === role)
    .map((match) => match[1])
    .sort();

describe("the Snowflake bootstrap SQL", () => {
  test("gives the owner role exactly database creation and task execution", () => {
    const { ownerRole } = environmentNames(environment("dev")).snowflake;
    expect(accountPrivilegesOf(render(), ownerRole)).toEqual([
      "CREATE DATABASE",
      "EXECUTE MANAGED TASK",
      "EXECUTE TASK",
    ]);
  });

  test("gives the admin role exactly integrations, roles, users and grants (no warehouses: those need ACCOUNTADMIN's monitors)", () => {
    const { adminRole } = environmentNames(environment("dev")).snowflake;
    expect(accountPrivilegesOf(render(), adminRole)).toEqual([
      "CREATE INTEGRATION",
      "CREATE ROLE",
      "CREATE USER",
      "MANAGE GRANTS",
    ]);
  });

  test("creates both warehouses and assigns each its own monitor as ACCOUNTADMIN, from the environment's settings", () => {
    const config = environment("prod");
    const names = environmentNames(config).snowflake;
    const all = statements(render("prod"));
    const roleAt = (index: number) =>
      all
        .slice(0, index)
        .reverse()
        .find((s) => s.startsWith("USE ROLE "));
    for (const [warehouse, monitor, quota] of [
      [names.biWarehouse, names.biResourceMonitor, config.snowflake.biWarehouse.monthlyCreditQuota],
      [
        names.opsWarehouse,
        names.opsResourceMonitor,
        config.snowflake.opsWarehouse.monthlyCreditQuota,
      ],
    ] as const) {
      const create = all.findIndex((s) =>
        s.startsWith(`CREATE RESOURCE MONITOR IF NOT EXISTS ${monitor} `),
      );
      expect(all[create]).toContain(`CREDIT_QUOTA = ${quota} `);
      const assign = all.findIndex(
        (s) =>
          s.startsWith(`ALTER WAREHOUSE ${warehouse} SET `) &&
          s.includes(`RESOURCE_MONITOR = ${monitor}`),
      );
      expect(assign).toBeGreaterThan(
        all.indexOf(`CREATE WAREHOUSE IF NOT EXISTS ${warehouse} WITH INITIALLY_SUSPENDED = TRUE`),
      );
      expect([roleAt(create), roleAt(assign)]).toEqual([
        "USE ROLE ACCOUNTADMIN",
        "USE ROLE ACCOUNTADMIN",
      ]);
    }
    const bi = all.find((s) => s.startsWith(`ALTER WAREHOUSE ${names.biWarehouse} SET `)) as string;
    expect(bi).toContain(`WAREHOUSE_SIZE = ${config.snowflake.biWarehouse.size} `);
    expect(bi).toContain(`AUTO_SUSPEND = ${config.snowflake.biWarehouse.autoSuspendSeconds} `);
    expect(bi).toContain(
      `STATEMENT_TIMEOUT_IN_SECONDS = ${config.snowflake.biWarehouse.statementTimeoutSeconds} `,
    );
  });

  test("sets every monitor's triggers from RESOURCE_MONITOR_TRIGGERS and lets no pipeline role change a quota", () => {
    const names = environmentNames(environment("dev")).snowflake;
    const all = statements(render());
    const triggers =
      "TRIGGERS ON 75 PERCENT DO NOTIFY ON 90 PERCENT DO NOTIFY ON 100 PERCENT DO SUSPEND ON 110 PERCENT DO SUSPEND_IMMEDIATE";
    expect(RESOURCE_MONITOR_TRIGGERS).toEqual({
      notifyAtPercent: [75, 90],
      suspendAtPercent: 100,
      suspendImmediatelyAtPercent: 110,
    });
    for (const monitor of [names.biResourceMonitor, names.opsResourceMonitor]) {
      expect(all.find((s) => s.startsWith(`ALTER RESOURCE MONITOR ${monitor} SET `))).toMatch(
        new RegExp(`${triggers}$`),
      );
    }
    expect(all.filter((s) => /ON RESOURCE MONITOR/.test(s))).toEqual([]);
  });

  test("lets the owner role use the operators' warehouse before the stack exists (its provider reads views on it)", () => {
    const names = environmentNames(environment("dev")).snowflake;
    expect(statements(render())).toContain(
      `GRANT USAGE ON WAREHOUSE ${names.opsWarehouse} TO ROLE ${names.ownerRole}`,
    );
  });

  test("docs/power-bi.md and docs/ci-cd.md state the monitors' thresholds the SQL sets", () => {
    const doc = readFileSync(join(__dirname, "../../docs/power-bi.md"), "utf8").replace(
      /\s+/g,
      " ",
    );
    const { notifyAtPercent, suspendAtPercent, suspendImmediatelyAtPercent } =
      RESOURCE_MONITOR_TRIGGERS;
    expect(doc).toContain(
      `notifies account administrators at ${notifyAtPercent[0]} % and ${notifyAtPercent[1]} % of`,
    );
    expect(doc).toContain(`suspends the warehouse at ${suspendAtPercent} %`);
    expect(doc).toContain(`cancels running queries at ${suspendImmediatelyAtPercent} %`);
    const ciCd = readFileSync(join(__dirname, "../../docs/ci-cd.md"), "utf8");
    expect(ciCd).toContain(
      `notify at ${notifyAtPercent[0]} % and ${notifyAtPercent[1]} %, suspend at ${suspendAtPercent} %, cancel queries at ${suspendImmediatelyAtPercent} %`,
    );
  });

  test("grants the owner role up to SYSADMIN and the admin role up to SECURITYADMIN", () => {
    const names = environmentNames(environment("dev")).snowflake;
    const all = statements(render());
    expect(all).toContain(`GRANT ROLE ${names.ownerRole} TO ROLE SYSADMIN`);
    expect(all).toContain(`GRANT ROLE ${names.adminRole} TO ROLE SECURITYADMIN`);
  });

  test("grants nothing to PUBLIC and no system role to the CI users or pipeline roles", () => {
    for (const statement of statements(render()).filter((s) => s.startsWith("GRANT"))) {
      expect(statement).not.toMatch(/TO ROLE PUBLIC$/);
      expect(statement).not.toMatch(
        /^GRANT ROLE (ACCOUNTADMIN|SECURITYADMIN|SYSADMIN|USERADMIN|ORGADMIN) /,
      );
    }
  });

  test("creates both CI users as key-pair service users holding exactly the two pipeline roles", () => {
    const names = environmentNames(environment("dev")).snowflake;
    const all = statements(render());
    for (const user of [names.deployUser, names.planUser]) {
      const create = all.find((s) => s.startsWith(`CREATE USER IF NOT EXISTS ${user} `)) as string;
      expect(create).toContain("TYPE = SERVICE");
      expect(create).toContain("DEFAULT_SECONDARY_ROLES = ()");
      expect(create).not.toMatch(/PASSWORD/);
      const roles = all
        .map((s) => new RegExp(`^GRANT ROLE (\\w+) TO USER ${user}$`).exec(s)?.[1])
        .filter(Boolean)
        .sort();
      expect(roles).toEqual([names.adminRole, names.ownerRole].sort());
    }
  });

  test("sets each user's own public key and never a private key", () => {
    const names = environmentNames(environment("dev")).snowflake;
    const sql = render();
    expect(statements(sql)).toContain(
      `ALTER USER ${names.deployUser} SET RSA_PUBLIC_KEY = '${publicKeyBody(deployKeys.publicKey, "deploy")}'`,
    );
    expect(statements(sql)).toContain(
      `ALTER USER ${names.planUser} SET RSA_PUBLIC_KEY = '${publicKeyBody(planKeys.publicKey, "plan")}'`,
    );
    expect(sql).not.toMatch(/PRIVATE/);
  });

  test("takes role names from the environment's configuration", () => {
    const prod = environment("prod");
    const sql = render("prod");
    expect(accountPrivilegesOf(sql, prod.snowflake.ownerRole)).toHaveLength(3);
    expect(sql).not.toContain(environment("dev").snowflake.ownerRole);
    expect(environmentNames(prod).snowflake.deployUser).toBe("SENSORS_PROD_DEPLOY");
  });

  test("fills every placeholder and creates every object only if it does not exist", () => {
    const sql = render();
    expect(sql).not.toContain("{{");
    for (const statement of statements(sql).filter((s) => s.startsWith("CREATE "))) {
      expect(statement).toMatch(/^CREATE [A-Z ]+ IF NOT EXISTS /);
    }
  });

  test("refuses a private key and names the fix", () => {
    expect(() =>
      renderSnowflakeBootstrapSql(environment("dev"), {
        deployPublicKeyPem: deployKeys.privateKey,
        planPublicKeyPem: planKeys.publicKey,
      }),
    ).toThrow(/deploy key is a PRIVATE key[\s\S]*Fix: pass the public key/);
  });

  test("refuses text that is not a PEM public key", () => {
    expect(() => publicKeyBody("ssh-rsa AAAAB3Nza... user@host", "plan")).toThrow(
      /plan key is not a PEM RSA public key/,
    );
  });

  test("gives the resource monitor the environment's monthly credit quota unless told otherwise", () => {
    const withQuota = (biWarehouse: { monthlyCreditQuota?: number }) =>
      environment("dev", (input) => ({ ...input, snowflake: { ...input.snowflake, biWarehouse } }));
    const keys = { deployPublicKeyPem: deployKeys.publicKey, planPublicKeyPem: planKeys.publicKey };
    const monitor = (sql: string) =>
      statements(sql).find((s) => s.startsWith("CREATE RESOURCE MONITOR"));
    // The config's default (20), not a second default of the renderer's own.
    expect(monitor(renderSnowflakeBootstrapSql(withQuota({}), keys))).toContain(
      "CREDIT_QUOTA = 20 ",
    );
    const configured = withQuota({ monthlyCreditQuota: 35 });
    expect(monitor(renderSnowflakeBootstrapSql(configured, keys))).toContain("CREDIT_QUOTA = 35 ");
    expect(
      monitor(renderSnowflakeBootstrapSql(configured, { ...keys, biCreditQuota: 7 })),
    ).toContain("CREDIT_QUOTA = 7 ");
  });

  test("refuses a credit quota that is not a positive whole number", () => {
    expect(() =>
      renderSnowflakeBootstrapSql(environment("dev"), {
        deployPublicKeyPem: deployKeys.publicKey,
        planPublicKeyPem: planKeys.publicKey,
        biCreditQuota: 0,
      }),
    ).toThrow(/must be a whole number of credits, at least 1/);
  });

  describe("network policy of the CI users", () => {
    const withRanges = (networkPolicies: Record<string, string[]>) =>
      renderSnowflakeBootstrapSql(
        environment("dev", (input) => ({
          ...input,
          snowflake: { ...input.snowflake, networkPolicies },
        })),
        { deployPublicKeyPem: deployKeys.publicKey, planPublicKeyPem: planKeys.publicKey },
      );

    test("is off by default, says so, and then grants no network policy privilege", () => {
      const sql = render();
      expect(statements(sql).filter((s) => /NETWORK/.test(s))).toEqual([]);
      expect(sql).toMatch(/None: snowflake\.networkPolicies\.ciAllowedIpRanges is not set/);
      expect(ciNetworkPolicyWarning(environment("dev"))).toMatch(
        /keys work from any address[\s\S]*Fix: list your runners' egress ranges/,
      );
    });

    test("with ranges, allows exactly them and sets the policy on both CI users, re-runnably", () => {
      const names = environmentNames(environment("dev")).snowflake;
      const all = statements(withRanges({ ciAllowedIpRanges: ["203.0.113.0/24", "198.51.100.7"] }));
      const list = "('203.0.113.0/24', '198.51.100.7')";
      expect(all).toContain(
        `CREATE NETWORK POLICY IF NOT EXISTS ${names.ciNetworkPolicy} ALLOWED_IP_LIST = ${list} COMMENT = 'Where the CI users of dev may sign in from'`,
      );
      // A re-run with changed ranges updates the existing policy.
      expect(all).toContain(
        `ALTER NETWORK POLICY ${names.ciNetworkPolicy} SET ALLOWED_IP_LIST = ${list}`,
      );
      for (const user of [names.deployUser, names.planUser]) {
        expect(all).toContain(`ALTER USER ${user} SET NETWORK_POLICY = ${names.ciNetworkPolicy}`);
      }
      expect(
        ciNetworkPolicyWarning(
          environment("dev", (input) => ({
            ...input,
            snowflake: {
              ...input.snowflake,
              networkPolicies: { ciAllowedIpRanges: ["203.0.113.0/24"] },
            },
          })),
        ),
      ).toBeUndefined();
    });

    test("lets the admin role create network policies only when the Power BI user gets one", () => {
      const { adminRole } = environmentNames(environment("dev")).snowflake;
      expect(
        accountPrivilegesOf(withRanges({ powerBiAllowedIpRanges: ["203.0.113.0/24"] }), adminRole),
      ).toContain("CREATE NETWORK POLICY");
      expect(accountPrivilegesOf(render(), adminRole)).not.toContain("CREATE NETWORK POLICY");
    });
  });
});
