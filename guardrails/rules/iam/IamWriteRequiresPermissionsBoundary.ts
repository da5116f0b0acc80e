import { IDENTITY_POLICY_TYPES, policiesOf } from "../../policies";
import { type PolicyStatement, actionMatches, conditionKeys } from "../../policy-document";
import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";
import { allowStatements } from "./statements";

/**
 * IAM actions that create a principal or change its permissions, and that IAM lets a policy
 * condition on `iam:PermissionsBoundary` (Service Authorization Reference,
 * list_awsidentityandaccessmanagementiam.html).
 */
const BOUNDABLE_WRITES = [
  "iam:CreateRole",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:CreateUser",
  "iam:PutUserPolicy",
  "iam:DeleteUserPolicy",
  "iam:AttachUserPolicy",
  "iam:DetachUserPolicy",
  "iam:PutUserPermissionsBoundary",
];
/** Attachments also name the managed policy (`iam:PolicyARN`), which must be limited too. */
const ATTACHMENTS = [
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:DetachUserPolicy",
];
/** Removing a boundary only ever widens a principal: never allowed. */
const BOUNDARY_REMOVALS = [
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteUserPermissionsBoundary",
];

export const IamWriteRequiresPermissionsBoundary: GuardrailRule = {
  id: "IAM.PermissionsBoundaryOnIamWrite",
  name: "IamWriteRequiresPermissionsBoundary",
  what: "An Allow statement that lets a principal create roles or users or change their policies requires an iam:PermissionsBoundary condition (and, for attachments, an iam:PolicyARN condition), and none allows removing a boundary.",
  why: "Whoever may create a role and attach policies to it without a boundary can mint an administrator (create a role trusting an outside account, attach AdministratorAccess); the boundary caps every role it creates at what the boundary allows.",
  level: "ERROR",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, { stack }) {
    const { statements, unreadable } = allowStatements(policiesOf(resource, stack), ["identity"]);
    if (statements.length === 0 && unreadable.length === 0) return notApplicable();
    const offences = statements.flatMap(({ argument, statement }) =>
      unboundedWrites(statement).map((problem) => `${argument} ${problem}`),
    );
    if (offences.length > 0) return nonCompliant(offences.join("; "));
    return unreadable.length > 0 ? compliant(`not checked: ${unreadable.join("; ")}`) : compliant();
  },
};

function unboundedWrites(statement: PolicyStatement): string[] {
  const granted = (actions: readonly string[]) =>
    actions.filter((action) => statement.actions.some((pattern) => actionMatches(pattern, action)));
  const keys = conditionKeys(statement);
  const problems: string[] = [];
  const removals = granted(BOUNDARY_REMOVALS);
  if (removals.length > 0)
    problems.push(`allows ${removals.join(", ")}; never allow removing a boundary`);
  const writes = granted(BOUNDABLE_WRITES);
  if (writes.length > 0 && !keys.has("iam:permissionsboundary")) {
    problems.push(
      `allows ${writes.join(", ")} without an iam:PermissionsBoundary condition; require the boundary policy's ARN`,
    );
  }
  const attachments = granted(ATTACHMENTS);
  if (attachments.length > 0 && !keys.has("iam:policyarn")) {
    problems.push(
      `allows ${attachments.join(", ")} without an iam:PolicyARN condition; limit it to the policies the stack manages`,
    );
  }
  return problems;
}
