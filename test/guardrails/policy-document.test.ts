import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { readPolicy } from "../../guardrails/policy-document";
import { StackResources } from "../../guardrails/stack-resources";
import { minimalStack } from "../helpers/guardrails";

const BUCKET_ARN = "arn:aws:s3:::example-landing";

describe("readPolicy", () => {
  test("reads a JSON policy and the equivalent aws_iam_policy_document as the same statements", () => {
    // GIVEN one statement written both ways
    const stack = minimalStack();
    const document = new DataAwsIamPolicyDocument(stack, "Document", {
      statement: [
        {
          effect: "Allow",
          actions: ["sns:Publish"],
          resources: ["arn:aws:sns:eu-west-1:111122223333:normalized"],
          principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
          condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [BUCKET_ARN] }],
        },
      ],
    });
    const json = JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Action: "sns:Publish",
          Resource: "arn:aws:sns:eu-west-1:111122223333:normalized",
          Principal: { Service: "s3.amazonaws.com" },
          Condition: { ArnEquals: { "aws:SourceArn": BUCKET_ARN } },
        },
      ],
    });
    const resources = StackResources.of(stack);
    // WHEN both are read
    const fromDocument = readPolicy(
      `\${data.aws_iam_policy_document.${document.friendlyUniqueId}.json}`,
      resources,
    );
    const fromJson = readPolicy(json, resources);
    // THEN they agree, field by field
    expect(fromDocument).toEqual(fromJson);
    expect(fromJson).toEqual({
      statements: [
        {
          effect: "Allow",
          actions: ["sns:Publish"],
          notActions: [],
          resources: ["arn:aws:sns:eu-west-1:111122223333:normalized"],
          notResources: [],
          principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
          notPrincipals: undefined,
          conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [BUCKET_ARN] }],
        },
      ],
    });
  });

  test("includes the statements of source policy documents", () => {
    const stack = minimalStack();
    const base = new DataAwsIamPolicyDocument(stack, "Base", {
      statement: [{ effect: "Allow", actions: ["s3:*"], resources: ["*"] }],
    });
    const combined = new DataAwsIamPolicyDocument(stack, "Combined", {
      sourcePolicyDocuments: [base.json],
      statement: [{ effect: "Allow", actions: ["s3:GetObject"], resources: [`${BUCKET_ARN}/*`] }],
    });
    const read = readPolicy(
      `\${data.aws_iam_policy_document.${combined.friendlyUniqueId}.json}`,
      StackResources.of(stack),
    );
    expect("statements" in read && read.statements.map((statement) => statement.actions)).toEqual([
      ["s3:GetObject"],
      ["s3:*"],
    ]);
  });

  test("says a policy computed at plan time cannot be read, rather than guessing", () => {
    const read = readPolicy("${jsonencode(local.policy)}", StackResources.of(minimalStack()));
    expect(read).toEqual({ unreadable: expect.stringMatching(/computed at plan time/) });
  });
});
