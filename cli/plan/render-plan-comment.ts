import type { ChangeKind, PlanSummary } from "./summarize-plan";

/** Most resource rows one comment lists; GitHub caps a comment at 65,536 characters. */
export const MAX_LISTED_CHANGES = 100;

/** Options of {@link renderPlanComment} and {@link renderFailedPlanComment}. */
export interface PlanCommentOptions {
  /** The stack the plan belongs to, e.g. `sensors-dev`. */
  readonly stack: string;
  /** Link to the workflow run holding the logs and the plan artifact. @default - no link */
  readonly detailsUrl?: string;
}

/**
 * Hidden first line that identifies the comment of one stack, so the workflow updates its own
 * comment instead of adding one per push.
 */
export function planCommentMarker(stack: string): string {
  return `<!-- sensors-plan:${stack} -->`;
}

const KIND_LABEL: Record<ChangeKind, string> = {
  create: "create",
  update: "update in place",
  delete: "destroy",
  replace: "REPLACE (destroy, then create)",
  forget: "forget (remove from state only)",
};

/**
 * The pull-request comment for one stack's plan: the counts, a loud warning when ingestion objects
 * would be replaced or destroyed, and the changed addresses. Only addresses and actions appear,
 * never attribute values, so nothing sensitive reaches the comment.
 */
export function renderPlanComment(summary: PlanSummary, options: PlanCommentOptions): string {
  const lines = [
    planCommentMarker(options.stack),
    `### Terraform plan: \`${options.stack}\``,
    "",
    `**${summary.adds} to add, ${summary.changes} to change, ${summary.destroys} to destroy**` +
      (summary.forgets > 0 ? `, ${summary.forgets} to forget` : ""),
    "",
  ];
  if (summary.criticalChanges.length > 0) {
    lines.push(
      "> [!CAUTION]",
      `> **🚨 ${summary.criticalChanges.length} INGESTION OBJECT(S) WOULD BE REPLACED OR DESTROYED 🚨**`,
      ">",
      ...summary.criticalChanges.map(
        (change) => `> - \`${change.address}\`: **${KIND_LABEL[change.kind]}**`,
      ),
      ">",
      "> A new pipe loses its load history (files load twice or never), a new stream loses its",
      "> offset, a new integration gets a new IAM user and external ID (the AWS trust breaks), and a",
      "> new topic drops Snowflake's subscription. Read docs/ci-cd.md (Replacements) before merging.",
      "",
    );
  }
  if (summary.plannedChanges.length === 0) {
    lines.push("No changes. The infrastructure matches the configuration.");
  } else {
    const listed = summary.plannedChanges.slice(0, MAX_LISTED_CHANGES);
    lines.push(
      "<details><summary>Changed resources</summary>",
      "",
      "| resource | action |",
      "| --- | --- |",
      ...listed.map((change) => `| \`${change.address}\` | ${KIND_LABEL[change.kind]} |`),
    );
    const hidden = summary.plannedChanges.length - listed.length;
    if (hidden > 0) lines.push(`| … and ${hidden} more | see the plan artifact |`);
    lines.push("", "</details>");
  }
  if (options.detailsUrl) {
    lines.push("", `Logs and the saved plan: ${options.detailsUrl}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The comment that replaces a stale plan when planning failed, so nobody merges on an old plan. */
export function renderFailedPlanComment(options: PlanCommentOptions): string {
  const lines = [
    planCommentMarker(options.stack),
    `### Terraform plan: \`${options.stack}\``,
    "",
    "> [!WARNING]",
    "> **The plan failed.** No plan is available for this commit; see the workflow logs.",
  ];
  if (options.detailsUrl) lines.push("", `Logs: ${options.detailsUrl}`);
  return `${lines.join("\n")}\n`;
}
