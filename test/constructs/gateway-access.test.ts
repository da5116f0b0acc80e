import {
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";
import { GatewayAccess } from "../../constructs/gateway-access";
import { bucketStack, list, reference, statementsOf } from "../helpers/aws";

/** A structurally valid PEM; Terraform never parses it at synth. */
const TEST_CA_PEM =
  "-----BEGIN CERTIFICATE-----\nTUlJQkV4YW1wbGVDQQ==\n-----END CERTIFICATE-----\n";

const withTrustAnchor = (name: "dev" | "prod" = "dev") =>
  environment(name, (input) => ({
    ...input,
    gateways: { trustAnchorCertificatePem: TEST_CA_PEM, sessionDurationSeconds: 1800 },
  }));

describe("GatewayAccess", () => {
  test("lets a gateway only create objects under raw/<its own gateway id>/", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
    const statements = statementsOf(onlyResource(synthesized, "aws_iam_policy").policy).filter(
      (statement) => statement.Effect === "Allow",
    );
    expect(statements.map((statement) => [list(statement.Action), statement.Resource])).toEqual([
      [
        ["s3:PutObject", "s3:AbortMultipartUpload"],
        `${bucketArn}/raw/$\${aws:PrincipalTag/x509Subject/CN}/*`,
      ],
      [
        ["s3:PutObject", "s3:AbortMultipartUpload"],
        `${bucketArn}/raw/$\${aws:PrincipalTag/gateway_id}/*`,
      ],
    ]);
  });

  test("denies uploads from a gateway whose id holds a slash or an IAM wildcard, which could reach another gateway's prefix", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    const bucketArn = reference(synthesized, "aws_s3_bucket", "arn");
    const denies = statementsOf(onlyResource(synthesized, "aws_iam_policy").policy).filter(
      (statement) => statement.Effect === "Deny",
    );
    // "$${*}" is Terraform's escape of IAM's literal-asterisk variable ${*}; likewise ${?}.
    const forbidden = ["*/*", "*$${*}*", "*$${?}*"];
    expect(denies.map((statement) => statement.Condition)).toEqual([
      { StringLike: { "aws:PrincipalTag/x509Subject/CN": forbidden } },
      { StringLike: { "aws:PrincipalTag/gateway_id": forbidden } },
    ]);
    for (const deny of denies) {
      expect(list(deny.Action)).toEqual(["s3:PutObject", "s3:AbortMultipartUpload"]);
      expect(deny.Resource).toBe(`${bucketArn}/raw/*`);
    }
  });

  test("never lets a gateway read, list or delete", () => {
    const synthesized = synthesize(pipelineStack(environment("prod")));
    const actions = statementsOf(onlyResource(synthesized, "aws_iam_policy").policy).flatMap((s) =>
      list(s.Action),
    );
    expect(actions.filter((action) => /^s3:(Get|List|Delete)/.test(action))).toEqual([]);
  });

  test("with SSE_KMS lets gateways encrypt through S3 for this bucket only", () => {
    const synthesized = synthesize(pipelineStack(environment("prod")));
    const kms = statementsOf(onlyResource(synthesized, "aws_iam_policy").policy).filter((s) =>
      list(s.Action).some((action) => action.startsWith("kms:")),
    );
    expect(kms).toEqual([
      expect.objectContaining({
        Resource: reference(synthesized, "aws_kms_key", "arn"),
        Condition: expect.objectContaining({
          StringEquals: { "kms:ViaService": expect.stringMatching(/^s3\./) },
        }),
      }),
    ]);
  });

  test("without a CA certificate creates no Roles Anywhere resources or role", () => {
    const synthesized = synthesize(pipelineStack(environment("dev")));
    expect(resourcesOfType(synthesized, "aws_rolesanywhere_trust_anchor")).toEqual({});
    expect(resourcesOfType(synthesized, "aws_rolesanywhere_profile")).toEqual({});
    expect(Object.keys(resourcesOfType(synthesized, "aws_iam_role"))).not.toContainEqual(
      expect.stringMatching(/^GatewayAccess/),
    );
  });

  test("with a CA certificate trusts it as a Roles Anywhere anchor", () => {
    const synthesized = synthesize(pipelineStack(withTrustAnchor()));
    expect(onlyResource(synthesized, "aws_rolesanywhere_trust_anchor")).toMatchObject({
      enabled: true,
      source: {
        source_type: "CERTIFICATE_BUNDLE",
        source_data: { x509_certificate_data: TEST_CA_PEM },
      },
    });
  });

  test("with a CA certificate lets only sessions from that anchor assume the upload role", () => {
    const synthesized = synthesize(pipelineStack(withTrustAnchor()));
    const role = Object.entries(resourcesOfType(synthesized, "aws_iam_role")).find(([id]) =>
      id.startsWith("GatewayAccess_Role"),
    )?.[1];
    expect(statementsOf(role?.assume_role_policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: "rolesanywhere.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        Condition: {
          ArnEquals: {
            "aws:SourceArn": reference(synthesized, "aws_rolesanywhere_trust_anchor", "arn"),
          },
        },
      }),
    ]);
    expect(onlyResource(synthesized, "aws_iam_role_policy_attachment")).toMatchObject({
      policy_arn: reference(synthesized, "aws_iam_policy", "arn"),
    });
  });

  test("with a CA certificate offers a profile for that role with the configured session length", () => {
    const synthesized = synthesize(pipelineStack(withTrustAnchor()));
    const profile = onlyResource(synthesized, "aws_rolesanywhere_profile");
    expect(profile).toMatchObject({ enabled: true, duration_seconds: 1800 });
    expect(profile.role_arns).toEqual([
      expect.stringMatching(/^\$\{aws_iam_role\.GatewayAccess_Role_[0-9A-F]+\.arn\}$/),
    ]);
  });
});

describe("the stack's gateway outputs", () => {
  test("name the bucket and upload policy, and with a CA the anchor, profile and role", () => {
    const outputs = (config: ReturnType<typeof environment>) =>
      Object.keys(synthesize(pipelineStack(config)).output ?? {})
        .filter((name) => name.startsWith("gateway_") || name === "landing_bucket_name")
        .sort();
    expect(outputs(environment("dev"))).toEqual([
      "gateway_upload_policy_arn",
      "landing_bucket_name",
    ]);
    expect(outputs(withTrustAnchor())).toEqual([
      "gateway_profile_arn",
      "gateway_role_arn",
      "gateway_trust_anchor_arn",
      "gateway_upload_policy_arn",
      "landing_bucket_name",
    ]);
  });
});

describe("GatewayAccess validation", () => {
  test("refuses a session shorter than Roles Anywhere allows", () => {
    const { stack, bucket } = bucketStack();
    expect(
      () =>
        new GatewayAccess(stack, "G", {
          namePrefix: "g",
          landingBucket: bucket,
          sessionDurationSeconds: 60,
        }),
    ).toThrow(/sessionDurationSeconds 60 must be a whole number from 900 to 43200/);
  });
});
