import {
  bootstrapSqlFor,
  readSynthesizedStack,
  synthesizeQuietly,
} from "../../first-apply/check-app";
import { checkFirstApply } from "../../first-apply/check-first-apply";
import { type Finding, formatFinding } from "../../first-apply/finding";
import type { SynthesizedStackJson } from "../../first-apply/terraform-graph";
import { SMOKE_TOOL } from "../../ops/smoke/snowflake-operations";
import { STATUS_TOOL } from "../../ops/status/snowflake-operations";
import { TerraformGraph } from "../../first-apply/terraform-graph";
import { OUTPUT_NAMES } from "../../stacks/outputs";
import { environmentNames } from "../../stacks/names";
import { MONITORING_VIEWS } from "../../sql/monitoring";
import { environment, pipelineStack, synthesize } from "../helpers/synth";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const outdir = synthesizeQuietly();
const real = (name: "dev" | "prod") => ({
  stack: `sensors-${name}`,
  synthesized: readSynthesizedStack(outdir, `sensors-${name}`),
  bootstrapSql: bootstrapSqlFor(environment(name)),
});

/** The dev stack with its JSON and bootstrap SQL changed by `mutate`, checked. */
function checkMutated(
  mutate: (resources: Resources, sql: string) => string | void,
  tools = [SMOKE_TOOL],
): Finding[] {
  const input = real("dev");
  const synthesized = structuredClone(input.synthesized) as SynthesizedStackJson & {
    resource: Resources;
  };
  const sql = mutate(synthesized.resource, input.bootstrapSql) ?? input.bootstrapSql;
  return checkFirstApply({ stack: input.stack, synthesized, bootstrapSql: sql, tools });
}

/** The one resource of a type whose construct path ends with `pathEnd`. */
function resource(
  resources: Resources,
  type: string,
  pathEnd: string,
): [string, Record<string, unknown>] {
  const found = Object.entries(resources[type] ?? {}).filter(([, config]) =>
    (config["//"] as { metadata: { path: string } }).metadata.path.endsWith(pathEnd),
  );
  if (found.length !== 1)
    throw new Error(`expected one ${type} at */${pathEnd}, found ${found.length}`);
  return found[0];
}

const summary = (findings: Finding[]) => findings.map(formatFinding).join("\n");

