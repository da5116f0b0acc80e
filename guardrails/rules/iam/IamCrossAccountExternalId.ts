import { policiesOf } from "../../policies";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { allowStatements } from "./statements";
import { isSameAccount, principalsOfType } from "./trust";

export const IamCrossAccountExternalId: GuardrailRule = {
  id: "IAM.CrossAccountExternalId",
  name: "IamCrossAccountExternalId",
  what: "A role trusted by a principal outside this account (such as Snowflake's IAM user) requires sts:ExternalId with StringEquals.",
  why: "The external ID stops another customer of the same third party from pointing it at our role (confused deputy); Snowflake's storage and notification integrations are exactly this case.",
  level: "ERROR",
  resourceTypes: ["aws_iam_role"],
  check(role, { stack }) {
    const { statements, unreadable } = allowStatements(policiesOf(role, stack), ["trust"]);
    if (unreadable.length > 0) return compliant(`not checked: ${unreadable.join("; ")}`);
    const missing = statements
      .filter(
        ({ statement }) =>
          !statement.conditions.some(
            (condition) =>
              condition.test === "StringEquals" &&
              condition.variable.toLowerCase() === "sts:externalid" &&
              condition.values.length > 0,
          ),
      )
      .flatMap(({ statement }) =>
        principalsOfType(statement.principals, "AWS").filter(
          (identifier) => identifier === "*" || !isSameAccount(identifier),
        ),
      );
    return missing.length === 0
      ? compliant()
      : nonCompliant(
          `trusts ${missing.join(", ")} from outside this account without a StringEquals sts:ExternalId condition`,
        );
  },
};
