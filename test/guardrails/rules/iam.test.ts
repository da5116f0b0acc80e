import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { TerraformStack } from "cdktf";
import { IamCrossAccountExternalId } from "../../../guardrails/rules/iam/IamCrossAccountExternalId";
import { IamNoWildcardActions } from "../../../guardrails/rules/iam/IamNoWildcardActions";
import { IamNoWildcardResourceForWrites } from "../../../guardrails/rules/iam/IamNoWildcardResourceForWrites";
import { IamServiceTrustSourceConditions } from "../../../guardrails/rules/iam/IamServiceTrustSourceConditions";
import { IamTrustPolicyConditions } from "../../../guardrails/rules/iam/IamTrustPolicyConditions";
import { minimalStack, verdict, violation } from "../helpers";

const BUCKET_ARN = "arn:aws:s3:::example-landing";
const SNOWFLAKE_USER = "arn:aws:iam::999988887777:user/snowflake-abc";

function policy(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

function roleTrusting(stack: TerraformStack, statement: Record<string, unknown>): IamRole {
  return new IamRole(stack, "Role", {
    name: "example-role",
    assumeRolePolicy: policy({ Effect: "Allow", Action: "sts:AssumeRole", ...statement }),
  });
}

describe("IAM.NoWildcardAction", () => {
  test("passes a policy naming exact actions", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: `${BUCKET_ARN}/raw/*`,
      }),
    });
    expect(verdict(stack, IamNoWildcardActions, resource).compliance).toBe("COMPLIANT");
  });

  test("flags a service wildcard in a policy document data source", () => {
    const stack = minimalStack();
    const document = new DataAwsIamPolicyDocument(stack, "Document", {
      statement: [{ effect: "Allow", actions: ["s3:*"], resources: [`${BUCKET_ARN}/*`] }],
    });
    const resource = new IamPolicy(stack, "Policy", { policy: document.json });
    expect(violation(verdict(stack, IamNoWildcardActions, resource))).toMatch(
      /policy allows "s3:\*"/,
    );
  });

  test("flags a wildcard in a role's inline policy", () => {
    const stack = minimalStack();
    const role = new IamRole(stack, "Role", {
      assumeRolePolicy: policy({
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { Service: "lambda.amazonaws.com" },
      }),
      inlinePolicy: [
        { name: "all", policy: policy({ Effect: "Allow", Action: "*", Resource: "*" }) },
      ],
    });
    expect(violation(verdict(stack, IamNoWildcardActions, role))).toMatch(
      /inline_policy\[0\]\.policy allows "\*"/,
    );
  });

  test("does not count a Deny statement with s3:*", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: JSON.stringify({
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` },
          { Effect: "Deny", Action: "s3:*", Resource: "*" },
        ],
      }),
    });
    expect(verdict(stack, IamNoWildcardActions, resource).compliance).toBe("COMPLIANT");
  });

  test("flags an attached AWS managed full-access policy", () => {
    const stack = minimalStack();
    const attachment = new IamRolePolicyAttachment(stack, "Attachment", {
      role: "example-role",
      policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    });
    expect(violation(verdict(stack, IamNoWildcardActions, attachment))).toMatch(
      /AmazonS3FullAccess/,
    );
  });
});

describe("IAM.NoWildcardResourceForWrite", () => {
  test("passes writes on named resources and reads on every resource", () => {
    const stack = minimalStack();
    const resource = new IamRolePolicy(stack, "Policy", {
      role: "example-role",
      policy: JSON.stringify({
        Statement: [
          { Effect: "Allow", Action: "s3:PutObject", Resource: `${BUCKET_ARN}/normalized/*` },
          { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "logs:Describe*"], Resource: "*" },
          { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" },
        ],
      }),
    });
    expect(verdict(stack, IamNoWildcardResourceForWrites, resource).compliance).toBe("COMPLIANT");
  });

  test("flags a write action on every resource", () => {
    const stack = minimalStack();
    const resource = new IamRolePolicy(stack, "Policy", {
      role: "example-role",
      policy: policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }),
    });
    expect(violation(verdict(stack, IamNoWildcardResourceForWrites, resource))).toMatch(
      /allows s3:PutObject on every resource/,
    );
  });
});

describe("IAM.TrustPolicyConditions", () => {
  test("passes a cross-account trust with a condition", () => {
    const stack = minimalStack();
    const role = roleTrusting(stack, {
      Principal: { AWS: SNOWFLAKE_USER },
      Condition: { StringEquals: { "sts:ExternalId": "SENSORS_DEV_abc" } },
    });
    expect(verdict(stack, IamTrustPolicyConditions, role).compliance).toBe("COMPLIANT");
  });

  test("flags a federated trust without a condition", () => {
    const stack = minimalStack();
    const role = roleTrusting(stack, {
      Action: "sts:AssumeRoleWithWebIdentity",
      Principal: {
        Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
      },
    });
    expect(violation(verdict(stack, IamTrustPolicyConditions, role))).toMatch(
      /oidc-provider\/token\.actions\.githubusercontent\.com without a condition/,
    );
  });
});

describe("IAM.ServiceTrustSourceConditions", () => {
  test("passes a service trust limited to this account", () => {
    const stack = minimalStack();
    const account = new DataAwsCallerIdentity(stack, "Account");
    const role = roleTrusting(stack, {
      Principal: { Service: "lambda.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
    });
    expect(verdict(stack, IamServiceTrustSourceConditions, role).compliance).toBe("COMPLIANT");
  });

  test("flags a service trust without a source condition", () => {
    const stack = minimalStack();
    const role = roleTrusting(stack, { Principal: { Service: "lambda.amazonaws.com" } });
    expect(violation(verdict(stack, IamServiceTrustSourceConditions, role))).toMatch(
      /trusts lambda\.amazonaws\.com without aws:SourceAccount/,
    );
  });
});

describe("IAM.CrossAccountExternalId", () => {
  test("passes Snowflake's IAM user trusted with an external ID", () => {
    const stack = minimalStack();
    const document = new DataAwsIamPolicyDocument(stack, "Trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: [SNOWFLAKE_USER] }],
          condition: [
            { test: "StringEquals", variable: "sts:ExternalId", values: ["SENSORS_DEV_abc"] },
          ],
        },
      ],
    });
    const role = new IamRole(stack, "Role", { assumeRolePolicy: document.json });
    expect(verdict(stack, IamCrossAccountExternalId, role).compliance).toBe("COMPLIANT");
  });

  test("flags an outside principal trusted with a condition other than the external ID", () => {
    const stack = minimalStack();
    const role = roleTrusting(stack, {
      Principal: { AWS: SNOWFLAKE_USER },
      Condition: { StringLike: { "aws:PrincipalArn": "*" } },
    });
    expect(violation(verdict(stack, IamCrossAccountExternalId, role))).toMatch(
      /999988887777:user\/snowflake-abc from outside this account/,
    );
  });

  test("does not ask an external ID of this account's own principals", () => {
    const stack = minimalStack();
    const account = new DataAwsCallerIdentity(stack, "Account");
    const role = roleTrusting(stack, {
      Principal: { AWS: `arn:aws:iam::${account.accountId}:root` },
      Condition: { StringEquals: { "aws:PrincipalTag/team": "data" } },
    });
    expect(verdict(stack, IamCrossAccountExternalId, role).compliance).toBe("COMPLIANT");
  });
});
