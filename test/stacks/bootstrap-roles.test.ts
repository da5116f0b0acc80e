import type { PolicyDocumentJson } from "../../constructs/policy-document";
import { ALL_GUARDRAILS } from "../../guardrails/packs";
import { evaluateStack } from "../../guardrails/evaluate";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  BOUNDED_ROLE_ATTACHMENTS,
  BOUNDED_ROLE_WRITES,
  deployRolePolicy,
  deployRoleTrustPolicy,
} from "../../stacks/bootstrap-policies";
import { onlyResource, resourcesOfType } from "../helpers/synth";
import {
  READ_ONLY_ACTION,
  type Synth,
  bootstrapConfig,
  bootstrapStack,
  list,
  permissionsOf,
  synthBootstrap,
  trustOf,
} from "../helpers/bootstrap";

const PROVIDER = "token.actions.githubusercontent.com";
const ACCOUNT = "${data.aws_caller_identity.Account.account_id}";
const subjectOf = (synthesized: Synth, roleName: string) =>
  trustOf(synthesized, roleName).Statement[0].Condition?.StringEquals[`${PROVIDER}:sub`];

/**
 * What names each environment's resources in an ARN: its name prefix, bucket, state key and its IoT
 * things (named by gateway id; exactness is tested in bootstrap-iot-things.test.ts).
 */
const ownNames = (env: "dev" | "prod") => [
  ...(
    bootstrapConfig().environments.find((candidate) => candidate.name === env)?.iotThingNames ?? []
  ).map((gatewayId) => `:thing/${gatewayId}`),
  `sensors-${env}-`,
  `:rule/sensors_${env}_`,
  `example-sensors-${env}-landing`,
  `sensors-${env}/terraform.tfstate`,
];
const otherEnv = (env: "dev" | "prod") => (env === "dev" ? "prod" : "dev");
const tags = (key: string, env: string) => ({
  StringEquals: { [`${key}/Project`]: "sensor-pipeline", [`${key}/Environment`]: env },
});

