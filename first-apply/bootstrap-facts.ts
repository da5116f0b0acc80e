import type { Creation, FactSource, PrivilegeGrant, RoleGrant } from "./access-facts";
import { ACCOUNTADMIN } from "./access-facts";
import {
  ACCOUNT,
  type ObjectRef,
  type ObjectType,
  SCHEMA_OBJECT_PLURALS,
  normalizeName,
  objectRef,
} from "./objects";

/**
 * Reads the rendered bootstrap SQL (sql/bootstrap/snowflake-account.sql) into access facts: the
 * roles, users, warehouses and monitors it creates (owned by the role in use), the role hierarchy
 * and the privileges it grants. A statement it cannot read stops the checker, so a grant is never
 * silently ignored: teach this file the new form instead.
 *
 * It also checks the bootstrap's own statements that only ACCOUNTADMIN may run (creating a
 * resource monitor, assigning one to a warehouse).
 */

/** A statement of the bootstrap SQL that is wrong or cannot be read. */
export interface BootstrapProblem {
  /** `file:line` of the statement. */
  readonly subject: string;
  readonly missing: string;
  readonly fix: string;
}

/** Facts of the bootstrap SQL, and the problems found in it. */
export interface BootstrapFacts {
  readonly creations: Creation[];
  readonly roleGrants: RoleGrant[];
  readonly privilegeGrants: PrivilegeGrant[];
  readonly problems: BootstrapProblem[];
}

/** The system-defined roles and their hierarchy, which exist in every account. */
export const SYSTEM_ROLE_FACTS: Pick<
  BootstrapFacts,
  "creations" | "roleGrants" | "privilegeGrants"
> = (() => {
  // docs.snowflake.com/en/user-guide/security-access-control-overview#system-defined-roles
  const source: FactSource = { kind: "system" };
  const roles = ["ACCOUNTADMIN", "SECURITYADMIN", "USERADMIN", "SYSADMIN", "PUBLIC"];
  const inherit: Array<[string, string]> = [
    ["SECURITYADMIN", ACCOUNTADMIN],
    ["SYSADMIN", ACCOUNTADMIN],
    ["USERADMIN", "SECURITYADMIN"],
  ];
  const global: Array<[string, string[]]> = [
    ["SECURITYADMIN", ["MANAGE GRANTS"]],
    ["USERADMIN", ["CREATE USER", "CREATE ROLE"]],
    ["SYSADMIN", ["CREATE DATABASE", "CREATE WAREHOUSE"]],
  ];
  return {
    creations: roles.map((name) => ({
      object: { type: "ROLE", name },
      owner: ACCOUNTADMIN,
      source,
    })),
    roleGrants: inherit.map(([role, grantee]) => ({
      role,
      grantee: { type: "ROLE", name: grantee },
      source,
    })),
    privilegeGrants: global.map(([role, privileges]) => ({
      role,
      privileges,
      on: { kind: "object", object: ACCOUNT },
      source,
    })),
  };
})();

const CREATABLE: Readonly<Record<string, ObjectType>> = {
  ROLE: "ROLE",
  USER: "USER",
  WAREHOUSE: "WAREHOUSE",
  "RESOURCE MONITOR": "RESOURCE MONITOR",
  DATABASE: "DATABASE",
  SCHEMA: "SCHEMA",
  INTEGRATION: "INTEGRATION",
  "STORAGE INTEGRATION": "INTEGRATION",
  "NOTIFICATION INTEGRATION": "INTEGRATION",
  "NETWORK POLICY": "NETWORK POLICY",
};

const GRANTABLE_ON = Object.keys(CREATABLE).filter((key) => !key.includes(" INTEGRATION"));

