import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { suppressGuardrail } from "../guardrails/suppressions";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { Task } from "@cdktf/provider-snowflake/lib/task";
import { freshnessCheckBody } from "../sql/task-bodies";
import type { SnowflakeCoreTables } from "./snowflake-core-tables";
import type { SnowflakeDatabase } from "./snowflake-database";
import { schemaQualifier } from "./snowflake-schema-qualifier";
import { Problems } from "./validation";

/** Defaults of {@link FreshnessAlertProps}; the one home of these values: stacks/config.ts fills its `.default(...)`s from here. */
export const FRESHNESS_ALERT_DEFAULTS = { thresholdMinutes: 30, checkIntervalMinutes: 10 } as const;

/** Properties of {@link FreshnessAlert}. */
export interface FreshnessAlertProps {
  /** The environment's database: the check runs in CORE. */
  readonly database: SnowflakeDatabase;
  /** The CORE tables; the check reads READINGS. */
  readonly coreTables: SnowflakeCoreTables;
  /** SNS notification integration that reaches the alerts topic (the pipe's error integration). */
  readonly notificationIntegration: NotificationIntegration;
  /**
   * The grant of USAGE on that integration to this provider's role: the task names it as its
   * error integration and sends through it, so it is created only after the grant.
   */
  readonly notificationIntegrationUsage: ITerraformDependable;
  /** Minutes without a new load before the alert fires. @default 30 */
  readonly thresholdMinutes?: number;
  /** Minutes between checks. @default 10 */
  readonly checkIntervalMinutes?: number;
  /** Provider running as the pipeline owner role (it holds USAGE on the integration). */
  readonly provider: SnowflakeProvider;
}

/** Name of the check task in CORE. */
export const FRESHNESS_TASK_NAME = "CHECK_READINGS_FRESHNESS";

/**
 * "No new readings for N minutes" on the alerts topic: a small serverless task that checks the
 * newest LOADED_AT in CORE.READINGS and sends one JSON message through the SNS notification
 * integration when it crosses the threshold. End to end, so it also catches the silent failures
 * (a lost SNS subscription, a suspended task, gateways gone quiet) that raise no error anywhere.
 *
 * Not a `snowflake_alert`: in provider 2.11 an alert needs a warehouse, and resuming one for every
 * check bills at least 60 s each time, around the clock. A serverless task bills only the seconds
 * the check runs. The integration also reports failed checks (its error integration).
 */
export class FreshnessAlert extends Construct {
  /** The check task. */
  readonly task: Task;

  constructor(scope: Construct, id: string, props: FreshnessAlertProps) {
    super(scope, id);
    const { database, provider, notificationIntegration } = props;
    const thresholdMinutes = props.thresholdMinutes ?? FRESHNESS_ALERT_DEFAULTS.thresholdMinutes;
    const checkIntervalMinutes =
      props.checkIntervalMinutes ?? FRESHNESS_ALERT_DEFAULTS.checkIntervalMinutes;
    const problems = new Problems("FreshnessAlert").atLeast(
      "thresholdMinutes",
      thresholdMinutes,
      1,
      "minutes",
    );
    if (
      !Number.isInteger(checkIntervalMinutes) ||
      checkIntervalMinutes < 1 ||
      checkIntervalMinutes > thresholdMinutes
    ) {
      problems.add(
        `checkIntervalMinutes ${checkIntervalMinutes} must be a whole number from 1 to thresholdMinutes (${thresholdMinutes})`,
      );
    }
    problems.throwIfAny();
    const integrationName = notificationIntegration.nameInput;
    if (integrationName === undefined) {
      throw new Error("FreshnessAlert: notificationIntegration must have a name.");
    }
    const core = schemaQualifier(database, database.core);

    this.task = new Task(this, "Resource", {
      provider,
      database: database.core.database,
      schema: database.core.name,
      name: FRESHNESS_TASK_NAME,
      comment: `Notifies the alerts topic when READINGS gets no new load for ${thresholdMinutes} minutes`,
      sqlStatement: freshnessCheckBody({
        coreSchema: core.schemaName,
        thresholdMinutes,
        checkIntervalMinutes,
        notificationIntegration: integrationName,
      }),
      userTaskManagedInitialWarehouseSize: "XSMALL",
      schedule: { minutes: checkIntervalMinutes },
      errorIntegration: notificationIntegration.name,
      suspendTaskAfterNumFailures: 10,
      userTaskTimeoutMs: 60_000,
      started: true,
      dependsOn: [props.coreTables.readings, props.notificationIntegrationUsage],
    });
    suppressGuardrail(
      this.task,
      "Snowflake.TaskRunsOnlyWhenNeeded",
      "The freshness check exists to notice that no data arrived, so it cannot wait for data: it runs one aggregate over CORE.READINGS on a serverless XSMALL warehouse every checkIntervalMinutes (seconds of compute per run).",
    );
  }
}
