import { SnowflakeMonitoring } from "../../constructs/snowflake-monitoring";
import { MONITORING_VIEWS } from "../../sql/monitoring";
import { environment, pipelineStack, resourcesOfType, synthesize } from "../helpers/synth";
import { address } from "../helpers/aws";

const synthesized = synthesize(pipelineStack(environment("dev")));
const monitoringSchema = address(synthesized, "snowflake_schema", "SnowflakeMonitoring_Schema");
const inMonitoring = <T extends Record<string, unknown>>(resources: Record<string, T>) =>
  Object.values(resources).filter((resource) =>
    String(resource.schema).includes("SnowflakeMonitoring_Schema"),
  );
const views = inMonitoring(resourcesOfType(synthesized, "snowflake_view"));
const viewNamed = (name: string) => views.find((view) => view.name === name);
type Grant = {
  account_role_name: string;
  privileges: string[];
  on_schema?: { schema_name: string };
  on_schema_object?: Record<string, { object_type_plural: string; in_schema: string }>;
};
const grants = Object.values(
  resourcesOfType(synthesized, "snowflake_grant_privileges_to_account_role"),
) as Grant[];

describe("SnowflakeMonitoring", () => {
  test("creates MONITORING with every view of sql/monitoring.ts, as the owner role, every column commented", () => {
    const schema = Object.values(resourcesOfType(synthesized, "snowflake_schema")).find(
      (candidate) => candidate.name === "MONITORING",
    );
    expect(schema).toMatchObject({ provider: "snowflake", with_managed_access: "true" });
    expect(views.map((view) => view.name).sort()).toEqual(
      MONITORING_VIEWS.map((view) => view.name).sort(),
    );
    for (const view of views) {
      expect(view).toMatchObject({ provider: "snowflake", copy_grants: true });
      const columns = view.column as Array<{ column_name: string; comment: string }>;
      const model = MONITORING_VIEWS.find((candidate) => candidate.name === view.name);
      expect(columns.map((column) => column.column_name)).toEqual(
        model?.columns.map((column) => column.name),
      );
      for (const column of columns) expect(column.comment.length).toBeGreaterThan(2);
    }
  });

  test("reads history from INFORMATION_SCHEMA table functions and the Power BI log from ACCOUNT_USAGE", () => {
    expect(viewNamed("FILE_LOADS")?.statement).toContain(
      "TABLE(SENSORS_DEV.INFORMATION_SCHEMA.COPY_HISTORY(\n  TABLE_NAME => 'SENSORS_DEV.LANDING.REJECTED_RECORDS'",
    );
    expect(viewNamed("TASK_RUNS")?.statement).toContain(
      "SENSORS_DEV.INFORMATION_SCHEMA.TASK_HISTORY(",
    );
    expect(viewNamed("PIPES")?.statement).toContain(
      "SYSTEM$PIPE_STATUS('SENSORS_DEV.LANDING.INGEST_LEDGER_PIPE')",
    );
    const powerBi = String(viewNamed("POWER_BI_QUERIES")?.statement);
    expect(powerBi).toContain("FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY");
    expect(powerBi).toContain("WHERE USER_NAME = 'SENSORS_DEV_POWERBI'");
  });

  test("judges gateways with the configured silence and spike thresholds", () => {
    const config = environment("dev", (input) => ({
      ...input,
      alerts: { gatewaySilenceMinutes: 90, rejectionSpikePercent: 35 },
    }));
    const health = Object.values(
      resourcesOfType(synthesize(pipelineStack(config)), "snowflake_view"),
    ).find((view) => view.name === "GATEWAY_HEALTH");
    expect(health?.statement).toContain("INTERVAL '90 MINUTES' THEN 'SILENT'");
    expect(health?.statement).toContain(">= 35 * gateways.RECORDS_LAST_HOUR");
  });

  test("checks gateway health serverless and only when the ledger stream has data", () => {
    const task = Object.values(resourcesOfType(synthesized, "snowflake_task")).find(
      (candidate) => candidate.name === "CHECK_GATEWAY_HEALTH",
    );
    expect(task).toMatchObject({
      when: "SYSTEM$STREAM_HAS_DATA('SENSORS_DEV.LANDING.INGEST_LEDGER_CHANGES')",
      user_task_managed_initial_warehouse_size: "XSMALL",
      started: true,
      error_integration: expect.stringContaining("snowflake_notification_integration"),
    });
    expect(task?.warehouse).toBeUndefined();
    const body = String(task?.sql_statement);
    expect(body).toContain("COUNT(*) FROM SENSORS_DEV.LANDING.INGEST_LEDGER_CHANGES");
    expect(body).toContain("FROM SENSORS_DEV.MONITORING.GATEWAY_HEALTH AS health");
    expect(body).toContain("SNOWFLAKE.NOTIFICATION.INTEGRATION('SENSORS_DEV_PIPELINE_ERRORS')");
    expect(task?.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^snowflake_grant_privileges_to_account_role\.SnowflakeIngestion_ErrorNotifications/,
        ),
      ]),
    );
  });

  test("lets the engineer read every view and table and operate the task; the reporter gets nothing", () => {
    const onMonitoring = grants.filter(
      (grant) =>
        grant.on_schema?.schema_name === `\${${monitoringSchema}.fully_qualified_name}` ||
        Object.values(grant.on_schema_object ?? {}).some(
          (on) => on.in_schema === `\${${monitoringSchema}.fully_qualified_name}`,
        ),
    );
    const summary = onMonitoring
      .map((grant) => {
        const [kind, on] = Object.entries(
          grant.on_schema_object ?? { schema: { object_type_plural: "SCHEMA" } },
        )[0];
        return `${String(grant.account_role_name).includes("_Engineer_") ? "Engineer" : grant.account_role_name} ${kind} ${on.object_type_plural} ${grant.privileges.join("+")}`;
      })
      .sort();
    expect(summary).toEqual(
      [
        "Engineer schema SCHEMA USAGE",
        "Engineer all VIEWS SELECT",
        "Engineer future VIEWS SELECT",
        "Engineer all TABLES SELECT",
        "Engineer future TABLES SELECT",
        "Engineer all TASKS MONITOR+OPERATE",
        "Engineer future TASKS MONITOR+OPERATE",
      ].sort(),
    );
  });

  test("tags the Power BI user's queries", () => {
    const user = Object.values(resourcesOfType(synthesized, "snowflake_service_user"))[0];
    expect(user.query_tag).toBe("sensors-dev-powerbi");
  });

  test("refuses thresholds outside their range, naming the setting", () => {
    const stack = pipelineStack(environment("dev"));
    const existing = stack.snowflakeMonitoring;
    expect(
      () =>
        new SnowflakeMonitoring(stack, "Again", {
          database: stack.snowflakeDatabase,
          healthIngestion: stack.snowflakeHealthIngestion,
          reads: [],
          powerBiUserName: "P",
          notificationIntegration: stack.snowflakeIngestion.errorIntegration,
          engineer: stack.snowflakeAccessRoles.engineer,
          rejectionSpikePercent: 0,
          ownerProvider: stack.snowflakeOwner,
          adminProvider: stack.snowflakeAdmin,
        }),
    ).toThrow(/rejectionSpikePercent 0 must be a whole number from 1 to 100/);
    expect(existing).toBeDefined();
  });
});
