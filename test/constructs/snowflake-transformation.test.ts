import type { TerraformResource, TerraformStack } from "cdktf";
import { batchWindowStatement } from "../../sql/batch-window";
import { transformStatements } from "../../sql/merge-statements";
import { synthesize, environment } from "../helpers/synth";
import { fullySynthesize, stackWithTransformation } from "../helpers/transformation-stack";

/** How the synthesized JSON refers to an attribute of another resource. */
function reference(stack: TerraformStack, resource: TerraformResource, attribute: string): string {
  return `\${${resource.terraformResourceType}.${stack.getLogicalId(resource)}.${attribute}}`;
}

function transformationTask(synthesized: ReturnType<typeof synthesize>) {
  const tasks = synthesized.resource?.snowflake_task ?? {};
  const task = Object.values(tasks).find((candidate) => candidate.name === "TRANSFORM_READINGS");
  if (!task) throw new Error("no TRANSFORM_READINGS task");
  return task;
}

describe("SnowflakeTransformation", () => {
  test("streams only appended rows of the landing table, in LANDING, as the owner role", () => {
    const { stack, landingTable } = stackWithTransformation();
    const stream = Object.values(synthesize(stack).resource?.snowflake_stream_on_table ?? {}).find(
      (candidate) => candidate.name === "READINGS_RAW_CHANGES",
    );
    expect(stream).toMatchObject({
      name: "READINGS_RAW_CHANGES",
      append_only: "true",
      table: reference(stack, landingTable, "fully_qualified_name"),
      schema: reference(stack, stack.snowflakeDatabase.landing, "name"),
      provider: "snowflake",
    });
  });

  test("runs serverless on a short schedule, only when the stream has data", () => {
    const task = transformationTask(synthesize(stackWithTransformation().stack));
    expect(task.warehouse).toBeUndefined();
    expect(task).toMatchObject({
      user_task_managed_initial_warehouse_size: "XSMALL",
      schedule: { seconds: 60 },
      when: "SYSTEM$STREAM_HAS_DATA('SENSORS_DEV.LANDING.READINGS_RAW_CHANGES')",
      started: true,
    });
  });

  test("reports failures to the error integration, times out and suspends after repeated failures", () => {
    const { stack, errorIntegration } = stackWithTransformation();
    expect(transformationTask(synthesize(stack))).toMatchObject({
      error_integration: reference(stack, errorIntegration, "name"),
      user_task_timeout_ms: 900_000,
      suspend_task_after_num_failures: 10,
    });
  });

  test("takes its schedule, timeout and failure limit from the configuration", () => {
    const config = environment("dev", (input) => ({
      ...input,
      snowflake: {
        ...input.snowflake,
        transformation: { scheduleSeconds: 30, timeoutSeconds: 120, suspendAfterFailures: 3 },
      },
    }));
    expect(transformationTask(synthesize(stackWithTransformation(config).stack))).toMatchObject({
      schedule: { seconds: 30 },
      user_task_timeout_ms: 120_000,
      suspend_task_after_num_failures: 3,
    });
  });

  test("computes the batch window, then runs the rendered sql/ files in order inside one transaction", () => {
    const body = transformationTask(synthesize(stackWithTransformation().stack))
      .sql_statement as string;
    const names = {
      changes: "SENSORS_DEV.LANDING.READINGS_RAW_CHANGES",
      coreSchema: "SENSORS_DEV.CORE",
    };
    const statements = [
      batchWindowStatement("snowflake", names.changes),
      ...transformStatements(names, "snowflake"),
    ];
    const positions = statements.map((statement) => {
      const indented = statement
        .split("\n")
        .map((line) => `  ${line}`)
        .join("\n");
      return body.indexOf(`${indented};`);
    });
    const begin = body.indexOf("BEGIN TRANSACTION;");
    const commit = body.indexOf("COMMIT;");
    expect(positions.every((position) => position > begin && position < commit)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test("keys sensors by gateway by default and by sensor id alone when the environment says ids are global", () => {
    const body = (config?: Parameters<typeof stackWithTransformation>[0]) =>
      transformationTask(synthesize(stackWithTransformation(config).stack)).sql_statement as string;
    expect(body()).toContain("GATEWAY_ID || '/' || SENSOR_ID AS SENSOR_KEY");
    const global = environment("dev", (input) => ({
      ...input,
      snowflake: { ...input.snowflake, transformation: { sensorIdentity: "global" } },
    }));
    expect(body(global)).not.toContain("GATEWAY_ID || '/' || SENSOR_ID");
    expect(body(global)).toContain("SENSOR_ID AS SENSOR_KEY");
  });

  test("is created after the stream and the CORE tables it names only in text", () => {
    const { stack, transformation } = stackWithTransformation();
    const dependsOn = transformationTask(fullySynthesize(stack)).depends_on;
    const coreTables = stack.snowflakeCoreTables;
    for (const resource of [transformation.stream, ...coreTables.all]) {
      expect(dependsOn).toContain(
        `${resource.terraformResourceType}.${stack.getLogicalId(resource)}`,
      );
    }
  });

  test("rejects a schedule shorter than 10 seconds", () => {
    const config = environment("dev");
    const tooFast = {
      ...config,
      snowflake: {
        ...config.snowflake,
        transformation: { ...config.snowflake.transformation, scheduleSeconds: 5 },
      },
    };
    expect(() => stackWithTransformation(tooFast)).toThrow(
      /scheduleSeconds 5 must be a whole number from 10 to 3600/,
    );
  });
});

describe("SnowflakeCoreTables", () => {
  const synthesized = synthesize(stackWithTransformation().stack);
  const coreTables = Object.values(synthesized.resource?.snowflake_table ?? {}).filter((table) =>
    JSON.stringify(table.schema).includes("SnowflakeDatabase_CORE"),
  );
  const byName = (name: string) => coreTables.find((table) => table.name === name);

  test("creates READINGS, SENSORS and READINGS_HOURLY in CORE as the owner role", () => {
    expect(coreTables.map((table) => table.name).sort()).toEqual([
      "READINGS",
      "READINGS_HOURLY",
      "SENSORS",
    ]);
    for (const table of coreTables) expect(table.provider).toBe("snowflake");
  });

  test("declares READINGS unique on sensor key, metric and observation time, clustered by day", () => {
    expect(byName("READINGS")).toMatchObject({
      primary_key: { keys: ["SENSOR_KEY", "METRIC", "OBSERVED_AT"] },
      cluster_by: ["TO_DATE(OBSERVED_AT)", "SENSOR_KEY"],
    });
  });

  test("gives READINGS the contract's Snowflake types", () => {
    const columns = (byName("READINGS")?.column ?? []) as Array<{ name: string; type: string }>;
    expect(columns.find((column) => column.name === "OBSERVED_AT")?.type).toBe("TIMESTAMP_NTZ(3)");
    expect(columns.find((column) => column.name === "VALUE")?.type).toBe("FLOAT");
    expect(columns.find((column) => column.name === "LOADED_AT")?.type).toBe("TIMESTAMP_NTZ(3)");
  });

  test("keys READINGS_HOURLY by sensor key, metric and hour, and SENSORS by sensor key", () => {
    expect(byName("READINGS_HOURLY")?.primary_key).toEqual({
      keys: ["SENSOR_KEY", "METRIC", "HOUR_START"],
    });
    expect(byName("SENSORS")?.primary_key).toEqual({ keys: ["SENSOR_KEY"] });
  });
});
