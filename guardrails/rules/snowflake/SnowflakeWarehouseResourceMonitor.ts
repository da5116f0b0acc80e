import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { isSet } from "./identifiers";

export const SnowflakeWarehouseResourceMonitor: GuardrailRule = {
  id: "Snowflake.WarehouseResourceMonitor",
  name: "SnowflakeWarehouseResourceMonitor",
  what: "Every warehouse is assigned a resource monitor.",
  why: "A monitor's credit quota is the only hard stop on a runaway query or a dashboard refreshing in a loop; without it the bill has no ceiling.",
  level: "ERROR",
  resourceTypes: ["snowflake_warehouse"],
  check(warehouse) {
    return isSet(warehouse.config.resource_monitor)
      ? compliant()
      : nonCompliant("the warehouse has no resource_monitor; assign one with a credit quota");
  },
};