describe("CI role trust", () => {
  test("each environment's deploy role trusts that GitHub environment alone", () => {
    const synthesized = synthBootstrap();
    for (const env of ["dev", "prod"]) {
      const [statement] = trustOf(synthesized, `sensors-ci-deploy-${env}`).Statement;
      expect(statement.Action).toBe("sts:AssumeRoleWithWebIdentity");
      expect(statement.Condition).toEqual({
        StringEquals: {
          [`${PROVIDER}:aud`]: "sts.amazonaws.com",
          [`${PROVIDER}:sub`]: `repo:example-org/sensor-pipeline:environment:${env}`,
        },
      });
    }
  });

  test("pull requests may assume only the dev plan role; prod is planned from its own environment", () => {
    const synthesized = synthBootstrap();
    expect(subjectOf(synthesized, "sensors-ci-plan-dev")).toBe(
      "repo:example-org/sensor-pipeline:pull_request",
    );
    expect(subjectOf(synthesized, "sensors-ci-plan-prod")).toBe(
      "repo:example-org/sensor-pipeline:environment:prod",
    );
  });

  test("every role trusts one exact subject, and no subject reaches two environments", () => {
    const environmentsBySubject = new Map<string, Set<string>>();
    for (const role of Object.values(resourcesOfType(synthBootstrap(), "aws_iam_role"))) {
      const trust = JSON.parse(role.assume_role_policy as string) as PolicyDocumentJson;
      expect(trust.Statement).toHaveLength(1);
      const subject = trust.Statement[0].Condition?.StringEquals[`${PROVIDER}:sub`] as string;
      expect(subject).toMatch(/^repo:[^*?]+$/);
      const environment = /-(dev|prod)$/.exec(role.name as string)?.[1] as string;
      environmentsBySubject.set(
        subject,
        (environmentsBySubject.get(subject) ?? new Set()).add(environment),
      );
    }
    expect(environmentsBySubject.size).toBe(3);
    for (const [subject, reached] of environmentsBySubject) {
      expect([subject, reached.size]).toEqual([subject, 1]);
    }
  });

  test("federates with the stack's OIDC provider", () => {
    const synthesized = synthBootstrap();
    expect(onlyResource(synthesized, "aws_iam_openid_connect_provider")).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    const providerId = Object.keys(
      resourcesOfType(synthesized, "aws_iam_openid_connect_provider"),
    )[0];
    for (const role of Object.values(resourcesOfType(synthesized, "aws_iam_role"))) {
      const trust = JSON.parse(role.assume_role_policy as string) as PolicyDocumentJson;
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
    expect(subjectOf(synthBootstrap(config), "sensors-ci-plan-dev")).toBe(
      "repo:example-org@123456/sensor-pipeline@456789:pull_request",
    );
  });

  test("trusts an existing OIDC provider instead of creating a second one", () => {
    const arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const synthesized = synthBootstrap(
      bootstrapConfig((settings) => ({ ...settings, existingOidcProviderArn: arn })),
    );
    expect(resourcesOfType(synthesized, "aws_iam_openid_connect_provider")).toEqual({});
    expect(trustOf(synthesized, "sensors-ci-deploy-prod").Statement[0].Principal).toEqual({
      Federated: arn,
    });
  });
});

describe.each(["dev", "prod"] as const)("the plan role of %s", (env) => {
  const planStatements = () => permissionsOf(synthBootstrap(), `sensors-ci-plan-${env}`).statements;
  const allows = () => planStatements().filter((statement) => statement.Effect === "Allow");

  test("has no managed policy (no account-wide ReadOnlyAccess)", () => {
    expect(permissionsOf(synthBootstrap(), `sensors-ci-plan-${env}`).managed).toEqual([]);
  });

  test("may write nothing but its own environment's state lock file", () => {
    const writes = allows().filter((statement) =>
      list(statement.Action).some((action) => !READ_ONLY_ACTION.test(action)),
    );
    expect(writes.map((statement) => statement.Resource)).toEqual([
      `arn:aws:s3:::example-sensors-tfstate/sensors-${env}/terraform.tfstate.tflock`,
    ]);
    expect(list(writes[0].Action)).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
  });

  test("reads only resources named for its environment, tagged with it, or list calls without a resource", () => {
    for (const statement of allows()) {
      for (const resource of list(statement.Resource)) {
        if (resource === "*") {
          // The calls the Service Authorization Reference lists with no resource type.
          expect(list(statement.Action).sort()).toEqual([
            "kms:ListAliases",
            "logs:DescribeLogGroups",
            "rolesanywhere:ListTagsForResource",
          ]);
        } else if (resource.endsWith(":key/*") || resource.includes(":rolesanywhere:")) {
          expect(statement.Condition).toEqual(tags("aws:ResourceTag", env));
        } else if (resource !== "arn:aws:s3:::example-sensors-tfstate") {
          expect([resource, ownNames(env).some((name) => resource.includes(name))]).toEqual([
            resource,
            true,
          ]);
        }
      }
    }
  });

  test("never reads the streaming user's key from Secrets Manager", () => {
    const secretReads = allows().flatMap((statement) =>
      list(statement.Action).filter((action) => action.startsWith("secretsmanager:")),
    );
    expect(secretReads.sort()).toEqual([
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetResourcePolicy",
    ]);
  });

  test("never reads sensor data", () => {
    const deny = planStatements().find((statement) => statement.Sid === "NoSensorData");
    expect(deny).toMatchObject({ Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"] });
    expect(deny?.Resource).toEqual([`arn:aws:s3:::example-sensors-${env}-landing/*`]);
    for (const statement of allows()) {
      for (const resource of list(statement.Resource)) expect(resource).not.toMatch(/landing\/\*$/);
    }
  });
});

describe.each(["dev", "prod"] as const)("the deploy role of %s", (env) => {
  const deployStatements = () =>
    permissionsOf(synthBootstrap(), `sensors-ci-deploy-${env}`).statements;
  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/sensors-${env}-permissions-boundary`;
  const grants = (action: string) =>
    deployStatements().filter(
      (statement) => statement.Effect === "Allow" && list(statement.Action).includes(action),
    );

  test("allows role creation and every role-policy change only with its environment's boundary", () => {
    for (const action of [...BOUNDED_ROLE_WRITES, ...BOUNDED_ROLE_ATTACHMENTS]) {
      const statements = grants(action);
      expect([action, statements.length]).toEqual([action, 1]);
      expect(statements[0].Condition?.StringEquals).toEqual({
        "iam:PermissionsBoundary": boundaryArn,
      });
      expect(statements[0].Resource).toBe(`arn:aws:iam::${ACCOUNT}:role/sensors-${env}-*`);
    }
  });

  test("attaches only managed policies with its environment's prefix", () => {
    for (const action of BOUNDED_ROLE_ATTACHMENTS) {
      expect(grants(action)[0].Condition?.ArnLike).toEqual({
        "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/sensors-${env}-*`,
      });
    }
  });

  test("explicitly denies any role write without the boundary, and removing a boundary", () => {
    const unbounded = deployStatements().find(
      (statement) => statement.Sid === "NeverARoleWithoutTheBoundary",
    );
    expect(unbounded).toMatchObject({
      Effect: "Deny",
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundaryArn } },
    });
    expect(list(unbounded?.Action).sort()).toEqual(
      [...BOUNDED_ROLE_WRITES, ...BOUNDED_ROLE_ATTACHMENTS].sort(),
    );
    expect(
      deployStatements().find((statement) => statement.Sid === "NeverRemoveABoundary"),
    ).toMatchObject({ Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" });
  });

  test("may never change a boundary policy, a CI role or the OIDC provider", () => {
    const deny = deployStatements().find(
      (statement) => statement.Sid === "NeverTheBoundaryOrTheCiIdentities",
    );
    expect(deny).toMatchObject({ Effect: "Deny", Action: "iam:*" });
    const resources = list(deny?.Resource);
    for (const name of [
      "policy/sensors-dev-permissions-boundary",
      "policy/sensors-prod-permissions-boundary",
      "role/sensors-ci-plan-dev",
      "role/sensors-ci-plan-prod",
      "role/sensors-ci-deploy-dev",
      "role/sensors-ci-deploy-prod",
      "oidc-provider/token.actions.githubusercontent.com",
    ]) {
      expect([name, resources.some((arn) => arn.endsWith(`:${name}`))]).toEqual([name, true]);
    }
  });

  test("names nothing of the other environment in any Allow", () => {
    const foreign = ownNames(otherEnv(env));
    for (const statement of deployStatements().filter(
      (candidate) => candidate.Effect === "Allow",
    )) {
      for (const resource of list(statement.Resource)) {
        expect([resource, foreign.some((name) => resource.includes(name))]).toEqual([
          resource,
          false,
        ]);
      }
    }
  });

  test("grants whole services only on its environment's names, or its tags where ARNs hold random IDs", () => {
    const wholeServices = deployStatements().filter(
      (statement) =>
        statement.Effect === "Allow" &&
        list(statement.Action).some((action) => action.endsWith(":*")),
    );
    expect(wholeServices.length).toBeGreaterThan(5);
    for (const statement of wholeServices) {
      const resources = list(statement.Resource);
      expect(resources).not.toContain("*");
      const named = resources.every((resource) =>
        ownNames(env).some((name) => resource.includes(name)),
      );
      const tagged =
        JSON.stringify(statement.Condition) === JSON.stringify(tags("aws:ResourceTag", env));
      expect([statement.Sid, named || tagged]).toEqual([statement.Sid, true]);
    }
  });

  test('creates keys and Roles Anywhere anchors on "*" only with its environment\'s tags', () => {
    const create = grants("kms:CreateKey");
    expect(create).toHaveLength(1);
    expect(create[0].Condition).toEqual(tags("aws:RequestTag", env));
  });

  test("passes its roles only to Lambda and Roles Anywhere", () => {
    expect(grants("iam:PassRole")[0]).toMatchObject({
      Resource: `arn:aws:iam::${ACCOUNT}:role/sensors-${env}-*`,
      Condition: {
        StringEquals: {
          "iam:PassedToService": [
            "lambda.amazonaws.com",
            "rolesanywhere.amazonaws.com",
            "iot.amazonaws.com",
            "firehose.amazonaws.com",
          ],
        },
      },
    });
  });

  // Service Authorization Reference, list_awsidentityandaccessmanagementrolesanywhere.html:
  // ListTagsForResource has no resource type, so "rolesanywhere:*" on anchor ARNs never matches it
  // and every refresh of the anchor would fail.
  test('reads Roles Anywhere tags on "*", the only resource that call authorizes on', () => {
    expect(grants("rolesanywhere:ListTagsForResource").map((s) => s.Resource)).toEqual(["*"]);
  });

  // list_amazoncloudwatch.html: DescribeAlarms authorizes on the alarm ARN.
  test("reads only its own alarms, not every alarm in the account", () => {
    const onEverything = deployStatements().filter(
      (statement) => statement.Effect === "Allow" && list(statement.Resource).includes("*"),
    );
    for (const statement of onEverything) {
      expect(list(statement.Action).filter((action) => action.startsWith("cloudwatch:"))).toEqual(
        [],
      );
    }
    expect(grants("cloudwatch:*").map((s) => s.Resource)).toEqual([
      `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:sensors-${env}-*`,
    ]);
  });

  // kms developerguide tag-permissions.html: tags on CreateKey need kms:TagResource in an IAM
  // policy not restricted to particular keys, which a ResourceTag condition is.
  test("may tag a key it creates, with its own environment's tags, but never another's key", () => {
    const tagging = grants("kms:TagResource");
    expect(tagging).toHaveLength(1);
    expect(tagging[0].Resource).toBe(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`);
    expect(tagging[0].Condition).toEqual({
      ...tags("aws:RequestTag", env),
      StringEqualsIfExists: tags("aws:ResourceTag", env).StringEquals,
    });
  });

  test("never labels a key or anchor with another environment's tag", () => {
    expect(
      deployStatements().find((statement) => statement.Sid === "NeverTagForAnotherEnvironment"),
    ).toEqual({
      Sid: "NeverTagForAnotherEnvironment",
      Effect: "Deny",
      Action: ["kms:TagResource", "rolesanywhere:TagResource"],
      Resource: "*",
      Condition: {
        Null: { "aws:RequestTag/Environment": "false" },
        StringNotEquals: { "aws:RequestTag/Environment": env },
      },
    });
  });

  // list_identityandaccessmanagement.html lists iam:PermissionsBoundary on both actions: a
  // prefixed role without the boundary must not be re-trusted or changed.
  test("changes a role's trust or settings only when the role carries the boundary", () => {
    const unbounded = deployStatements().find(
      (statement) => statement.Sid === "NeverARoleWithoutTheBoundary",
    );
    for (const action of ["iam:UpdateAssumeRolePolicy", "iam:UpdateRole"]) {
      expect(grants(action).map((s) => [action, s.Condition?.StringEquals])).toEqual([
        [action, { "iam:PermissionsBoundary": boundaryArn }],
      ]);
      expect([action, list(unbounded?.Action).includes(action)]).toEqual([action, true]);
    }
  });

  test("manages the MQTT path's delivery streams, secrets, IoT policies and rules by its names only", () => {
    const region = `eu-west-1:${ACCOUNT}`;
    expect(grants("firehose:*").map((s) => s.Resource)).toEqual([
      [
        `arn:aws:firehose:${region}:deliverystream/sensors-${env}-*`,
        `arn:aws:logs:${region}:log-group:/aws/kinesisfirehose/sensors-${env}-*`,
      ],
    ]);
    expect(grants("secretsmanager:*").map((s) => s.Resource)).toEqual([
      `arn:aws:secretsmanager:${region}:secret:sensors-${env}-*`,
    ]);
    expect(grants("iot:*").map((s) => s.Resource)).toEqual([
      [
        `arn:aws:iot:${region}:policy/sensors-${env}-*`,
        `arn:aws:iot:${region}:rule/sensors_${env}_*`,
      ],
    ]);
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
  });
});

describe("the permissions boundaries", () => {
  test("one boundary policy per environment, naming only that environment's resources and no IAM", () => {
    const policies = Object.values(resourcesOfType(synthBootstrap(), "aws_iam_policy"));
    expect(policies.map((policy) => policy.name)).toEqual([
      "sensors-dev-permissions-boundary",
      "sensors-prod-permissions-boundary",
    ]);
    for (const policy of policies) {
      const env = /sensors-(dev|prod)-/.exec(policy.name as string)?.[1] as "dev" | "prod";
      const document = JSON.parse(policy.policy as string) as PolicyDocumentJson;
      for (const statement of document.Statement) {
        expect(statement.Effect).toBe("Allow");
        for (const action of list(statement.Action)) expect(action).not.toMatch(/^(iam|sts):/);
        for (const resource of list(statement.Resource)) {
          const named = ownNames(env).some((name) => resource.includes(name));
          const tagged =
            resource.endsWith(":key/*") &&
            JSON.stringify(statement.Condition) === JSON.stringify(tags("aws:ResourceTag", env));
          expect([resource, named || tagged]).toEqual([resource, true]);
        }
      }
    }
  });
});

describe("guardrails on the bootstrap stack", () => {
  test("no ERROR finding is left unsuppressed, and the delivery rules hold without suppression", () => {
    const outcomes = evaluateStack(bootstrapStack(), ALL_GUARDRAILS, new Date()).outcomes;
    const errors = outcomes.filter(
      (outcome) => outcome.result.compliance === "NON_COMPLIANT" && outcome.rule.level === "ERROR",
    );
    expect(
      errors
        .filter((outcome) => outcome.suppression === undefined)
        .map((outcome) => `${outcome.rule.id} ${outcome.resource.path}`),
    ).toEqual([]);
    for (const id of [
      "IAM.SingleEnvironmentTrust",
      "IAM.PermissionsBoundaryOnIamWrite",
      "IAM.NoServiceWildcardOnAnyResource",
    ]) {
      const verdicts = outcomes.filter((outcome) => outcome.rule.id === id);
      expect([id, verdicts.some((outcome) => outcome.result.compliance === "COMPLIANT")]).toEqual([
        id,
        true,
      ]);
      expect(verdicts.filter((outcome) => outcome.suppression !== undefined)).toEqual([]);
      expect(verdicts.filter((outcome) => outcome.result.compliance === "NON_COMPLIANT")).toEqual(
        [],
      );
    }
  });
});

describe("the delivery guardrails on a broken bootstrap stack (mutations)", () => {
  const verdictsOf = (stack: ReturnType<typeof bootstrapStack>, ruleId: string) =>
    evaluateStack(stack, ALL_GUARDRAILS, new Date())
      .outcomes.filter((outcome) => outcome.rule.id === ruleId)
      .filter((outcome) => outcome.result.compliance === "NON_COMPLIANT")
      .map((outcome) => outcome.resource.path);

  test("a deploy role trusted by dev and prod, as before, fails IAM.SingleEnvironmentTrust", () => {
    const config = bootstrapConfig();
    const stack = bootstrapStack(config);
    const [dev] = stack.environments;
    const trust = deployRoleTrustPolicy(
      config,
      config.environments[0],
      "arn:aws:iam::1:oidc-provider/x",
    );
    const statement = trust.Statement[0];
    dev.deployRole.assumeRolePolicy = JSON.stringify({
      ...trust,
      Statement: [
        {
          ...statement,
          Condition: {
            StringEquals: {
              ...statement.Condition?.StringEquals,
              [`${PROVIDER}:sub`]: [
                "repo:example-org/sensor-pipeline:environment:dev",
                "repo:example-org/sensor-pipeline:environment:prod",
              ],
            },
          },
        },
      ],
    });
    expect(verdictsOf(stack, "IAM.SingleEnvironmentTrust")).toEqual([
      "sensors-bootstrap/DevDeployRole",
    ]);
  });

  test("an iam:CreateRole without the boundary condition fails IAM.PermissionsBoundaryOnIamWrite", () => {
    const config = bootstrapConfig();
    const stack = bootstrapStack(config);
    const permissions = stack.node.findChild("DevDeployRolePermissions") as IamRolePolicy;
    const policy = deployRolePolicy(config, config.environments[0], "123456789012");
    permissions.policy = JSON.stringify({
      ...policy,
      Statement: policy.Statement.map((statement) =>
        statement.Sid === "RoleWritesOnlyWithTheBoundary"
          ? { ...statement, Condition: undefined }
          : statement,
      ),
    });
    expect(verdictsOf(stack, "IAM.PermissionsBoundaryOnIamWrite")).toEqual([
      "sensors-bootstrap/DevDeployRolePermissions",
    ]);
  });

  test("lambda:* on every resource, as before, fails IAM.NoServiceWildcardOnAnyResource", () => {
    const config = bootstrapConfig();
    const stack = bootstrapStack(config);
    const permissions = stack.node.findChild("ProdDeployRolePermissions") as IamRolePolicy;
    const policy = deployRolePolicy(config, config.environments[1], "123456789012");
    permissions.policy = JSON.stringify({
      ...policy,
      Statement: policy.Statement.map((statement) =>
        statement.Sid === "EnvironmentFunctions" ? { ...statement, Resource: "*" } : statement,
      ),
    });
    expect(verdictsOf(stack, "IAM.NoServiceWildcardOnAnyResource")).toEqual([
      "sensors-bootstrap/ProdDeployRolePermissions",
    ]);
  });
});
