import { renderSql } from "../../sql/render";
import { environment, synthesize } from "../helpers/synth";
import { stackWithTransformation } from "../helpers/transformation-stack";

function freshnessTask(config = environment("dev")) {
  const { stack, errorIntegration } = stackWithTransformation(config);
  const tasks = Object.values(synthesize(stack).resource?.snowflake_task ?? {});
  const task = tasks.find((candidate) => candidate.name === "CHECK_READINGS_FRESHNESS");
  if (!task) throw new Error("no CHECK_READINGS_FRESHNESS task");
  return { task, stack, errorIntegration };
}

describe("FreshnessAlert", () => {
  test("checks serverless on the configured interval, without a warehouse to keep awake", () => {
    const { task } = freshnessTask();
    expect(task.warehouse).toBeUndefined();
    expect(task).toMatchObject({
      user_task_managed_initial_warehouse_size: "XSMALL",
      schedule: { minutes: 15 },
      started: true,
    });
  });

  test("sends its message through the SNS notification integration and reports its own failures there", () => {
    const { task, stack, errorIntegration } = freshnessTask();
    expect(task.error_integration).toBe(
      `\${snowflake_notification_integration.${stack.getLogicalId(errorIntegration)}.name}`,
    );
    expect(task.sql_statement).toContain(
      "SNOWFLAKE.NOTIFICATION.INTEGRATION('SENSORS_DEV_PIPELINE_ERRORS')",
    );
  });

  test("runs sql/freshness_check.sql with the configured threshold and interval", () => {
    const rendered = renderSql("freshness_check.sql", {
      CORE_SCHEMA: "SENSORS_DEV.CORE",
      THRESHOLD_MINUTES: "60",
      CHECK_INTERVAL_MINUTES: "15",
      NOTIFICATION_INTEGRATION: "SENSORS_DEV_PIPELINE_ERRORS",
    });
    expect(freshnessTask().task.sql_statement).toBe(
      rendered.slice(rendered.indexOf("DECLARE")).trim(),
    );
  });

  test("rejects a check interval longer than the threshold, which would let outages pass unseen", () => {
    const config = environment("dev");
    const slow = {
      ...config,
      snowflake: {
        ...config.snowflake,
        freshness: { thresholdMinutes: 10, checkIntervalMinutes: 20 },
      },
    };
    expect(() => stackWithTransformation(slow)).toThrow(
      /checkIntervalMinutes 20 must be a whole number from 1 to thresholdMinutes \(10\)/,
    );
  });
});
