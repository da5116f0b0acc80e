import type { TerraformStack } from "cdktf";
import type { GuardrailRule, RuleResult } from "./rule";
import { StackResources, type SynthesizedResource } from "./stack-resources";
import {
  type GuardrailSuppression,
  isExplained,
  suppressionsFor,
  suppressionsOn,
} from "./suppressions";

/** One rule's verdict on one resource, and the suppression that silenced it, if any. */
export interface Outcome {
  readonly rule: GuardrailRule;
  readonly resource: SynthesizedResource;
  readonly result: RuleResult;
  readonly suppression?: GuardrailSuppression;
  /** Set when the rule itself threw: a bug in the rule, reported as a warning, never a crash. */
  readonly ruleFailure?: string;
}

/** A suppression that is wrong in itself: no reason, an unknown rule, or nothing to suppress. */
export interface SuppressionProblem {
  readonly level: "ERROR" | "WARNING";
  readonly suppression: GuardrailSuppression;
  readonly message: string;
}

/** Everything the guardrails found in one stack. */
export interface Evaluation {
  readonly stackName: string;
  readonly rules: readonly GuardrailRule[];
  readonly resourceCount: number;
  readonly outcomes: readonly Outcome[];
  readonly suppressionProblems: readonly SuppressionProblem[];
}

/** Applies the rules to every resource of the stack. Pure: it reads the tree and annotates nothing. */
export function evaluateStack(
  stack: TerraformStack,
  rules: readonly GuardrailRule[],
  today: Date,
): Evaluation {
  const resources = StackResources.of(stack);
  const context = { stack: resources, today };
  const rulesByType = new Map<string, GuardrailRule[]>();
  for (const rule of rules) {
    for (const type of rule.resourceTypes) {
      rulesByType.set(type, [...(rulesByType.get(type) ?? []), rule]);
    }
  }
  const outcomes: Outcome[] = [];
  const used = new Set<GuardrailSuppression>();
  let resourceCount = 0;
  for (const resource of resources.all) {
    if (resource.kind !== "resource") continue;
    resourceCount += 1;
    const applicable = rulesByType.get(resource.type) ?? [];
    if (applicable.length === 0) continue;
    const suppressions = suppressionsFor(resource.construct).filter(isExplained);
    for (const rule of applicable) {
      const { result, ruleFailure } = decide(rule, resource, context);
      const suppression =
        result.compliance === "NON_COMPLIANT"
          ? suppressions.find((candidate) => candidate.ruleId === rule.id)
          : undefined;
      if (suppression) used.add(suppression);
      outcomes.push({ rule, resource, result, suppression, ruleFailure });
    }
  }
  return {
    stackName: stack.node.id,
    rules,
    resourceCount,
    outcomes,
    suppressionProblems: suppressionProblems(stack, rules, used),
  };
}

function decide(
  rule: GuardrailRule,
  resource: SynthesizedResource,
  context: Parameters<GuardrailRule["check"]>[1],
): { result: RuleResult; ruleFailure?: string } {
  if (resource.unresolvable) {
    return {
      result: {
        compliance: "NOT_APPLICABLE",
        note: `configuration could not be resolved at synth: ${resource.unresolvable}`,
      },
    };
  }
  try {
    return { result: rule.check(resource, context) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { result: { compliance: "NOT_APPLICABLE" }, ruleFailure: message };
  }
}

function suppressionProblems(
  stack: TerraformStack,
  rules: readonly GuardrailRule[],
  used: ReadonlySet<GuardrailSuppression>,
): SuppressionProblem[] {
  const known = new Set(rules.map((rule) => rule.id));
  const problems: SuppressionProblem[] = [];
  for (const construct of stack.node.findAll()) {
    for (const suppression of suppressionsOn(construct)) {
      if (!isExplained(suppression)) {
        problems.push({
          level: "ERROR",
          suppression,
          message: `suppression of ${suppression.ruleId} gives no reason; write why the rule does not apply here`,
        });
      } else if (!known.has(suppression.ruleId)) {
        problems.push({
          level: "ERROR",
          suppression,
          message: `suppression names unknown rule ${suppression.ruleId}; see docs/guardrails.md for rule ids`,
        });
      } else if (![...used].some((usedOne) => sameSuppression(usedOne, suppression))) {
        problems.push({
          level: "WARNING",
          suppression,
          message: `suppression of ${suppression.ruleId} matches no finding; remove it`,
        });
      }
    }
  }
  return problems;
}

function sameSuppression(a: GuardrailSuppression, b: GuardrailSuppression): boolean {
  return a.ruleId === b.ruleId && a.construct === b.construct && a.reason === b.reason;
}
