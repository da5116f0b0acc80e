/**
 * `sensorctl status`: reads the MONITORING views (Snowflake or local DuckDB, the same names and
 * columns) and decides what is unhealthy. Every rule is listed in docs/monitoring.md.
 */
import type { SqlRow } from "../sql-client";

/** Runs one SELECT and returns its rows with the view's upper-case column names. */
export type QueryRows = (sql: string) => Promise<readonly SqlRow[]>;

/** One gateway's line, from MONITORING.GATEWAY_HEALTH. */
export interface GatewayHealth {
  readonly gatewayId: string;
  readonly lastUploadAt: string | null;
  readonly minutesSinceUpload: number | null;
  readonly readingsLastHour: number;
  readonly rejectionsLastHour: number;
  readonly rejectionRatePercent: number | null;
  readonly topReason: string | null;
  readonly status: string;
}

/** What `sensorctl status` shows, and the problems that make it exit non-zero. */
export interface HealthReport {
  readonly gateways: readonly GatewayHealth[];
  readonly pipes: readonly { name: string; state: string; lastIngestedAt: string | null }[];
  readonly tasks: readonly {
    name: string;
    lastState: string | null;
    lastCompletedAt: string | null;
    error: string | null;
    scheduled: boolean;
  }[];
  readonly freshness: {
    lastUploadAt: string | null;
    lastLoadAt: string | null;
    lastMergedLoadAt: string | null;
    minutesSinceLoad: number | null;
  };
  readonly fileLoads: { loaded: number; failed: number };
  /** One sentence per unhealthy finding; empty when healthy. */
  readonly problems: readonly string[];
}

/** A timestamp from either driver (Date, DuckDB text) as `YYYY-MM-DD HH:MM:SS` UTC, or null. */
export function timeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(`${String(value).replace(" ", "T")}Z`);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Reads every view `sensorctl status` shows from `schema` (e.g. `SENSORS_DEV.MONITORING`). */
export async function readHealth(query: QueryRows, schema: string): Promise<HealthReport> {
  const gateways = (await query(`SELECT * FROM ${schema}.GATEWAY_HEALTH ORDER BY GATEWAY_ID`)).map(
    (row) => ({
      gatewayId: String(row.GATEWAY_ID),
      lastUploadAt: timeText(row.LAST_UPLOAD_AT),
      minutesSinceUpload: numberOrNull(row.MINUTES_SINCE_UPLOAD),
      readingsLastHour: Number(row.READINGS_LAST_HOUR ?? 0),
      rejectionsLastHour: Number(row.REJECTIONS_LAST_HOUR ?? 0),
      rejectionRatePercent: numberOrNull(row.REJECTION_RATE_PERCENT),
      topReason: textOrNull(row.TOP_REASON),
      status: String(row.STATUS),
    }),
  );
  const pipes = (await query(`SELECT * FROM ${schema}.PIPES ORDER BY PIPE_NAME`)).map((row) => ({
    name: String(row.PIPE_NAME),
    state: String(row.EXECUTION_STATE ?? "UNKNOWN"),
    lastIngestedAt: timeText(row.LAST_INGESTED_AT),
  }));
  const lastRuns = await query(
    `SELECT TASK_NAME, STATE, COMPLETED_AT, ERROR_MESSAGE FROM ${schema}.TASK_RUNS
     WHERE STATE IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
     QUALIFY ROW_NUMBER() OVER (PARTITION BY TASK_NAME ORDER BY COMPLETED_AT DESC) = 1`,
  );
  const scheduled = new Set(
    (
      await query(`SELECT DISTINCT TASK_NAME FROM ${schema}.TASK_RUNS WHERE STATE = 'SCHEDULED'`)
    ).map((row) => String(row.TASK_NAME)),
  );
  const names = [...new Set([...lastRuns.map((row) => String(row.TASK_NAME)), ...scheduled])];
  const tasks = names.sort().map((name) => {
    const run = lastRuns.find((row) => String(row.TASK_NAME) === name);
    return {
      name,
      lastState: textOrNull(run?.STATE),
      lastCompletedAt: timeText(run?.COMPLETED_AT),
      error: textOrNull(run?.ERROR_MESSAGE),
      scheduled: scheduled.has(name),
    };
  });
  const [fresh] = await query(`SELECT * FROM ${schema}.FRESHNESS`);
  const freshness = {
    lastUploadAt: timeText(fresh?.LAST_UPLOAD_AT),
    lastLoadAt: timeText(fresh?.LAST_LOAD_AT),
    lastMergedLoadAt: timeText(fresh?.LAST_MERGED_LOAD_AT),
    minutesSinceLoad: numberOrNull(fresh?.MINUTES_SINCE_LOAD),
  };
  const [loads] = await query(
    `SELECT COUNT_IF(STATUS = 'LOADED') AS LOADED, COUNT_IF(STATUS <> 'LOADED') AS FAILED FROM ${schema}.FILE_LOADS`,
  );
  const fileLoads = { loaded: Number(loads?.LOADED ?? 0), failed: Number(loads?.FAILED ?? 0) };
  return {
    gateways,
    pipes,
    tasks,
    freshness,
    fileLoads,
    problems: problemsOf({ gateways, pipes, tasks, fileLoads }),
  };
}

function problemsOf(report: Omit<HealthReport, "problems" | "freshness">): string[] {
  const problems: string[] = [];
  if (report.gateways.length === 0) {
    problems.push("no gateway has uploaded in the last 7 days");
  }
  for (const gateway of report.gateways) {
    if (gateway.status === "SILENT") {
      problems.push(
        `${gateway.gatewayId} is SILENT: no upload for ${gateway.minutesSinceUpload} minutes (last ${gateway.lastUploadAt} UTC)`,
      );
    } else if (gateway.status === "REJECTION_SPIKE") {
      problems.push(
        `${gateway.gatewayId} has a REJECTION_SPIKE: ${gateway.rejectionRatePercent} % of its last hour rejected, mostly ${gateway.topReason ?? "unknown"} (see MONITORING.REJECTIONS_BY_REASON)`,
      );
    } else if (gateway.status !== "OK") {
      problems.push(`${gateway.gatewayId} is ${gateway.status}`);
    }
  }
  for (const pipe of report.pipes) {
    if (pipe.state !== "RUNNING") problems.push(`pipe ${pipe.name} is ${pipe.state}, not RUNNING`);
  }
  for (const task of report.tasks) {
    if (task.lastState !== null && task.lastState !== "SUCCEEDED") {
      problems.push(
        `task ${task.name}: last run ${task.lastState} at ${task.lastCompletedAt}${task.error ? `: ${task.error}` : ""}`,
      );
    }
  }
  if (report.fileLoads.failed > 0) {
    problems.push(
      `${report.fileLoads.failed} file loads failed in the last 24 hours (see MONITORING.FILE_LOADS)`,
    );
  }
  return problems;
}
