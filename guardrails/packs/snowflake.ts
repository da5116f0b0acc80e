import type { GuardrailRule } from "../rule";
import { SnowflakeNoGrantsToPublic } from "../rules/snowflake/SnowflakeNoGrantsToPublic";
import { SnowflakeNotOwnedByAccountAdmin } from "../rules/snowflake/SnowflakeNotOwnedByAccountAdmin";
import { SnowflakeServiceUserNetworkPolicy } from "../rules/snowflake/SnowflakeServiceUserNetworkPolicy";
import { SnowflakePipeErrorIntegration } from "../rules/snowflake/SnowflakePipeErrorIntegration";
import { SnowflakeStageStorageIntegration } from "../rules/snowflake/SnowflakeStageStorageIntegration";
import { SnowflakeTaskRunsWhenNeeded } from "../rules/snowflake/SnowflakeTaskRunsWhenNeeded";
import { SnowflakeWarehouseAutoSuspend } from "../rules/snowflake/SnowflakeWarehouseAutoSuspend";
import { SnowflakeWarehouseResourceMonitor } from "../rules/snowflake/SnowflakeWarehouseResourceMonitor";

/** Rules for the Snowflake side: grants, ownership, warehouses, tasks, pipes, stages and users. */
export const SNOWFLAKE_GUARDRAILS: readonly GuardrailRule[] = [
  SnowflakeNoGrantsToPublic,
  SnowflakeNotOwnedByAccountAdmin,
  SnowflakeWarehouseAutoSuspend,
  SnowflakeWarehouseResourceMonitor,
  SnowflakeTaskRunsWhenNeeded,
  SnowflakePipeErrorIntegration,
  SnowflakeStageStorageIntegration,
  SnowflakeServiceUserNetworkPolicy,
];