/** Splits SQL text into statements with the line each starts on; comments removed. */
export function splitStatements(sql: string): Array<{ text: string; line: number }> {
  const statements: Array<{ text: string; line: number }> = [];
  let current = "";
  let startLine = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < sql.length; i += 1) {
    const char = sql[i];
    if (!inString && char === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i += 1;
      i -= 1;
      continue;
    }
    if (char === "\n") line += 1;
    if (char === "'") inString = !inString;
    if (!inString && char === ";") {
      if (current.trim())
        statements.push({ text: current.replace(/\s+/g, " ").trim(), line: startLine });
      current = "";
      continue;
    }
    if (!current.trim() && !/\s/.test(char)) startLine = line;
    current += char;
  }
  if (current.trim())
    statements.push({ text: current.replace(/\s+/g, " ").trim(), line: startLine });
  return statements;
}

/** Reads the rendered bootstrap SQL; `file` names it in problems. */
export function readBootstrapSql(sql: string, file: string): BootstrapFacts {
  const facts: BootstrapFacts = {
    creations: [],
    roleGrants: [],
    privilegeGrants: [],
    problems: [],
  };
  let role: string | undefined;
  for (const { text, line } of splitStatements(sql)) {
    const source: FactSource = { kind: "bootstrap", line };
    const where = `${file}:${line}`;
    const upper = text.toUpperCase();
    let match: RegExpExecArray | null;
    if ((match = /^USE ROLE (\S+)$/i.exec(text))) {
      role = normalizeName(match[1]);
      continue;
    }
    if (role === undefined) {
      facts.problems.push({
        subject: where,
        missing: `a USE ROLE before "${text.slice(0, 60)}"`,
        fix: `start the file with USE ROLE.`,
      });
      continue;
    }
    if ((match = /^GRANT ROLE (\S+) TO (ROLE|USER) (\S+)$/i.exec(text))) {
      facts.roleGrants.push({
        role: normalizeName(match[1]) ?? match[1],
        grantee: {
          type: match[2].toUpperCase() as "ROLE" | "USER",
          name: normalizeName(match[3]) ?? match[3],
        },
        source,
      });
      continue;
    }
    if ((match = /^GRANT DATABASE ROLE SNOWFLAKE\.(\w+) TO ROLE (\S+)$/i.exec(text))) {
      const granted = snowflakeDatabaseRoleFacts(
        match[1].toUpperCase(),
        normalizeName(match[2]) ?? match[2],
        source,
      );
      if (granted !== undefined) {
        facts.creations.push(...granted.creations);
        facts.privilegeGrants.push(...granted.privilegeGrants);
        continue;
      }
    }
    if ((match = /^GRANT (.+?) ON ACCOUNT TO ROLE (\S+)$/i.exec(text))) {
      facts.privilegeGrants.push({
        role: normalizeName(match[2]) ?? match[2],
        privileges: privilegeList(match[1]),
        on: { kind: "object", object: ACCOUNT },
        source,
      });
      continue;
    }
    if (
      (match = /^GRANT (.+?) ON (ALL|FUTURE) ([A-Z ]+?) IN SCHEMA (\S+) TO ROLE (\S+)$/i.exec(text))
    ) {
      const type = SCHEMA_OBJECT_PLURALS[match[3].toUpperCase()];
      const schema = normalizeName(match[4]);
      if (type && schema) {
        facts.privilegeGrants.push({
          role: normalizeName(match[5]) ?? match[5],
          privileges: privilegeList(match[1]),
          on: { kind: match[2].toUpperCase() as "all" | "future", type, schema },
          source,
        });
        continue;
      }
    }
    const onObject = new RegExp(
      `^GRANT (.+?) ON (${GRANTABLE_ON.join("|")}|INTEGRATION) (\\S+) TO ROLE (\\S+)(?: (?:COPY|REVOKE) CURRENT GRANTS)?$`,
      "i",
    );
    if ((match = onObject.exec(text))) {
      const object = objectRef(CREATABLE[match[2].toUpperCase()], match[3]) as ObjectRef;
      const grantee = normalizeName(match[4]) ?? match[4];
      const privileges = privilegeList(match[1]);
      if (privileges.includes("OWNERSHIP")) {
        facts.creations.push({ object, owner: grantee, source });
      } else {
        facts.privilegeGrants.push({
          role: grantee,
          privileges,
          on: { kind: "object", object },
          source,
        });
      }
      continue;
    }
    const create = new RegExp(
      `^CREATE (?:OR REPLACE )?(${Object.keys(CREATABLE)
        .sort((a, b) => b.length - a.length)
        .join("|")}) (?:IF NOT EXISTS )?(\\S+)`,
      "i",
    );
    if ((match = create.exec(text))) {
      const kind = match[1].toUpperCase();
      if (kind === "RESOURCE MONITOR" && role !== ACCOUNTADMIN) {
        facts.problems.push({
          subject: where,
          missing: `the ACCOUNTADMIN role: CREATE RESOURCE MONITOR runs as ${role}, and only ACCOUNTADMIN may create a resource monitor`,
          fix: `USE ROLE ACCOUNTADMIN before it.`,
        });
      }
      facts.creations.push({
        object: objectRef(CREATABLE[kind], match[2]) as ObjectRef,
        owner: role,
        source,
      });
      continue;
    }
    if (/^ALTER /i.test(text)) {
      if (
        /^ALTER WAREHOUSE /i.test(text) &&
        /\bRESOURCE_MONITOR\s*=/.test(upper) &&
        role !== ACCOUNTADMIN
      ) {
        facts.problems.push({
          subject: where,
          missing: `the ACCOUNTADMIN role: a warehouse is assigned its resource monitor as ${role}, and only ACCOUNTADMIN may assign one`,
          fix: `USE ROLE ACCOUNTADMIN before it.`,
        });
      }
      continue;
    }
    facts.problems.push({
      subject: where,
      missing: `a reading of this statement: the first-apply checker cannot read "${text.slice(0, 80)}"`,
      fix: `teach first-apply/bootstrap-facts.ts this statement, so no grant goes unseen.`,
    });
  }
  return facts;
}

