import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";

/** Services whose source ARNs carry no account ID, so the account must be named as well. */
const ACCOUNTLESS_ARN_SERVICES = ["s3.amazonaws.com"];

export const LambdaPermissionSourceConditions: GuardrailRule = {
  id: "Lambda.PermissionSourceConditions",
  name: "LambdaPermissionSourceConditions",
  what: "A permission letting an AWS service invoke a function names the source_arn, and source_account as well when the service is S3.",
  why: "Without them any bucket (or rule, or topic) in any account can invoke the function, feeding it forged events and running up its bill.",
  level: "ERROR",
  resourceTypes: ["aws_lambda_permission"],
  check(permission) {
    const principal = String(permission.config.principal ?? "");
    if (!principal.endsWith(".amazonaws.com")) {
      return notApplicable("the principal is an account or role, not a service");
    }
    const missing = [
      ...(permission.config.source_arn ? [] : ["source_arn"]),
      ...(ACCOUNTLESS_ARN_SERVICES.includes(principal) && !permission.config.source_account
        ? ["source_account"]
        : []),
    ];
    return missing.length === 0
      ? compliant()
      : nonCompliant(`lets ${principal} invoke the function without ${missing.join(" and ")}`);
  },
};
