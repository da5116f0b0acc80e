import { policyJson } from "./policy-document";

/**
 * The trust policy of a Lambda execution role: only the Lambda service, and only on behalf of this
 * account (`aws:SourceAccount` keeps another account's function from assuming the role).
 */
export function lambdaTrustPolicyJson(accountId: string): string {
  return policyJson([
    {
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}