describe("the first-apply checker", () => {
  test.each(["dev", "prod"] as const)(
    "finds nothing in the real %s stack and its bootstrap SQL",
    (name) => {
      const findings = checkFirstApply(real(name));
      expect(summary(findings)).toBe("");
    },
  );

  test("finds nothing when both network policies are on (the admin role creates and so owns the Power BI user's)", () => {
    const config = environment("dev", (input) => ({
      ...input,
      snowflake: {
        ...input.snowflake,
        networkPolicies: {
          ciAllowedIpRanges: ["192.0.2.0/24"],
          powerBiAllowedIpRanges: ["198.51.100.0/24"],
        },
      },
    }));
    const synthesized = synthesize(pipelineStack(config)) as SynthesizedStackJson;
    expect(Object.keys(synthesized.resource?.snowflake_network_policy ?? {})).toHaveLength(1);
    const bootstrapSql = bootstrapSqlFor(config);
    expect(bootstrapSql).toMatch(/^CREATE NETWORK POLICY IF NOT EXISTS SENSORS_DEV_CI_NETWORK$/m);
    expect(summary(checkFirstApply({ stack: "sensors-dev", synthesized, bootstrapSql }))).toBe("");
  });

  test("catches a task that may be created before its role may use the error integration", () => {
    const findings = checkMutated((resources) => {
      const [, task] = resource(resources, "snowflake_task", "SnowflakeTransformation/Task");
      task.depends_on = (task.depends_on as string[]).filter(
        (address) => !address.includes("ErrorNotifications_UsageGrant"),
      );
    });
    expect(findings).toEqual([
      expect.objectContaining({
        subject: expect.stringMatching(/^snowflake_task\.SnowflakeTransformation_Task_/),
        role: "SENSORS_DEV_PIPELINE_OWNER",
        missing: "USAGE on INTEGRATION SENSORS_DEV_PIPELINE_ERRORS",
        because: "error_integration",
        fix: expect.stringMatching(
          /ErrorNotifications_UsageGrant_\w+ grants it but Terraform may run it later: add it to depends_on of snowflake_task\./,
        ),
      }),
    ]);
  });

  test("catches a resource monitor assigned through a role other than ACCOUNTADMIN", () => {
    const findings = checkMutated((resources) => {
      resources.snowflake_warehouse = {
        Extra: {
          "//": { metadata: { path: "sensors-dev/Extra" } },
          name: "EXTRA_WH",
          resource_monitor: "SENSORS_DEV_BI_MONITOR",
          provider: "snowflake.admin",
        },
      };
    });
    expect(findings.map((finding) => [finding.subject, finding.missing, finding.because])).toEqual([
      ["snowflake_warehouse.Extra", "CREATE WAREHOUSE on ACCOUNT", "CREATE"],
      [
        "snowflake_warehouse.Extra",
        expect.stringMatching(/^the ACCOUNTADMIN role/),
        "resource_monitor",
      ],
    ]);
  });

  test("catches a dropped bootstrap grant on every resource that needed it", () => {
    const findings = checkMutated((_, sql) =>
      sql.replace(/^GRANT EXECUTE MANAGED TASK ON ACCOUNT TO ROLE .*$/m, ""),
    );
    // Dev's three serverless tasks: transformation, freshness and the MQTT path's unpack task.
    // Every serverless task of dev: transformation, freshness, the MQTT path's unpack task and
    // the gateway health check.
    const tasks = Object.keys(real("dev").synthesized.resource?.snowflake_task ?? {});
    expect(tasks).toHaveLength(4);
    expect(findings.map((finding) => finding.subject).sort()).toEqual(
      tasks.map((id) => `snowflake_task.${id}`).sort(),
    );
    for (const finding of findings) expect(finding.missing).toBe("EXECUTE MANAGED TASK on ACCOUNT");
    expect(
      findings.every((finding) =>
        /grant EXECUTE MANAGED TASK ON ACCOUNT TO ROLE SENSORS_DEV_PIPELINE_OWNER in sql\/bootstrap/.test(
          finding.fix,
        ),
      ),
    ).toBe(true);
  });

  test("catches the Power BI query log without the SNOWFLAKE database role that reads QUERY_HISTORY", () => {
    const findings = checkMutated((_, sql) =>
      sql.replace(/^GRANT DATABASE ROLE SNOWFLAKE\.GOVERNANCE_VIEWER TO ROLE .*$/m, ""),
    );
    expect(findings.map((finding) => [finding.subject, finding.missing])).toEqual([
      [
        expect.stringMatching(/^snowflake_view\.SnowflakeMonitoring_POWER_BI_QUERIES_/),
        expect.stringContaining("SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY"),
      ],
    ]);
  });

  test("catches views read back on a warehouse the owner role may not use", () => {
    const findings = checkMutated((_, sql) =>
      sql.replace(/^GRANT USAGE ON WAREHOUSE \S+ TO ROLE .*$/m, ""),
    );
    // The four REPORTING views and every MONITORING view.
    expect(findings).toHaveLength(4 + MONITORING_VIEWS.length);
    for (const finding of findings) {
      expect(finding).toMatchObject({
        missing: "USAGE on WAREHOUSE SENSORS_DEV_OPS_WH",
        role: "SENSORS_DEV_PIPELINE_OWNER",
      });
      expect(finding.subject).toMatch(/^snowflake_view\./);
    }
  });

  test("catches a bootstrap SQL that assigns monitors as a role other than ACCOUNTADMIN", () => {
    const findings = checkMutated((_, sql) =>
      sql.replace(/^(ALTER WAREHOUSE \S+_BI_WH SET)/m, "USE ROLE SYSADMIN;\n$1"),
    );
    // Both warehouses follow the switch, so both assignments are named.
    expect(findings).toEqual([
      expect.objectContaining({
        subject: expect.stringMatching(/^sql\/bootstrap\/snowflake-account\.sql:\d+$/),
        missing: expect.stringMatching(/assigned its resource monitor as SYSADMIN/),
      }),
      expect.objectContaining({
        missing: expect.stringMatching(/assigned its resource monitor as SYSADMIN/),
      }),
    ]);
  });

  test("refuses a bootstrap statement it cannot read rather than ignore a grant", () => {
    const findings = checkMutated((_, sql) => `${sql}\nREVOKE USAGE ON WAREHOUSE X FROM ROLE Y;\n`);
    expect(findings).toEqual([
      expect.objectContaining({
        missing: expect.stringMatching(/cannot read "REVOKE USAGE ON WAREHOUSE X/),
      }),
    ]);
  });

  test("catches smoke run as a role without USAGE on the storage integration", () => {
    const findings = checkMutated((resources) => {
      const [id] = resource(
        resources,
        "snowflake_grant_privileges_to_account_role",
        "EngineerStorageIntegration",
      );
      delete resources.snowflake_grant_privileges_to_account_role[id];
    });
    expect(findings).toEqual([
      expect.objectContaining({
        subject: "sensorctl smoke",
        role: "SENSORS_DEV_ENGINEER",
        missing: "USAGE on INTEGRATION SENSORS_DEV_NORMALIZED_S3",
        because: "SYSTEM$VALIDATE_STORAGE_INTEGRATION",
      }),
    ]);
  });

  test("catches smoke declared to run as a role that does not exist", () => {
    const findings = checkMutated(() => undefined, [{ ...SMOKE_TOOL, role: "databaseName" }]);
    expect(findings[0]).toMatchObject({
      subject: "sensorctl smoke",
      missing: "ROLE SENSORS_DEV (nothing creates it before this point)",
    });
  });

  test("catches an ON ALL grant that may run before the objects it should cover", () => {
    const findings = checkMutated((resources) => {
      const [, grant] = resource(
        resources,
        "snowflake_grant_privileges_to_account_role",
        "EngineerLandingTablesCurrent",
      );
      delete grant.depends_on;
    });
    expect(findings).toEqual([
      expect.objectContaining({
        subject: "sensorctl smoke",
        missing: "SELECT on TABLE SENSORS_DEV.LANDING.READINGS_RAW",
      }),
    ]);
  });

  test("catches a pipe that may be created before the table its COPY names", () => {
    const findings = checkMutated((resources) => {
      const [, pipe] = resource(resources, "snowflake_pipe", "SnowflakeIngestion/Pipe");
      pipe.depends_on = (pipe.depends_on as string[]).filter(
        (address) => !address.startsWith("snowflake_table."),
      );
    });
    expect(findings.map((finding) => finding.missing)).toEqual([
      "TABLE SENSORS_DEV.LANDING.READINGS_RAW (it does not exist yet at this point)",
      "TABLE SENSORS_DEV.LANDING.READINGS_RAW (it does not exist yet at this point)",
    ]);
  });

  test("names a Snowflake resource type the privilege table does not know", () => {
    const findings = checkMutated((resources) => {
      resources.snowflake_secret_with_generic_string = {
        Secret: {
          "//": { metadata: { path: "sensors-dev/Secret" } },
          name: "S",
          provider: "snowflake",
        },
      };
    });
    expect(findings).toEqual([
      expect.objectContaining({
        subject: "snowflake_secret_with_generic_string.Secret",
        missing: "a privilege-table entry for snowflake_secret_with_generic_string",
      }),
    ]);
  });
  describe("sensorctl status --env", () => {
    test("is declared to run as the role and warehouse the command and docs use by default", () => {
      // cli/commands/status.ts connects as names.engineerRole on names.opsWarehouse
      // (docs/monitoring.md: "as the engineer role"); the checker checks the outputs it declares.
      const input = real("dev");
      const graph = new TerraformGraph(input.synthesized);
      const output = (key: keyof typeof OUTPUT_NAMES) =>
        graph.resolve(input.synthesized.output?.[OUTPUT_NAMES[key]]?.value);
      const names = environmentNames(environment("dev")).snowflake;
      expect([STATUS_TOOL.role, STATUS_TOOL.warehouse]).toEqual([
        "operatorRoleName",
        "queryWarehouseName",
      ]);
      expect([output("operatorRoleName"), output("queryWarehouseName")]).toEqual([
        names.engineerRole,
        names.opsWarehouse,
      ]);
    });

    test("catches status run as a role without SELECT on the MONITORING views", () => {
      const findings = checkMutated(
        (resources) => {
          for (const grant of ["EngineerViewsCurrent", "EngineerViewsFuture"]) {
            const [id] = resource(resources, "snowflake_grant_privileges_to_account_role", grant);
            delete resources.snowflake_grant_privileges_to_account_role[id];
          }
        },
        [STATUS_TOOL],
      );
      expect(findings.length).toBeGreaterThan(0);
      expect(findings).toEqual(
        ["GATEWAY_HEALTH", "PIPES", "TASK_RUNS", "FRESHNESS", "FILE_LOADS"]
          .map((view) =>
            expect.objectContaining({
              subject: "sensorctl status",
              role: "SENSORS_DEV_ENGINEER",
              missing: `SELECT on VIEW SENSORS_DEV.MONITORING.${view}`,
            }),
          )
          .flatMap((finding, index) => (index === 2 ? [finding, finding] : [finding])),
      );
    });

    test("catches status run as a role without USAGE on the operators' warehouse", () => {
      const findings = checkMutated(
        (resources) => {
          const [id] = resource(
            resources,
            "snowflake_grant_privileges_to_account_role",
            "EngineerWarehouse",
          );
          delete resources.snowflake_grant_privileges_to_account_role[id];
        },
        [STATUS_TOOL],
      );
      expect(findings).toEqual([
        expect.objectContaining({
          subject: "sensorctl status",
          role: "SENSORS_DEV_ENGINEER",
          missing: "USAGE on WAREHOUSE SENSORS_DEV_OPS_WH",
          because: "every query",
        }),
      ]);
    });
  });
});
