import { policiesOf } from "../../policies";
import type { PolicyStatement } from "../../policy-document";
import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";
import { allowStatements } from "./statements";

/** Claim key of the subject of GitHub Actions OIDC tokens in IAM conditions. */
const GITHUB_SUB = "token.actions.githubusercontent.com:sub";
const ENVIRONMENT_SUBJECT = /:environment:(.*)$/;

export const IamRoleSingleEnvironmentTrust: GuardrailRule = {
  id: "IAM.SingleEnvironmentTrust",
  name: "IamRoleSingleEnvironmentTrust",
  what: "A role that GitHub Actions may assume trusts at most one GitHub environment, named exactly (no wildcard in the environment part of the token subject).",
  why: "A role shared by two environments lets a job in the unprotected one (dev, which runs for every merge) act with everything the role may do in the protected one (prod), bypassing prod's required reviewers.",
  level: "ERROR",
  resourceTypes: ["aws_iam_role"],
  check(role, { stack }) {
    const { statements, unreadable } = allowStatements(policiesOf(role, stack), ["trust"]);
    if (unreadable.length > 0) return compliant(`not checked: ${unreadable.join("; ")}`);
    const subjects = statements.flatMap(({ statement }) => githubSubjects(statement));
    if (subjects.length === 0) return notApplicable();
    const environments = new Set<string>();
    const wildcards: string[] = [];
    for (const subject of subjects) {
      const environment = ENVIRONMENT_SUBJECT.exec(subject)?.[1];
      if (environment === undefined) {
        if (/[*?]/.test(subject)) wildcards.push(subject);
        continue;
      }
      if (/[*?]/.test(environment)) wildcards.push(subject);
      else environments.add(environment);
    }
    if (wildcards.length > 0) {
      return nonCompliant(
        `trusts GitHub token subjects with a wildcard (${wildcards.join(", ")}), which match any environment; name one subject exactly`,
      );
    }
    return environments.size <= 1
      ? compliant()
      : nonCompliant(
          `trusts the GitHub environments ${[...environments].join(", ")}; give each environment its own role, trusted by that environment alone`,
        );
  },
};

/** The `sub` values a trust statement accepts, from any string operator. */
function githubSubjects(statement: PolicyStatement): string[] {
  return statement.conditions
    .filter((condition) => condition.variable.toLowerCase() === GITHUB_SUB)
    .flatMap((condition) => condition.values.map(String));
}
