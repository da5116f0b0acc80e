import type { GuardrailRule } from "../rule";
import { SnowflakeNoGrantsToPublic } from "../rules/snowflake/SnowflakeNoGrantsToPublic";
import { SnowflakeNotOwnedByAccountAdmin } from "../rules/snowflake/SnowflakeNotOwnedByAccountAdmin";
import { SnowflakePipeErrorIntegration } from "../rules/snowflake/SnowflakePipeErrorIntegration";
import { SnowflakeStageStorageIntegration } from "../rules/snowflake/SnowflakeStageStorageIntegration";
import { SnowflakeTaskRunsWhenNeeded } from "../rules/snowflake/SnowflakeTaskRunsWhenNeeded";
import { SnowflakeWarehouseAutoSuspend } from "../rules/snowflake/SnowflakeWarehouseAutoSuspend";
import { SnowflakeWarehouseResourceMonitor } from "../rules/snowflake/SnowflakeWarehouseResourceMonitor";

/** Rules for the Snowflake side: grants, ownership, warehouses, tasks, pipes and stages. */
export const SNOWFLAKE_GUARDRAILS: readonly GuardrailRule[] = [
  SnowflakeNoGrantsToPublic,
  SnowflakeNotOwnedByAccountAdmin,
  SnowflakeWarehouseAutoSuspend,
  SnowflakeWarehouseResourceMonitor,
  SnowflakeTaskRunsWhenNeeded,
  SnowflakePipeErrorIntegration,
  SnowflakeStageStorageIntegration,
];
