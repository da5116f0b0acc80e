import { actionMatches, conditionKeys } from "../../policy-document";
import { policiesOf } from "../../policies";
import {
  type RuleContext,
  type RuleResult,
  compliant,
  nonCompliant,
  notApplicable,
} from "../../rule";
import type { SynthesizedResource } from "../../stack-resources";
import { allowStatements } from "../iam/statements";

const REQUIRED_KEYS = ["aws:SourceArn", "aws:SourceAccount"];

/**
 * Checks that every resource-policy statement letting a service (or everyone) perform `action`
 * names the source: aws:SourceArn and aws:SourceAccount. Shared by the SNS and SQS rules.
 */
export function checkSourceConditions(
  resource: SynthesizedResource,
  { stack }: RuleContext,
  action: string,
): RuleResult {
  const { statements, unreadable } = allowStatements(policiesOf(resource, stack), ["resource"]);
  const relevant = statements.filter(
    ({ statement }) =>
      statement.actions.some((pattern) => actionMatches(pattern, action)) &&
      (statement.principals ?? []).some(
        (principal) =>
          principal.type === "Service" ||
          (principal.type === "AWS" && principal.identifiers.includes("*")),
      ),
  );
  if (relevant.length === 0) {
    return unreadable.length > 0
      ? compliant(`not checked: ${unreadable.join("; ")}`)
      : notApplicable();
  }
  const gaps = relevant.flatMap(({ argument, statement }) => {
    const keys = conditionKeys(statement);
    const missing = REQUIRED_KEYS.filter((key) => !keys.has(key.toLowerCase()));
    const who = (statement.principals ?? [])
      .flatMap((principal) => principal.identifiers)
      .join(", ");
    return missing.length > 0
      ? [`${argument}: ${action} by ${who} lacks ${missing.join(" and ")}`]
      : [];
  });
  return gaps.length === 0
    ? compliant()
    : nonCompliant(`${gaps.join("; ")}; limit it to the one source resource and this account`);
}
