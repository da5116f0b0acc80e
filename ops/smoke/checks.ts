import type { SqlClient } from "../sql-client";
import type { TopicPolicyReader } from "../topic-policy";

/** The outcome of one pre-flight check. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** What was found, in one line. */
  readonly detail: string;
  /** What to do about a failure. */
  readonly hint?: string;
}

/** The fields of SYSTEM$PIPE_STATUS the smoke test reads. */
export interface PipeStatus {
  readonly executionState: string;
  readonly pendingFileCount?: number;
  readonly lastReceivedMessageTimestamp?: string;
  readonly lastForwardedMessageTimestamp?: string;
  readonly lastIngestedFilePath?: string;
  readonly error?: string;
}

/** Test file name passed to the validation; the `list` action does not need it to exist. */
const VALIDATION_FILE_NAME = "sensorctl-smoke-validation";

/**
 * Asks Snowflake to list `s3://<bucket>/normalized/` through the storage integration: this proves
 * the IAM role's trust (user and external ID) and its ListBucket grant. `list` is the only action
 * a read-only integration can pass without an existing file.
 */
export async function checkStorageIntegration(
  sql: SqlClient,
  integrationName: string,
  bucketName: string,
): Promise<CheckResult> {
  const location = `s3://${bucketName}/normalized/`;
  const name = "storage integration";
  const rows = await sql.query(
    "SELECT SYSTEM$VALIDATE_STORAGE_INTEGRATION(?, ?, ?, 'list') AS RESULT",
    [integrationName, location, VALIDATION_FILE_NAME],
  );
  const result = parseJsonColumn(rows, "RESULT") as {
    status?: string;
    actions?: Record<string, { status?: string; message?: string }>;
  };
  if (result.status === "success") {
    return { name, ok: true, detail: `${integrationName} can list ${location}` };
  }
  const failures = Object.entries(result.actions ?? {})
    .filter(([, action]) => action.status !== "success")
    .map(([action, outcome]) => `${action}: ${outcome.message ?? outcome.status ?? "failed"}`);
  return {
    name,
    ok: false,
    detail: `${integrationName} cannot list ${location} (${failures.join("; ") || result.status})`,
    hint:
      "Check the IAM role's trust policy (Snowflake's IAM user and the external ID from DESC INTEGRATION) " +
      "and its s3:ListBucket grant on normalized/; see docs/operations.md, 'Storage integration recreated'.",
  };
}

/** Reads SYSTEM$PIPE_STATUS. */
export async function readPipeStatus(sql: SqlClient, pipeName: string): Promise<PipeStatus> {
  const rows = await sql.query("SELECT SYSTEM$PIPE_STATUS(?) AS STATUS", [pipeName]);
  const status = parseJsonColumn(rows, "STATUS") as Partial<PipeStatus>;
  if (typeof status.executionState !== "string") {
    throw new Error(`SYSTEM$PIPE_STATUS('${pipeName}') returned no executionState`);
  }
  return status as PipeStatus;
}

/** Passes when the pipe is RUNNING; any other state means it will not load the smoke file. */
export async function checkPipeRunning(sql: SqlClient, pipeName: string): Promise<CheckResult> {
  const name = "pipe";
  const status = await readPipeStatus(sql, pipeName);
  const received = status.lastReceivedMessageTimestamp ?? "never";
  const forwarded = status.lastForwardedMessageTimestamp ?? "never";
  if (status.executionState === "RUNNING") {
    return {
      name,
      ok: true,
      detail: `${pipeName} is RUNNING (last message received: ${received}, forwarded: ${forwarded})`,
    };
  }
  return {
    name,
    ok: false,
    detail: `${pipeName} is ${status.executionState}, not RUNNING`,
    hint:
      status.executionState === "PAUSED"
        ? `Resume it: ALTER PIPE ${pipeName} SET PIPE_EXECUTION_PAUSED = FALSE; then ALTER PIPE ${pipeName} REFRESH.`
        : "A STOPPED_* state means the stage, table, file format or integration under the pipe was " +
          "dropped or changed: recreate the pipe with the runbook in docs/operations.md.",
  };
}

/**
 * Compares the principal Snowflake subscribes to the topic as (SYSTEM$GET_AWS_SNS_IAM_POLICY)
 * with the principals the deployed topic policy allows to sns:Subscribe.
 */
export async function checkTopicPolicy(
  sql: SqlClient,
  topics: TopicPolicyReader,
  topicArn: string,
): Promise<CheckResult> {
  const name = "topic policy";
  const rows = await sql.query("SELECT SYSTEM$GET_AWS_SNS_IAM_POLICY(?) AS POLICY", [topicArn]);
  const wanted = subscribePrincipals(parseJsonColumn(rows, "POLICY"));
  const allowed = subscribePrincipals(JSON.parse(await topics.topicPolicy(topicArn)));
  const missing = wanted.filter((principal) => !allowed.includes(principal));
  if (wanted.length > 0 && missing.length === 0) {
    return { name, ok: true, detail: `${topicArn} lets ${wanted.join(", ")} subscribe` };
  }
  return {
    name,
    ok: false,
    detail:
      wanted.length === 0
        ? "SYSTEM$GET_AWS_SNS_IAM_POLICY names no sns:Subscribe principal"
        : `Snowflake subscribes as ${missing.join(", ")} but the topic policy allows ` +
          `${allowed.join(", ") || "nobody"}`,
    hint:
      "The topic policy's sns:Subscribe principal must be Snowflake's IAM user for this account; " +
      "redeploy so it is taken from the storage integration, then recreate the pipe (docs/operations.md).",
  };
}

/** Every AWS principal an IAM policy document allows to sns:Subscribe. */
export function subscribePrincipals(policy: unknown): string[] {
  const statements = asArray((policy as { Statement?: unknown } | null)?.Statement);
  const principals = new Set<string>();
  for (const statement of statements as Array<Record<string, unknown>>) {
    if (statement?.Effect !== "Allow") continue;
    const actions = asArray(statement.Action).map((action) => String(action).toLowerCase());
    if (!actions.some((action) => action === "sns:subscribe" || action === "sns:*")) continue;
    const principal = statement.Principal as { AWS?: unknown } | undefined;
    for (const arn of asArray(principal?.AWS)) principals.add(String(arn));
  }
  return [...principals].sort();
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function parseJsonColumn(
  rows: readonly Readonly<Record<string, unknown>>[],
  column: string,
): unknown {
  const value = rows[0]?.[column];
  if (typeof value !== "string") {
    throw new Error(`expected a JSON text in column ${column}, got ${JSON.stringify(value)}`);
  }
  return JSON.parse(value);
}
