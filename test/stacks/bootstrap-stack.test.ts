import { type BootstrapSettingsInput, resolveBootstrapConfig } from "../../stacks/bootstrap-config";
import { BOOTSTRAP_SETTINGS } from "../../stacks/bootstrap-settings";
import type { PolicyDocumentJson } from "../../constructs/policy-document";
import {
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";
import { bootstrapConfig, environments, synthBootstrap } from "../helpers/bootstrap";

describe("BootstrapStack state bucket", () => {
  test("is the bucket every environment's S3 backend names", () => {
    const bucket = onlyResource(synthBootstrap(), "aws_s3_bucket");
    for (const env of environments()) {
      const backend = (
        synthesize(pipelineStack(env)).terraform as { backend: { s3: { bucket: string } } }
      ).backend.s3;
      expect(bucket.bucket).toBe(backend.bucket);
    }
  });

  test("is versioned and cannot be destroyed by terraform destroy", () => {
    const synthesized = synthBootstrap();
    expect(onlyResource(synthesized, "aws_s3_bucket").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(synthesized, "aws_s3_bucket_versioning").versioning_configuration).toEqual({
      status: "Enabled",
    });
  });

  test("is encrypted by default, blocks all public access and enforces bucket ownership", () => {
    const synthesized = synthBootstrap();
    expect(
      onlyResource(synthesized, "aws_s3_bucket_server_side_encryption_configuration").rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(onlyResource(synthesized, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(synthesized, "aws_s3_bucket_ownership_controls").rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
  });

  test("denies every request without TLS, on the bucket and its objects", () => {
    const synthesized = synthBootstrap();
    const bucketId = Object.keys(resourcesOfType(synthesized, "aws_s3_bucket"))[0];
    const policy = JSON.parse(
      onlyResource(synthesized, "aws_s3_bucket_policy").policy as string,
    ) as PolicyDocumentJson;
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`\${aws_s3_bucket.${bucketId}.arn}`, `\${aws_s3_bucket.${bucketId}.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    ]);
  });

  test("keeps its own state in a local file, since it creates the bucket remote state needs", () => {
    expect(synthBootstrap().terraform).toMatchObject({
      backend: { local: { path: "../../../terraform.sensors-bootstrap.tfstate" } },
    });
  });
});

describe("resolveBootstrapConfig", () => {
  test("rejects environments that keep state in different buckets and names the fix", () => {
    const prod = environment("prod", (input) => ({
      ...input,
      state: { bucket: "another-tfstate-bucket" },
    }));
    expect(() => resolveBootstrapConfig(BOOTSTRAP_SETTINGS, [environment("dev"), prod])).toThrow(
      /different buckets[\s\S]*Fix: give every environment the same state\.bucket/,
    );
  });

  test("rejects an owner ID without a repository ID", () => {
    expect(() =>
      bootstrapConfig((settings) => ({ ...settings, github: { ...settings.github, ownerId: 1 } })),
    ).toThrow(/github\.repositoryId is invalid; it must be set together with the other ID/);
  });

  test("names the file, line and setting of an invalid GitHub owner", () => {
    const source =
      'export const BOOTSTRAP_SETTINGS = {\n  github: { owner: "bad owner!", repository: "x" },\n};\n';
    expect(() =>
      resolveBootstrapConfig(
        { github: { owner: "bad owner!", repository: "x" } },
        environments(),
        source,
      ),
    ).toThrow(
      /stacks\/bootstrap-settings\.ts:2: github\.owner is invalid; it must be a GitHub user or organization name/,
    );
  });

  test("a misspelled setting is an error with its line and the closest valid name", () => {
    const source =
      'export const BOOTSTRAP_SETTINGS = {\n  github: { owner: "acme", repository: "x" },\n  role: {},\n};\n';
    expect(() =>
      resolveBootstrapConfig(
        { github: { owner: "acme", repository: "x" }, role: {} } as BootstrapSettingsInput,
        environments(),
        source,
      ),
    ).toThrow(
      "stacks/bootstrap-settings.ts:3: role is not a setting; did you mean roles?\n  Fix: rename it to roles.",
    );
  });

  test("rejects a deploy role named like the plan role", () => {
    expect(() =>
      bootstrapConfig((settings) => ({
        ...settings,
        roles: { planRoleName: "ci", deployRoleName: "ci" },
      })),
    ).toThrow(/roles\.deployRoleName is invalid; it must differ from roles\.planRoleName/);
  });

  test("rejects CI role names inside an environment's name prefix, which its deploy role could manage", () => {
    expect(() =>
      bootstrapConfig((settings) => ({
        ...settings,
        roles: { planRoleName: "sensors-dev-plan", deployRoleName: "ci-deploy" },
      })),
    ).toThrow(/start with "sensors-dev-"[\s\S]*Fix: give roles\.planRoleName/);
  });
});
