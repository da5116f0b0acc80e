import { policiesOf } from "../../policies";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { allowStatements } from "./statements";
import { principalsOfType } from "./trust";

export const IamTrustPolicyConditions: GuardrailRule = {
  id: "IAM.TrustPolicyConditions",
  name: "IamTrustPolicyConditions",
  what: "Every trust-policy statement that lets an AWS account, user, role or federated identity assume the role carries a Condition.",
  why: "An unconditioned trust lets any session of that principal (or, for federation, any token of the provider, e.g. any GitHub repository) take the role.",
  level: "ERROR",
  resourceTypes: ["aws_iam_role"],
  check(role, { stack }) {
    const { statements, unreadable } = allowStatements(policiesOf(role, stack), ["trust"]);
    if (unreadable.length > 0) return compliant(`not checked: ${unreadable.join("; ")}`);
    const unconditioned = statements
      .map(({ statement }) => statement)
      .filter((statement) => statement.conditions.length === 0)
      .flatMap((statement) => [
        ...principalsOfType(statement.principals, "AWS"),
        ...principalsOfType(statement.principals, "Federated"),
      ]);
    return unconditioned.length === 0
      ? compliant()
      : nonCompliant(
          `trusts ${unconditioned.join(", ")} without a condition; add one (sts:ExternalId, aws:PrincipalArn, or the token's aud and sub)`,
        );
  },
};
