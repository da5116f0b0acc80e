import { Testing } from "cdktf";
import {
  type BootstrapConfig,
  type BootstrapSettingsInput,
  resolveBootstrapConfig,
} from "../../stacks/bootstrap-config";
import { BOOTSTRAP_SETTINGS } from "../../stacks/bootstrap-settings";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import type { PolicyDocument, PolicyStatement } from "../../stacks/bootstrap-policies";
import {
  environment,
  onlyResource,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";

const environments = () => [environment("dev"), environment("prod")];

const bootstrapConfig = (
  change: (settings: BootstrapSettingsInput) => BootstrapSettingsInput = (settings) => settings,
): BootstrapConfig =>
  resolveBootstrapConfig(
    change(structuredClone(BOOTSTRAP_SETTINGS) as BootstrapSettingsInput),
    environments(),
  );

const synthBootstrap = (config: BootstrapConfig = bootstrapConfig()) =>
  synthesize(new BootstrapStack(Testing.app(), "sensors-bootstrap", { config }));

type Synth = ReturnType<typeof synthBootstrap>;

const roleNamed = (synthesized: Synth, name: string) => {
  const role = Object.entries(resourcesOfType(synthesized, "aws_iam_role")).find(
    ([, resource]) => resource.name === name,
  );
  if (!role) throw new Error(`no role named ${name}`);
  return { id: role[0], resource: role[1] };
};

const trustOf = (synthesized: Synth, roleName: string) =>
  JSON.parse(
    roleNamed(synthesized, roleName).resource.assume_role_policy as string,
  ) as PolicyDocument;

/** Inline policies and managed policy ARNs attached to a role, by the role's logical id. */
const permissionsOf = (synthesized: Synth, roleName: string) => {
  const { id } = roleNamed(synthesized, roleName);
  const reference = `\${aws_iam_role.${id}.name}`;
  const inline = Object.values(resourcesOfType(synthesized, "aws_iam_role_policy"))
    .filter((policy) => policy.role === reference)
    .map((policy) => JSON.parse(policy.policy as string) as PolicyDocument);
  const managed = Object.values(resourcesOfType(synthesized, "aws_iam_role_policy_attachment"))
    .filter((attachment) => attachment.role === reference)
    .map((attachment) => attachment.policy_arn as string);
  return { statements: inline.flatMap((document) => document.Statement), managed };
};

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const READ_ONLY_ACTION = /^[a-z0-9-]+:(Get|List|Describe|Head)[A-Za-z]*$/;

describe("BootstrapStack trust policies", () => {
  test("the plan role trusts only pull requests of the configured repository, for STS", () => {
    const [statement] = trustOf(synthBootstrap(), "sensors-ci-plan").Statement;
    expect(statement.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(statement.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:example-org/sensor-pipeline:pull_request",
      },
    });
  });

  test("the deploy role trusts exactly the dev and prod GitHub environments", () => {
    const [statement] = trustOf(synthBootstrap(), "sensors-ci-deploy").Statement;
    expect(statement.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": [
          "repo:example-org/sensor-pipeline:environment:dev",
          "repo:example-org/sensor-pipeline:environment:prod",
        ],
      },
    });
  });

  test("both trust policies hold one statement and federate with the stack's OIDC provider", () => {
    const synthesized = synthBootstrap();
    const provider = onlyResource(synthesized, "aws_iam_openid_connect_provider");
    expect(provider).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    const providerId = Object.keys(
      resourcesOfType(synthesized, "aws_iam_openid_connect_provider"),
    )[0];
    for (const role of ["sensors-ci-plan", "sensors-ci-deploy"]) {
      const trust = trustOf(synthesized, role);
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0].Principal).toEqual({
        Federated: `\${aws_iam_openid_connect_provider.${providerId}.arn}`,
      });
    }
  });

  test("uses immutable subject claims when the owner and repository IDs are set", () => {
    const config = bootstrapConfig((settings) => ({
      ...settings,
      github: { ...settings.github, ownerId: 123456, repositoryId: 456789 },
    }));
    const [statement] = trustOf(synthBootstrap(config), "sensors-ci-plan").Statement;
    expect(statement.Condition?.StringEquals["token.actions.githubusercontent.com:sub"]).toBe(
      "repo:example-org@123456/sensor-pipeline@456789:pull_request",
    );
  });

  test("trusts an existing OIDC provider instead of creating a second one", () => {
    const arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const synthesized = synthBootstrap(
      bootstrapConfig((settings) => ({ ...settings, existingOidcProviderArn: arn })),
    );
    expect(resourcesOfType(synthesized, "aws_iam_openid_connect_provider")).toEqual({});
    expect(trustOf(synthesized, "sensors-ci-deploy").Statement[0].Principal).toEqual({
      Federated: arn,
    });
  });
});

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
    ) as PolicyDocument;
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

