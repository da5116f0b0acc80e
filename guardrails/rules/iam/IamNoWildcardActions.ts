import { IDENTITY_POLICY_TYPES, RESOURCE_POLICY_TYPES, policiesOf } from "../../policies";
import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";
import { allowStatements } from "./statements";

const ATTACHMENTS = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
];
/** AWS managed policies that grant whole services (`service:*`) or everything. */
const BROAD_MANAGED_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|.*FullAccess.*)$/;

export const IamNoWildcardActions: GuardrailRule = {
  id: "IAM.NoWildcardAction",
  name: "IamNoWildcardActions",
  what: "No Allow statement grants `*` or `<service>:*` actions, uses NotAction, or attaches an AWS managed `AdministratorAccess`, `PowerUserAccess` or `*FullAccess` policy.",
  why: "Wildcard actions grant every present and future action of a service, including deletes and permission changes; least privilege names each action the code calls.",
  level: "ERROR",
  resourceTypes: [...IDENTITY_POLICY_TYPES, ...RESOURCE_POLICY_TYPES, ...ATTACHMENTS],
  check(resource, { stack }) {
    if (ATTACHMENTS.includes(resource.type)) {
      const arn = String(resource.config.policy_arn);
      return BROAD_MANAGED_POLICY.test(arn)
        ? nonCompliant(
            `attaches ${arn}, which grants whole services; attach a policy naming the actions`,
          )
        : compliant();
    }
    const held = policiesOf(resource, stack);
    const { statements, unreadable } = allowStatements(held, ["identity", "resource"]);
    if (statements.length === 0 && unreadable.length === 0) return notApplicable();
    const offences = statements.flatMap(({ argument, statement }) => [
      ...statement.actions
        .filter((action) => action === "*" || action.endsWith(":*"))
        .map((action) => `${argument} allows "${action}"`),
      ...(statement.notActions.length > 0
        ? [`${argument} allows NotAction ${statement.notActions.join(", ")}`]
        : []),
    ]);
    if (offences.length > 0)
      return nonCompliant(`${offences.join("; ")}; list the exact actions instead`);
    return unreadable.length > 0 ? compliant(`not checked: ${unreadable.join("; ")}`) : compliant();
  },
};
