import type { OperatorTool } from "../snowflake-operations";

const COUNT_ROWS = /^SELECT COUNT\(\*\) AS ROWS_FOUND FROM IDENTIFIER\(\?\) WHERE SENSOR_ID = \?$/;

/**
 * Everything `sensorctl smoke` runs in Snowflake, as the operator (engineer) role on the
 * operators' warehouse: the pre-flight checks, then the probe's rows in each relation.
 */
export const SMOKE_TOOL: OperatorTool = {
  name: "smoke",
  role: "operatorRoleName",
  warehouse: "queryWarehouseName",
  operations: [
    {
      statement: "SYSTEM$VALIDATE_STORAGE_INTEGRATION",
      object: "storageIntegrationName",
      objectType: "INTEGRATION",
      sql: /^SELECT SYSTEM\$VALIDATE_STORAGE_INTEGRATION\(\?, \?, \?, 'list'\) AS RESULT$/,
    },
    {
      statement: "SYSTEM$PIPE_STATUS",
      object: "pipeName",
      objectType: "PIPE",
      sql: /^SELECT SYSTEM\$PIPE_STATUS\(\?\) AS STATUS$/,
    },
    {
      statement: "SYSTEM$GET_AWS_SNS_IAM_POLICY",
      sql: /^SELECT SYSTEM\$GET_AWS_SNS_IAM_POLICY\(\?\) AS POLICY$/,
    },
    { statement: "SELECT", object: "landingTableName", objectType: "TABLE", sql: COUNT_ROWS },
    { statement: "SELECT", object: "coreReadingsTableName", objectType: "TABLE", sql: COUNT_ROWS },
    {
      statement: "SELECT",
      object: "reportingReadingsViewName",
      objectType: "VIEW",
      sql: COUNT_ROWS,
    },
  ],
};
