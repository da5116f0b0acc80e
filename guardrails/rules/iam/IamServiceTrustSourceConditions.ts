import { conditionKeys } from "../../policy-document";
import { policiesOf } from "../../policies";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { allowStatements } from "./statements";
import { principalsOfType } from "./trust";

const SOURCE_KEYS = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid"];

export const IamServiceTrustSourceConditions: GuardrailRule = {
  id: "IAM.ServiceTrustSourceConditions",
  name: "IamServiceTrustSourceConditions",
  what: "Trust statements for AWS service principals limit the caller with aws:SourceAccount, aws:SourceArn or aws:SourceOrgID.",
  why: "Without a source condition the service can be tricked into assuming the role for another account's resource (the confused-deputy problem).",
  level: "WARNING",
  resourceTypes: ["aws_iam_role"],
  check(role, { stack }) {
    const { statements, unreadable } = allowStatements(policiesOf(role, stack), ["trust"]);
    if (unreadable.length > 0) return compliant(`not checked: ${unreadable.join("; ")}`);
    const open = statements
      .map(({ statement }) => statement)
      .filter((statement) => !SOURCE_KEYS.some((key) => conditionKeys(statement).has(key)))
      .flatMap((statement) => principalsOfType(statement.principals, "Service"));
    return open.length === 0
      ? compliant()
      : nonCompliant(
          `trusts ${open.join(", ")} without aws:SourceAccount or aws:SourceArn; add aws:SourceAccount set to this account (data.aws_caller_identity)`,
        );
  },
};
