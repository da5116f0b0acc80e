import { IDENTITY_POLICY_TYPES, policiesOf } from "../../policies";
import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";
import { allowStatements } from "./statements";

export const IamNoServiceWildcardOnAnyResource: GuardrailRule = {
  id: "IAM.NoServiceWildcardOnAnyResource",
  name: "IamNoServiceWildcardOnAnyResource",
  what: 'No identity-policy Allow statement grants `*` or a whole service (`<service>:*`) on Resource "*" or with NotResource, whatever its conditions.',
  why: "A whole service on every resource reaches every function, key, queue and topic in the account, other environments' and other teams' included; a region or tag condition narrows where, not what. This is the floor even for roles that are allowed whole services on their own resources.",
  level: "ERROR",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, { stack }) {
    const { statements, unreadable } = allowStatements(policiesOf(resource, stack), ["identity"]);
    if (statements.length === 0 && unreadable.length === 0) return notApplicable();
    const offences = statements.flatMap(({ argument, statement }) => {
      const everywhere = statement.resources.includes("*") || statement.notResources.length > 0;
      const wildcards = statement.actions.filter(
        (action) => action === "*" || /^[a-z0-9-]+:\*$/i.test(action),
      );
      return everywhere && wildcards.length > 0
        ? [`${argument} allows ${wildcards.join(", ")} on every resource`]
        : [];
    });
    if (offences.length > 0) {
      return nonCompliant(
        `${offences.join("; ")}; name the resource ARNs (or list the exact actions)`,
      );
    }
    return unreadable.length > 0 ? compliant(`not checked: ${unreadable.join("; ")}`) : compliant();
  },
};
