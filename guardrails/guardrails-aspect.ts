import { AnnotationMetadataEntryType, Annotations, type IAspect, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { type Evaluation, evaluateStack } from "./evaluate";
import { ALL_GUARDRAILS } from "./packs";
import { buildReport, failsSynth, formatReport, summaryLine } from "./report";
import { writeReportFile } from "./report-file";
import { type GuardrailRule, guardrailDocLink } from "./rule";

/** Properties of {@link GuardrailsAspect}. */
export interface GuardrailsAspectProps {
  /** The rules to apply. @default - every rule (`ALL_GUARDRAILS`) */
  readonly rules?: readonly GuardrailRule[];
  /**
   * Receives the human-readable report, once per stack and synth, when it holds an error (synth
   * fails). @default - standard error
   */
  readonly reportTo?: (text: string) => void;
  /** The day the checks run as, for date-based rules. @default - today */
  readonly today?: Date;
}

/**
 * Policy checks over a stack's synthesized resources, like cdk-nag: every finding becomes an
 * annotation on its resource (an ERROR fails `cdktf synth`, `diff` and `deploy`), suppression
 * reasons become info annotations, and the report goes to `<outdir>/guardrails/<stack>.json`
 * (`report-file.ts`) and to standard error when synth fails.
 *
 * It acts when visiting a stack, because cross-resource rules (a bucket and its separate policy,
 * encryption and versioning resources) need every resource first. It only reads the tree, so other
 * aspects that mutate resources should be added before it.
 */
export class GuardrailsAspect implements IAspect {
  private readonly rules: readonly GuardrailRule[];
  private readonly reportTo: (text: string) => void;
  private readonly today?: Date;

  constructor(props: GuardrailsAspectProps = {}) {
    this.rules = props.rules ?? ALL_GUARDRAILS;
    this.reportTo = props.reportTo ?? ((text) => process.stderr.write(text));
    this.today = props.today;
  }

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack)) return;
    const today = this.today ?? new Date();
    const evaluation = evaluateStack(node, this.rules, today);
    annotate(evaluation);
    const report = buildReport(evaluation, today);
    const jsonPath = writeReportFile(node, report);
    // The cdktf CLI prints annotations, and shows anything on the app's standard error as an
    // [ERROR]: so the summary and each finding are annotations, and the detailed report is printed
    // only when synth fails anyway. A successful synth stays quiet.
    once(node, "info", summaryLine(report, jsonPath));
    if (failsSynth(report)) this.reportTo(formatReport(report, jsonPath));
  }
}

function annotate(evaluation: Evaluation): void {
  for (const outcome of evaluation.outcomes) {
    const { rule, resource, result, suppression, ruleFailure } = outcome;
    if (ruleFailure !== undefined) {
      once(
        resource.construct,
        "warn",
        `[${rule.id}] the rule failed on this resource: ${ruleFailure}`,
      );
    } else if (result.compliance !== "NON_COMPLIANT") {
      continue;
    } else if (suppression) {
      once(
        resource.construct,
        "info",
        `[${rule.id}] suppressed at ${suppression.path}: ${suppression.reason}`,
      );
    } else {
      const text = `[${rule.id}] ${result.message}. ${rule.what} Why: ${rule.why} (${guardrailDocLink(rule.id)})`;
      once(resource.construct, rule.level === "ERROR" ? "error" : "warn", text);
    }
  }
  for (const problem of evaluation.suppressionProblems) {
    once(
      problem.suppression.construct,
      problem.level === "ERROR" ? "error" : "warn",
      `[Guardrails.Suppression] ${problem.message}`,
    );
  }
}

const ANNOTATION_TYPE = {
  info: AnnotationMetadataEntryType.INFO,
  warn: AnnotationMetadataEntryType.WARN,
  error: AnnotationMetadataEntryType.ERROR,
} as const;

/** Adds an annotation unless the same one is there: each synth of a stack runs the aspect again. */
function once(construct: IConstruct, level: keyof typeof ANNOTATION_TYPE, message: string): void {
  const present = construct.node.metadata.some(
    (entry) => entry.type === ANNOTATION_TYPE[level] && entry.data === message,
  );
  if (present) return;
  const annotations = Annotations.of(construct);
  if (level === "error") annotations.addError(message);
  else if (level === "warn") annotations.addWarning(message);
  else annotations.addInfo(message);
}