describe("BootstrapStack plan role", () => {
  test("has the AWS-managed ReadOnlyAccess policy and no other managed policy", () => {
    expect(permissionsOf(synthBootstrap(), "sensors-ci-plan").managed).toEqual([
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
    ]);
  });

  test("may write nothing but the environments' state lock files", () => {
    const { statements } = permissionsOf(synthBootstrap(), "sensors-ci-plan");
    const writes = statements
      .filter((statement) => statement.Effect === "Allow")
      .filter((statement) =>
        list(statement.Action).some((action) => !READ_ONLY_ACTION.test(action)),
      );
    expect(writes.length).toBeGreaterThan(0);
    for (const statement of writes) {
      expect(statement.NotAction).toBeUndefined();
      for (const resource of list(statement.Resource)) expect(resource).toMatch(/\.tflock$/);
    }
  });

  test("may take the lock file of each environment's backend key", () => {
    const { statements } = permissionsOf(synthBootstrap(), "sensors-ci-plan");
    const lockStatement = statements.find((statement) =>
      list(statement.Action).includes("s3:PutObject"),
    ) as PolicyStatement;
    for (const env of environments()) {
      const backend = (
        synthesize(pipelineStack(env)).terraform as {
          backend: { s3: { bucket: string; key: string } };
        }
      ).backend.s3;
      expect(list(lockStatement.Resource)).toContain(
        `arn:aws:s3:::${backend.bucket}/${backend.key}.tflock`,
      );
      expect(list(lockStatement.Action)).toEqual(
        expect.arrayContaining(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]),
      );
    }
  });

  test("is denied the sensor data in the landing buckets", () => {
    const { statements } = permissionsOf(synthBootstrap(), "sensors-ci-plan");
    const deny = statements.find((statement) => statement.Effect === "Deny") as PolicyStatement;
    expect(list(deny.Action)).toContain("s3:GetObject");
    expect(list(deny.Resource).sort()).toEqual(
      environments()
        .map((env) => `arn:aws:s3:::${env.landingBucket.name}/*`)
        .sort(),
    );
  });
});

describe("BootstrapStack deploy role", () => {
  const deployStatements = () => permissionsOf(synthBootstrap(), "sensors-ci-deploy").statements;

  test("may never change the CI roles or the OIDC provider, though they share the managed prefix", () => {
    const deny = deployStatements().find((statement) => statement.Sid === "NeverTheCiIdentities");
    expect(deny).toMatchObject({ Effect: "Deny", Action: "iam:*" });
    const resources = list(deny?.Resource);
    expect(resources.some((arn) => arn.endsWith(":role/sensors-ci-plan"))).toBe(true);
    expect(resources.some((arn) => arn.endsWith(":role/sensors-ci-deploy"))).toBe(true);
    expect(
      resources.some((arn) => arn.endsWith(":oidc-provider/token.actions.githubusercontent.com")),
    ).toBe(true);
  });

  test("manages IAM only under the managed name prefix and passes roles only to Lambda and Roles Anywhere", () => {
    const iam = deployStatements().filter(
      (statement) =>
        statement.Effect === "Allow" &&
        list(statement.Action).some(
          (action) => action.startsWith("iam:") && !READ_ONLY_ACTION.test(action),
        ),
    );
    for (const statement of iam) {
      for (const resource of list(statement.Resource))
        expect(resource).toMatch(/:(role|policy)\/sensors-\*$/);
    }
    const passRole = iam.find((statement) => statement.Action === "iam:PassRole");
    expect(passRole?.Condition).toEqual({
      StringEquals: {
        "iam:PassedToService": ["lambda.amazonaws.com", "rolesanywhere.amazonaws.com"],
      },
    });
  });

  test("uses pipeline services only in the environments' regions", () => {
    const services = deployStatements().find(
      (statement) => statement.Sid === "PipelineServicesInEnvironmentRegions",
    );
    expect(services?.Condition).toEqual({
      StringEquals: {
        "aws:RequestedRegion": [...new Set(environments().map((env) => env.aws.region))],
      },
    });
  });

  test("may touch the state bucket's objects but not its configuration", () => {
    const deny = deployStatements().find((statement) => statement.Sid === "StateBucketObjectsOnly");
    expect(deny?.Effect).toBe("Deny");
    expect(list(deny?.NotAction).sort()).toEqual([
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:PutObject",
    ]);
    expect(list(deny?.Resource)).toEqual([
      "arn:aws:s3:::example-sensors-tfstate",
      "arn:aws:s3:::example-sensors-tfstate/*",
    ]);
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

  test("rejects a deploy role named like the plan role", () => {
    expect(() =>
      bootstrapConfig((settings) => ({
        ...settings,
        roles: { planRoleName: "ci", deployRoleName: "ci" },
      })),
    ).toThrow(/roles\.deployRoleName is invalid; it must differ from roles\.planRoleName/);
  });
});
