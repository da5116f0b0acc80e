import type { StackResources, SynthesizedResource } from "./stack-resources";

/** How a finding affects synth: an ERROR stops `cdktf synth`, `diff` and `deploy`; a WARNING is reported only. */
export type GuardrailLevel = "ERROR" | "WARNING";

/** The outcome of one rule on one resource. */
export type RuleResult =
  | { readonly compliance: "COMPLIANT"; readonly note?: string }
  | { readonly compliance: "NON_COMPLIANT"; readonly message: string }
  | { readonly compliance: "NOT_APPLICABLE"; readonly note?: string };

/** What a rule may look at besides the resource itself. */
export interface RuleContext {
  /** Every resource, data source and provider of the stack, resolved: for cross-resource rules. */
  readonly stack: StackResources;
  /** The day synth runs: for rules about dates (runtime deprecation). */
  readonly today: Date;
}

/**
 * One guardrail, in the style of a cdk-nag rule: a pure function from a synthesized resource to
 * COMPLIANT / NON_COMPLIANT(message) / NOT_APPLICABLE, with a one-sentence "what" and a "why it
 * matters" that every finding carries.
 */
export interface GuardrailRule {
  /** Stable id used in findings and suppressions, `<Service>.<Check>` (e.g. `S3.TlsOnly`). */
  readonly id: string;
  /** The rule's name; equal to its file name under `guardrails/rules/<service>/`. */
  readonly name: string;
  /** One sentence: what the rule requires. */
  readonly what: string;
  /** Why it matters: the risk or the cost the rule prevents. */
  readonly why: string;
  /** Whether a finding stops synth. */
  readonly level: GuardrailLevel;
  /** Terraform types (resources and data sources) the rule looks at; others are never passed in. */
  readonly resourceTypes: readonly string[];
  /** Decides one resource. Must not throw on unresolved values: return a note instead. */
  readonly check: (resource: SynthesizedResource, context: RuleContext) => RuleResult;
}

/** The resource meets the rule. A note explains a pass that rests on an assumption. */
export function compliant(note?: string): RuleResult {
  return note === undefined ? { compliance: "COMPLIANT" } : { compliance: "COMPLIANT", note };
}

/** The resource breaks the rule; the message says what is wrong and how to fix it. */
export function nonCompliant(message: string): RuleResult {
  return { compliance: "NON_COMPLIANT", message };
}

/** The rule has nothing to say about this resource. */
export function notApplicable(note?: string): RuleResult {
  return note === undefined
    ? { compliance: "NOT_APPLICABLE" }
    : { compliance: "NOT_APPLICABLE", note };
}

/** Where a rule is documented: its section of docs/guardrails.md (GitHub's heading anchor). */
export function guardrailDocLink(ruleId: string): string {
  return `docs/guardrails.md#${ruleId.toLowerCase().replace(/[^a-z0-9-]/g, "")}`;
}
