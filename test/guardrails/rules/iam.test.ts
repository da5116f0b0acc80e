import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { TerraformStack } from "cdktf";
import { IamCrossAccountExternalId } from "../../../guardrails/rules/iam/IamCrossAccountExternalId";
import { IamNoWildcardActions } from "../../../guardrails/rules/iam/IamNoWildcardActions";
import { IamNoServiceWildcardOnAnyResource } from "../../../guardrails/rules/iam/IamNoServiceWildcardOnAnyResource";
import { IamNoWildcardResourceForWrites } from "../../../guardrails/rules/iam/IamNoWildcardResourceForWrites";
import { IamRoleSingleEnvironmentTrust } from "../../../guardrails/rules/iam/IamRoleSingleEnvironmentTrust";
import { IamServiceTrustSourceConditions } from "../../../guardrails/rules/iam/IamServiceTrustSourceConditions";
import { IamTrustPolicyConditions } from "../../../guardrails/rules/iam/IamTrustPolicyConditions";
import { IamWriteRequiresPermissionsBoundary } from "../../../guardrails/rules/iam/IamWriteRequiresPermissionsBoundary";
import { minimalStack, verdict, violation } from "../../helpers/guardrails";

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

const GITHUB_OIDC = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

function githubRole(stack: TerraformStack, test: string, sub: string | string[]): IamRole {
  return roleTrusting(stack, {
    Action: "sts:AssumeRoleWithWebIdentity",
    Principal: { Federated: GITHUB_OIDC },
    Condition: {
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      [test]: { "token.actions.githubusercontent.com:sub": sub },
    },
  });
}

describe("IAM.SingleEnvironmentTrust", () => {
  test("passes a role trusted by one GitHub environment", () => {
    const stack = minimalStack();
    const role = githubRole(stack, "StringEquals", "repo:o/r:environment:prod");
    expect(verdict(stack, IamRoleSingleEnvironmentTrust, role).compliance).toBe("COMPLIANT");
  });

  test("passes a role trusted by pull requests only", () => {
    const stack = minimalStack();
    const role = githubRole(stack, "StringEquals", "repo:o/r:pull_request");
    expect(verdict(stack, IamRoleSingleEnvironmentTrust, role).compliance).toBe("COMPLIANT");
  });

  test("flags a role trusted by the dev and the prod environment", () => {
    const stack = minimalStack();
    const role = githubRole(stack, "StringEquals", [
      "repo:o/r:environment:dev",
      "repo:o/r:environment:prod",
    ]);
    expect(violation(verdict(stack, IamRoleSingleEnvironmentTrust, role))).toMatch(
      /trusts the GitHub environments dev, prod; give each environment its own role/,
    );
  });

  test("flags a wildcard environment, which matches every environment", () => {
    const stack = minimalStack();
    const role = githubRole(stack, "StringLike", "repo:o/r:environment:*");
    expect(violation(verdict(stack, IamRoleSingleEnvironmentTrust, role))).toMatch(/wildcard/);
  });

  test("has nothing to say about a role GitHub cannot assume", () => {
    const stack = minimalStack();
    const role = roleTrusting(stack, { Principal: { Service: "lambda.amazonaws.com" } });
    expect(verdict(stack, IamRoleSingleEnvironmentTrust, role).compliance).toBe("NOT_APPLICABLE");
  });
});

const BOUNDARY = "arn:aws:iam::123456789012:policy/sensors-dev-permissions-boundary";
const ROLES = "arn:aws:iam::123456789012:role/sensors-dev-*";

describe("IAM.PermissionsBoundaryOnIamWrite", () => {
  test("passes role creation and attachment that require the boundary and the managed prefix", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: ["iam:CreateRole", "iam:PutRolePolicy"],
            Resource: ROLES,
            Condition: { StringEquals: { "iam:PermissionsBoundary": BOUNDARY } },
          },
          {
            Effect: "Allow",
            Action: "iam:AttachRolePolicy",
            Resource: ROLES,
            Condition: {
              StringEquals: { "iam:PermissionsBoundary": BOUNDARY },
              ArnLike: { "iam:PolicyARN": "arn:aws:iam::123456789012:policy/sensors-dev-*" },
            },
          },
        ],
      }),
    });
    expect(verdict(stack, IamWriteRequiresPermissionsBoundary, resource).compliance).toBe(
      "COMPLIANT",
    );
  });

  test("flags an unbounded iam:CreateRole, even on a name prefix", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({ Effect: "Allow", Action: "iam:CreateRole", Resource: ROLES }),
    });
    expect(violation(verdict(stack, IamWriteRequiresPermissionsBoundary, resource))).toMatch(
      /allows iam:CreateRole without an iam:PermissionsBoundary condition/,
    );
  });

  test("flags an attachment bounded by role but open to any managed policy", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({
        Effect: "Allow",
        Action: "iam:AttachRolePolicy",
        Resource: ROLES,
        Condition: { StringEquals: { "iam:PermissionsBoundary": BOUNDARY } },
      }),
    });
    expect(violation(verdict(stack, IamWriteRequiresPermissionsBoundary, resource))).toMatch(
      /without an iam:PolicyARN condition/,
    );
  });

  test("counts iam:* as every IAM write, and flags removing a boundary", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({ Effect: "Allow", Action: "iam:*", Resource: ROLES }),
    });
    const message = violation(verdict(stack, IamWriteRequiresPermissionsBoundary, resource));
    expect(message).toMatch(
      /iam:DeleteRolePermissionsBoundary, .*; never allow removing a boundary/,
    );
    expect(message).toMatch(/iam:CreateRole, .* without an iam:PermissionsBoundary condition/);
  });

  test("does not count a Deny statement", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: JSON.stringify({
        Statement: [
          { Effect: "Allow", Action: "iam:GetRole", Resource: ROLES },
          { Effect: "Deny", Action: "iam:CreateRole", Resource: "*" },
        ],
      }),
    });
    expect(verdict(stack, IamWriteRequiresPermissionsBoundary, resource).compliance).toBe(
      "COMPLIANT",
    );
  });
});

describe("IAM.NoServiceWildcardOnAnyResource", () => {
  test("passes a whole service on the environment's own resource names", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({
        Effect: "Allow",
        Action: "lambda:*",
        Resource: "arn:aws:lambda:eu-west-1:123456789012:function:sensors-dev-*",
      }),
    });
    expect(verdict(stack, IamNoServiceWildcardOnAnyResource, resource).compliance).toBe(
      "COMPLIANT",
    );
  });

  test('flags a whole service on "*", even fenced by a region condition', () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({
        Effect: "Allow",
        Action: ["lambda:*", "kms:*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
      }),
    });
    expect(violation(verdict(stack, IamNoServiceWildcardOnAnyResource, resource))).toMatch(
      /policy allows lambda:\*, kms:\* on every resource/,
    );
  });

  test("flags a whole service with NotResource", () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({ Effect: "Allow", Action: "sqs:*", NotResource: "arn:aws:sqs:*:*:x" }),
    });
    expect(violation(verdict(stack, IamNoServiceWildcardOnAnyResource, resource))).toMatch(
      /sqs:\* on every resource/,
    );
  });

  test('passes an exact action on "*" (IAM.NoWildcardResourceForWrite judges those)', () => {
    const stack = minimalStack();
    const resource = new IamPolicy(stack, "Policy", {
      policy: policy({ Effect: "Allow", Action: "kms:ListAliases", Resource: "*" }),
    });
    expect(verdict(stack, IamNoServiceWildcardOnAnyResource, resource).compliance).toBe(
      "COMPLIANT",
    );
  });
});
