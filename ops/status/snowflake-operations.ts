import { MONITORING_OBJECT_NAMES } from "../../constructs/snowflake-monitoring";
import type { OperatorTool, SnowflakeOperation } from "../snowflake-operations";

/** A SELECT on one MONITORING view, whose text must name that view in the database's MONITORING. */
function selectFrom(view: string, rest: string): SnowflakeOperation {
  const schema = MONITORING_OBJECT_NAMES.schema;
  return {
    statement: "SELECT",
    object: "databaseName",
    objectPath: [schema, view],
    objectType: "VIEW",
    sql: new RegExp(`^SELECT ${rest.replace("{view}", `[A-Z0-9_$"]+\\.${schema}\\.${view}`)}$`),
  };
}

/**
 * Everything `sensorctl status --env <env>` runs in Snowflake (ops/status/read-health.ts), as the
 * engineer role on the operators' warehouse (cli/commands/status.ts defaults; the stack outputs
 * `operatorRoleName` and `queryWarehouseName` name the same two): SELECTs on five MONITORING views.
 */
export const STATUS_TOOL: OperatorTool = {
  name: "status",
  role: "operatorRoleName",
  warehouse: "queryWarehouseName",
  operations: [
    selectFrom("GATEWAY_HEALTH", "\\* FROM {view} ORDER BY GATEWAY_ID"),
    selectFrom("PIPES", "\\* FROM {view} ORDER BY PIPE_NAME"),
    selectFrom(
      "TASK_RUNS",
      "TASK_NAME, STATE, COMPLETED_AT, ERROR_MESSAGE FROM {view}\\s+WHERE STATE IN \\('SUCCEEDED', 'FAILED', 'CANCELLED'\\)\\s+QUALIFY ROW_NUMBER\\(\\) OVER \\(PARTITION BY TASK_NAME ORDER BY COMPLETED_AT DESC\\) = 1",
    ),
    selectFrom("TASK_RUNS", "DISTINCT TASK_NAME FROM {view} WHERE STATE = 'SCHEDULED'"),
    selectFrom("FRESHNESS", "\\* FROM {view}"),
    selectFrom(
      "FILE_LOADS",
      "COUNT_IF\\(STATUS = 'LOADED'\\) AS LOADED, COUNT_IF\\(STATUS <> 'LOADED'\\) AS FAILED FROM {view}",
    ),
  ],
};
