import type { Evaluation, Outcome } from "./evaluate";

/** One line of the report about a resource. */
export interface ReportEntry {
  readonly ruleId: string;
  readonly level: "ERROR" | "WARNING";
  readonly path: string;
  readonly address: string;
  readonly message: string;
}

/** The machine-readable report written to `<outdir>/guardrails/<stack>.json`. */
export interface GuardrailReport {
  readonly stack: string;
  readonly evaluatedOn: string;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly level: "ERROR" | "WARNING" }>;
  readonly resourceCount: number;
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly suppressed: number;
    readonly notes: number;
  };
  /** Unsuppressed findings; any ERROR here fails synth. */
  readonly findings: readonly ReportEntry[];
  /** Findings silenced by a suppression, with its reason. */
  readonly suppressed: ReadonlyArray<
    ReportEntry & { readonly reason: string; readonly suppressedAt: string }
  >;
  /** Passes or skips that rest on something the rule could not check at synth. */
  readonly notes: ReadonlyArray<{
    readonly ruleId: string;
    readonly path: string;
    readonly note: string;
  }>;
  /** Suppressions without a reason, for unknown rules, or matching nothing. */
  readonly suppressionProblems: ReadonlyArray<{
    readonly level: "ERROR" | "WARNING";
    readonly path: string;
    readonly ruleId: string;
    readonly message: string;
  }>;
}

/** Builds the report of one stack's evaluation. */
export function buildReport(evaluation: Evaluation, today: Date): GuardrailReport {
  const entry = (outcome: Outcome): ReportEntry => ({
    ruleId: outcome.rule.id,
    level: outcome.ruleFailure ? "WARNING" : outcome.rule.level,
    path: outcome.resource.path,
    address: outcome.resource.address,
    message:
      outcome.ruleFailure !== undefined
        ? `the rule failed on this resource (${outcome.ruleFailure}); report it as a guardrails bug`
        : outcome.result.compliance === "NON_COMPLIANT"
          ? outcome.result.message
          : "",
  });
  const failing = evaluation.outcomes.filter(
    (outcome) => outcome.result.compliance === "NON_COMPLIANT" || outcome.ruleFailure !== undefined,
  );
  const findings = failing.filter((outcome) => !outcome.suppression).map(entry);
  const suppressed = failing.flatMap((outcome) =>
    outcome.suppression
      ? [
          {
            ...entry(outcome),
            reason: outcome.suppression.reason,
            suppressedAt: outcome.suppression.path,
          },
        ]
      : [],
  );
  const notes = evaluation.outcomes.flatMap((outcome) =>
    outcome.result.compliance !== "NON_COMPLIANT" && outcome.result.note
      ? [{ ruleId: outcome.rule.id, path: outcome.resource.path, note: outcome.result.note }]
      : [],
  );
  const suppressionProblems = evaluation.suppressionProblems.map((problem) => ({
    level: problem.level,
    path: problem.suppression.path,
    ruleId: problem.suppression.ruleId,
    message: problem.message,
  }));
  const count = (level: "ERROR" | "WARNING") =>
    findings.filter((finding) => finding.level === level).length +
    suppressionProblems.filter((problem) => problem.level === level).length;
  return {
    stack: evaluation.stackName,
    evaluatedOn: today.toISOString().slice(0, 10),
    rules: evaluation.rules.map((rule) => ({ id: rule.id, level: rule.level })),
    resourceCount: evaluation.resourceCount,
    summary: {
      errors: count("ERROR"),
      warnings: count("WARNING"),
      suppressed: suppressed.length,
      notes: notes.length,
    },
    findings,
    suppressed,
    notes,
    suppressionProblems,
  };
}

/** Whether the report holds an error, so synth fails and the detailed report is worth printing. */
export function failsSynth(report: GuardrailReport): boolean {
  return (
    report.summary.errors > 0 ||
    report.suppressionProblems.some((problem) => problem.level === "ERROR")
  );
}

/** The report's first line: counts, and where the JSON is. */
export function summaryLine(report: GuardrailReport, jsonPath?: string): string {
  const { errors, warnings, suppressed, notes } = report.summary;
  return (
    `guardrails ${report.stack}: ${report.rules.length} rules on ${report.resourceCount} resources: ` +
    `${errors} error(s), ${warnings} warning(s), ${suppressed} suppressed, ${notes} note(s)` +
    (jsonPath ? ` (report: ${jsonPath})` : "")
  );
}

/** The human-readable report printed at synth: the summary line, then one line per item. */
export function formatReport(report: GuardrailReport, jsonPath?: string): string {
  const lines = [summaryLine(report, jsonPath)];
  for (const finding of report.findings) {
    lines.push(
      `  ${finding.level.padEnd(10)} ${finding.ruleId} ${finding.path}: ${finding.message}`,
    );
  }
  for (const problem of report.suppressionProblems) {
    lines.push(
      `  ${problem.level.padEnd(10)} ${problem.ruleId} ${problem.path}: ${problem.message}`,
    );
  }
  for (const item of report.suppressed) {
    lines.push(`  ${"SUPPRESSED".padEnd(10)} ${item.ruleId} ${item.path}: ${item.reason}`);
  }
  for (const note of report.notes) {
    lines.push(`  ${"NOTE".padEnd(10)} ${note.ruleId} ${note.path}: ${note.note}`);
  }
  return `${lines.join("\n")}\n`;
}
