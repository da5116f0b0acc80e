import { TerraformStack, Testing } from "cdktf";
import type { IConstruct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { evaluateStack } from "../../guardrails/evaluate";
import type { GuardrailRule, RuleResult } from "../../guardrails/rule";

/** The day rule tests run as, so date-based rules give the same answer every day. */
export const TEST_DAY = new Date("2026-11-26T12:00:00Z");

/** A minimal stack with an AWS provider and a Snowflake provider running as a pipeline role. */
export function minimalStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "guardrails-test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new SnowflakeProvider(stack, "snowflake", { role: "PIPELINE_OWNER" });
  return stack;
}

/** What one rule decides about one resource of the stack (exactly one verdict expected). */
export function verdict(
  stack: TerraformStack,
  rule: GuardrailRule,
  resource: IConstruct,
  today: Date = TEST_DAY,
): RuleResult {
  const outcomes = evaluateStack(stack, [rule], today).outcomes.filter(
    (outcome) => outcome.resource.construct === resource,
  );
  if (outcomes.length !== 1) {
    throw new Error(
      `expected one verdict of ${rule.id} on ${resource.node.path}, got ${outcomes.length}`,
    );
  }
  return outcomes[0].result;
}

/** The message of a NON_COMPLIANT verdict; fails the test on any other verdict. */
export function violation(result: RuleResult): string {
  if (result.compliance !== "NON_COMPLIANT") {
    throw new Error(`expected NON_COMPLIANT, got ${JSON.stringify(result)}`);
  }
  return result.message;
}
