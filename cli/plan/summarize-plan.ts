import { z } from "zod";

/**
 * Reads the JSON of `terraform show -json tfplan` and counts what the plan would do, the way
 * Terraform's own "Plan: N to add, N to change, N to destroy" line counts it: a replacement is one
 * add and one destroy.
 */

/** What one resource change does, from Terraform's `change.actions`. */
export type ChangeKind = "create" | "update" | "delete" | "replace" | "forget";

/** One resource that the plan changes (no-op and read-only changes are left out). */
export interface PlannedChange {
  /** Terraform address, e.g. `snowflake_pipe.ingestion_pipe_1A2B3C`. */
  readonly address: string;
  /** Terraform resource type, e.g. `snowflake_pipe`. */
  readonly type: string;
  readonly kind: ChangeKind;
}

/** The counts and the changes of one stack's plan. */
export interface PlanSummary {
  readonly adds: number;
  readonly changes: number;
  readonly destroys: number;
  /** Resources removed from state without being destroyed (Terraform `removed` blocks). */
  readonly forgets: number;
  /** Every changed resource, in the plan's order. */
  readonly plannedChanges: readonly PlannedChange[];
  /** Changes that break ingestion: a pipe, stage, stream, integration or topic replaced or destroyed. */
  readonly criticalChanges: readonly PlannedChange[];
}

/**
 * Resource types whose replacement silently breaks or resets ingestion: a new pipe loses its load
 * history (files load twice or not at all), a new stream loses its offset, a new integration gets a
 * new IAM user and external ID (the AWS trust no longer matches), a new topic drops Snowflake's SQS
 * subscription, and a new stage breaks the pipe that reads it.
 */
export const CRITICAL_RESOURCE_TYPES: readonly RegExp[] = [
  /^snowflake_pipe$/,
  /^snowflake_stage(_|$)/,
  /^snowflake_stream(_|$)/,
  /^snowflake_.*integration/,
  /^aws_sns_topic$/,
];

const resourceChangeSchema = z.object({
  address: z.string(),
  type: z.string(),
  change: z.object({ actions: z.array(z.string()).min(1) }),
});

const planSchema = z.object({
  format_version: z.string(),
  resource_changes: z.array(resourceChangeSchema).optional(),
});

/** A plan JSON that cannot be read; the message says what is wrong and how to produce a valid one. */
export class PlanFormatError extends Error {
  override readonly name = "PlanFormatError";
}

/** Summarizes a parsed `terraform show -json` plan. */
export function summarizePlan(planJson: unknown): PlanSummary {
  const parsed = planSchema.safeParse(planJson);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new PlanFormatError(
      `not a Terraform JSON plan (${problems}).\n  Fix: pass the output of \`terraform show -json tfplan\`.`,
    );
  }
  const plannedChanges: PlannedChange[] = [];
  for (const resource of parsed.data.resource_changes ?? []) {
    const kind = changeKind(resource.change.actions, resource.address);
    if (kind) plannedChanges.push({ address: resource.address, type: resource.type, kind });
  }
  const count = (...kinds: ChangeKind[]) =>
    plannedChanges.filter((change) => kinds.includes(change.kind)).length;
  return {
    adds: count("create", "replace"),
    changes: count("update"),
    destroys: count("delete", "replace"),
    forgets: count("forget"),
    plannedChanges,
    criticalChanges: plannedChanges.filter(isCritical),
  };
}

function isCritical(change: PlannedChange): boolean {
  return (
    (change.kind === "replace" || change.kind === "delete") &&
    CRITICAL_RESOURCE_TYPES.some((pattern) => pattern.test(change.type))
  );
}

/** Maps Terraform's action list to one kind; undefined for no-op and read. */
function changeKind(actions: readonly string[], address: string): ChangeKind | undefined {
  const key = actions.join(",");
  switch (key) {
    case "no-op":
    case "read":
      return undefined;
    case "create":
    case "update":
    case "delete":
    case "forget":
      return key;
    case "delete,create":
    case "create,delete":
      return "replace";
    default:
      throw new PlanFormatError(
        `${address}: unknown change actions [${actions.join(", ")}].\n  Fix: update cli/plan/summarize-plan.ts for this Terraform version.`,
      );
  }
}