/**
 * What a SNOWFLAKE database role lets its grantee read, for the views the stack reads (the shared
 * SNOWFLAKE database exists in every account, owned by no role of ours). Only the roles and views
 * the project uses are listed; another one is a statement the checker cannot read.
 * docs.snowflake.com/en/sql-reference/snowflake-db-roles ("Database role required to access
 * ACCOUNT_USAGE views": QUERY_HISTORY needs GOVERNANCE_VIEWER).
 */
const SNOWFLAKE_DATABASE_ROLES: Readonly<Record<string, readonly string[]>> = {
  GOVERNANCE_VIEWER: ["SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY"],
};

/** The facts of `GRANT DATABASE ROLE SNOWFLAKE.<role> TO ROLE <grantee>`. */
function snowflakeDatabaseRoleFacts(
  databaseRole: string,
  grantee: string,
  source: FactSource,
): Pick<BootstrapFacts, "creations" | "privilegeGrants"> | undefined {
  const views = SNOWFLAKE_DATABASE_ROLES[databaseRole];
  if (views === undefined) return undefined;
  const system: FactSource = { kind: "system" };
  const objects: ObjectRef[] = [
    { type: "DATABASE", name: "SNOWFLAKE" },
    { type: "SCHEMA", name: "SNOWFLAKE.ACCOUNT_USAGE" },
    ...views.map((name) => ({ type: "VIEW" as const, name })),
  ];
  return {
    creations: objects.map((object) => ({ object, owner: ACCOUNTADMIN, source: system })),
    privilegeGrants: objects.map((object) => ({
      role: grantee,
      privileges: [object.type === "VIEW" ? "SELECT" : "USAGE"],
      on: { kind: "object" as const, object },
      source,
    })),
  };
}

function privilegeList(text: string): string[] {
  return text.split(",").map((privilege) => privilege.trim().replace(/\s+/g, " ").toUpperCase());
}
