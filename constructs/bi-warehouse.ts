import { Construct } from "constructs";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { ResourceMonitor } from "@cdktf/provider-snowflake/lib/resource-monitor";
import { Warehouse } from "@cdktf/provider-snowflake/lib/warehouse";
import { Problems } from "./validation";

/** Defaults of {@link BiWarehouseProps}; the one home of these values: stacks/config.ts fills its `.default(...)`s from here. */
export const BI_WAREHOUSE_DEFAULTS = {
  createResourceMonitor: false,
  size: "XSMALL",
  autoSuspendSeconds: 60,
  statementTimeoutSeconds: 300,
} as const;

/** Properties of {@link BiWarehouse}. */
export interface BiWarehouseProps {
  /** Warehouse name, upper case. */
  readonly warehouseName: string;
  /** Name of the resource monitor, upper case. */
  readonly resourceMonitorName: string;
  /**
   * Whether to create the resource monitor. Creating one takes ACCOUNTADMIN rights; where the
   * deploying role lacks them, an administrator creates the monitor once (the bootstrap SQL) and
   * the warehouse is only assigned to it by name (the default: the deploy admin role is not
   * ACCOUNTADMIN).
   * @default false
   */
  readonly createResourceMonitor?: boolean;
  /** Warehouse size. @default "XSMALL" */
  readonly size?: string;
  /** Idle seconds before the warehouse suspends (at least 60: billing is per second after a 60 s minimum). @default 60 */
  readonly autoSuspendSeconds?: number;
  /** Longest a query may run, in seconds. @default 300 */
  readonly statementTimeoutSeconds?: number;
  /** Credits per month after which the monitor suspends the warehouse; used when creating it. */
  readonly monthlyCreditQuota: number;
  /** Provider for account-level objects (the admin role; resource monitors need ACCOUNTADMIN rights). */
  readonly provider: SnowflakeProvider;
}

/** Percentages of the quota at which Snowflake notifies the account administrators. */
export const NOTIFY_AT_PERCENT = [75, 90];
/** Percentage at which the warehouse suspends after running queries finish. */
export const SUSPEND_AT_PERCENT = 100;
/** Percentage at which running queries are cancelled as well. */
export const SUSPEND_IMMEDIATELY_AT_PERCENT = 110;

/**
 * The warehouse Power BI queries on: small, created suspended, resuming on the first query and
 * suspending after a minute idle, with a statement timeout so a runaway DirectQuery cannot bill
 * for hours, and a resource monitor that suspends it at the monthly credit quota.
 *
 * Resource monitors cover user-managed warehouses only: Snowpipe and the serverless tasks are
 * watched with a Snowflake budget instead (docs/cost.md).
 */
export class BiWarehouse extends Construct {
  /** The warehouse. */
  readonly warehouse: Warehouse;
  /** The resource monitor assigned to it, when this construct creates it. */
  readonly resourceMonitor?: ResourceMonitor;

  constructor(scope: Construct, id: string, props: BiWarehouseProps) {
    super(scope, id);
    const { provider, warehouseName } = props;
    const defaults = BI_WAREHOUSE_DEFAULTS;
    const autoSuspendSeconds = props.autoSuspendSeconds ?? defaults.autoSuspendSeconds;
    const statementTimeoutSeconds =
      props.statementTimeoutSeconds ?? defaults.statementTimeoutSeconds;
    validate(props, autoSuspendSeconds, statementTimeoutSeconds);

    if (props.createResourceMonitor ?? defaults.createResourceMonitor) {
      this.resourceMonitor = new ResourceMonitor(this, "ResourceMonitor", {
        provider,
        name: props.resourceMonitorName,
        creditQuota: props.monthlyCreditQuota,
        notifyTriggers: NOTIFY_AT_PERCENT,
        suspendTrigger: SUSPEND_AT_PERCENT,
        suspendImmediateTrigger: SUSPEND_IMMEDIATELY_AT_PERCENT,
      });
    }
    this.warehouse = new Warehouse(this, "Resource", {
      provider,
      name: warehouseName,
      warehouseSize: props.size ?? defaults.size,
      autoSuspend: autoSuspendSeconds,
      autoResume: "true",
      initiallySuspended: true,
      statementTimeoutInSeconds: statementTimeoutSeconds,
      // Queued queries count against the same budget of patience as running ones.
      statementQueuedTimeoutInSeconds: statementTimeoutSeconds,
      resourceMonitor: this.resourceMonitor?.fullyQualifiedName ?? `"${props.resourceMonitorName}"`,
      comment: "Power BI DirectQuery (managed by CDKTF)",
    });
  }
}

function validate(props: BiWarehouseProps, autoSuspend: number, timeout: number): void {
  new Problems("BiWarehouse")
    .identifier("warehouseName", props.warehouseName)
    .identifier("resourceMonitorName", props.resourceMonitorName)
    .atLeast("autoSuspendSeconds", autoSuspend, 60, "seconds")
    .atLeast("statementTimeoutSeconds", timeout, 1, "seconds")
    .atLeast("monthlyCreditQuota", props.monthlyCreditQuota, 1, "credits")
    .throwIfAny();
}
