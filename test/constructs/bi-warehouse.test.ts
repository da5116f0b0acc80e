import { Testing, TerraformStack } from "cdktf";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { BiWarehouse } from "../../constructs/bi-warehouse";
import {
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";

describe("BiWarehouse", () => {
  const stack = pipelineStack(
    environment("prod", (input) => ({
      ...input,
      snowflake: {
        ...input.snowflake,
        biWarehouse: { ...input.snowflake.biWarehouse, createResourceMonitor: true },
      },
    })),
  );
  const synthesized = synthesize(stack);
  const warehouse = onlyResource(synthesized, "snowflake_warehouse");
  const monitor = onlyResource(synthesized, "snowflake_resource_monitor");

  test("is an X-Small warehouse that starts suspended, resumes on demand and suspends after 60 s idle", () => {
    expect(warehouse).toMatchObject({
      name: "SENSORS_PROD_BI_WH",
      warehouse_size: "XSMALL",
      auto_suspend: 60,
      auto_resume: "true",
      initially_suspended: true,
    });
  });

  test("cancels statements that run or queue longer than the configured timeout", () => {
    expect(warehouse).toMatchObject({
      statement_timeout_in_seconds: 300,
      statement_queued_timeout_in_seconds: 300,
    });
  });

  test("is watched by a resource monitor with the configured monthly credit quota that suspends it", () => {
    expect(monitor).toMatchObject({ credit_quota: 50, suspend_trigger: 100 });
    expect(monitor.suspend_immediate_trigger).toBeGreaterThan(100);
    expect(monitor.name).toBe("SENSORS_PROD_BI_MONITOR");
    const created = stack.snowflakeServing.biWarehouse.resourceMonitor;
    if (!created) throw new Error("expected the stack to create the resource monitor");
    const logicalId = stack.getLogicalId(created);
    expect(warehouse.resource_monitor).toBe(
      `\${snowflake_resource_monitor.${logicalId}.fully_qualified_name}`,
    );
  });

  test("is only assigned, by name, a resource monitor an administrator created when configured so", () => {
    const config = environment("prod", (input) => ({
      ...input,
      snowflake: {
        ...input.snowflake,
        biWarehouse: { ...input.snowflake.biWarehouse, createResourceMonitor: false },
      },
    }));
    const assigned = synthesize(pipelineStack(config));
    expect(resourcesOfType(assigned, "snowflake_resource_monitor")).toEqual({});
    expect(onlyResource(assigned, "snowflake_warehouse").resource_monitor).toBe(
      '"SENSORS_PROD_BI_MONITOR"',
    );
  });

  test("is created by the admin role, which holds the right to create resource monitors", () => {
    expect(warehouse.provider).toBe("snowflake.admin");
    expect(monitor.provider).toBe("snowflake.admin");
  });

  test("rejects an auto-suspend under 60 seconds, which bills a full minute per resume anyway", () => {
    const scope = new TerraformStack(Testing.app(), "test");
    const provider = new SnowflakeProvider(scope, "snowflake", {
      organizationName: "O",
      accountName: "A",
    });
    expect(
      () =>
        new BiWarehouse(scope, "Warehouse", {
          warehouseName: "BI_WH",
          resourceMonitorName: "BI_MONITOR",
          autoSuspendSeconds: 30,
          monthlyCreditQuota: 10,
          provider,
        }),
    ).toThrow(/autoSuspendSeconds 30 must be a whole number of at least 60/);
  });
});
