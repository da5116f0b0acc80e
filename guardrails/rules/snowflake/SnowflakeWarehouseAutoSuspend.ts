import { isExpression } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

const MAX_SECONDS = 300;

export const SnowflakeWarehouseAutoSuspend: GuardrailRule = {
  id: "Snowflake.WarehouseAutoSuspend",
  name: "SnowflakeWarehouseAutoSuspend",
  what: `Every warehouse sets auto_suspend between 1 and ${MAX_SECONDS} seconds.`,
  why: "A running warehouse bills credits every second; left at Snowflake's default (600 s) or 0 (never), an idle BI warehouse costs more than the queries it served.",
  level: "ERROR",
  resourceTypes: ["snowflake_warehouse"],
  check(warehouse) {
    const seconds = warehouse.config.auto_suspend;
    if (isExpression(seconds)) return compliant("auto_suspend is computed at plan time");
    if (seconds === undefined || seconds === -1) {
      return nonCompliant(
        `auto_suspend is not set (Snowflake then uses 600 s); set it to at most ${MAX_SECONDS}`,
      );
    }
    return typeof seconds === "number" && seconds >= 1 && seconds <= MAX_SECONDS
      ? compliant()
      : nonCompliant(
          `auto_suspend is ${String(seconds)}; it must be from 1 to ${MAX_SECONDS} seconds`,
        );
  },
};
