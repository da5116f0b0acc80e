import { blocks, isExpression, isLiteral, isReferenceTo } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import type { StackResources, SynthesizedResource } from "../../stack-resources";

export const LambdaLogRetention: GuardrailRule = {
  id: "Lambda.LogRetention",
  name: "LambdaLogRetention",
  what: "Every function's log group is declared in the stack with retention_in_days set.",
  why: "Lambda otherwise creates its log group on first run with logs kept forever: storage grows and bills without end, and the group escapes Terraform.",
  level: "ERROR",
  resourceTypes: ["aws_lambda_function"],
  check(fn, { stack }) {
    const group = logGroupOf(fn, stack);
    if (group === "unknown") return compliant("the log group name is computed at plan time");
    if (!group) {
      return nonCompliant(
        `no aws_cloudwatch_log_group named "/aws/lambda/<function name>" (or logging_config.log_group) in the stack; declare it with retention_in_days`,
      );
    }
    const retention = group.config.retention_in_days;
    if (isExpression(retention)) return compliant("retention is computed at plan time");
    return typeof retention === "number" && retention > 0
      ? compliant()
      : nonCompliant(`${group.path} keeps logs forever; set retention_in_days`);
  },
};

function logGroupOf(
  fn: SynthesizedResource,
  stack: StackResources,
): SynthesizedResource | "unknown" | undefined {
  const groups = stack.ofType("aws_cloudwatch_log_group");
  const custom = blocks(fn.config.logging_config)
    .map((config) => config.log_group)
    .find((name) => name !== undefined);
  if (custom !== undefined) {
    const byReference = groups.find((group) => isReferenceTo(custom, group, ["name", "id"]));
    if (byReference) return byReference;
    if (isLiteral(custom)) return groups.find((group) => group.config.name === custom);
    return "unknown";
  }
  const names = [`/aws/lambda/\${${fn.address}.function_name}`];
  if (isLiteral(fn.config.function_name)) names.push(`/aws/lambda/${fn.config.function_name}`);
  else if (isExpression(fn.config.function_name)) {
    names.push(`/aws/lambda/${fn.config.function_name}`);
  }
  return groups.find((group) => names.includes(String(group.config.name)));
}
