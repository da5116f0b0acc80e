import type { PolicyDocumentJson, PolicyStatementJson } from "../../constructs/policy-document";
import { actionMatches } from "../../guardrails/policy-document";
import { resolveBootstrapConfig } from "../../stacks/bootstrap-config";
import { IOT_THING_ACTIONS, deployRolePolicy } from "../../stacks/bootstrap-policies";
import { BOOTSTRAP_SETTINGS } from "../../stacks/bootstrap-settings";
import type { EnvironmentConfig } from "../../stacks/config";
import { ConfigError } from "../../stacks/load-environments";
import { environment } from "../helpers/synth";
import { list, permissionsOf, synthBootstrap } from "../helpers/bootstrap";

const ACCOUNT = "${data.aws_caller_identity.Account.account_id}";
const thingArn = (gatewayId: string) => `arn:aws:iot:eu-west-1:${ACCOUNT}:thing/${gatewayId}`;

/** An environment with its `streaming` settings replaced. */
const withStreaming = (
  name: "dev" | "prod",
  streaming: { enabled: boolean; gatewayIds: string[] },
): EnvironmentConfig =>
  environment(name, (input) => ({ ...input, streaming: { ...input.streaming, ...streaming } }));

const configOf = (environments: EnvironmentConfig[]) =>
  resolveBootstrapConfig(structuredClone(BOOTSTRAP_SETTINGS), environments);

/** Dev registers the checked-in gw-0042; prod, with streaming switched on, its own gw-9000. */
const bothStreaming = () =>
  configOf([
    environment("dev"),
    withStreaming("prod", { enabled: true, gatewayIds: ["gw-9000", "gw-9001"] }),
  ]);

/** Whether an action pattern (`iot:*`, `iot:*Thing`) covers one of the stack's thing calls. */
const coversThingAction = (pattern: string) =>
  IOT_THING_ACTIONS.some((action) => actionMatches(pattern, action));

/**
 * Every resource on which an Allow grants a thing action, that is not one of the environment's
 * exact thing ARNs: a wildcard (`thing/*`, `thing/gw-*`) or another environment's thing.
 */
function thingGrantProblems(
  statements: readonly PolicyStatementJson[],
  ownThingArns: readonly string[],
): string[] {
  return statements
    .filter((statement) => statement.Effect === "Allow")
    .filter((statement) => list(statement.Action).some(coversThingAction))
    .flatMap((statement) =>
      list(statement.Resource)
        .filter((resource) => resource === "*" || resource.includes(":thing/"))
        .filter((resource) => /[*?]/.test(resource) || !ownThingArns.includes(resource))
        .map((resource) => `${statement.Sid} grants a thing action on ${resource}`),
    );
}

const thingGrants = (statements: readonly PolicyStatementJson[]) =>
  statements.filter(
    (statement) =>
      statement.Effect === "Allow" &&
      list(statement.Resource).some((resource) => resource.includes(":thing/")),
  );

describe("the CI roles and the environments' IoT things", () => {
  test("dev's deploy role creates, reads, updates and deletes exactly dev's things, not prod's", () => {
    const synthesized = synthBootstrap(bothStreaming());
    const dev = permissionsOf(synthesized, "sensors-ci-deploy-dev").statements;
    expect(thingGrants(dev)).toEqual([
      {
        Sid: "EnvironmentIotThings",
        Effect: "Allow",
        Action: ["iot:CreateThing", "iot:DescribeThing", "iot:UpdateThing", "iot:DeleteThing"],
        Resource: [thingArn("gw-0042")],
      },
    ]);
    expect(thingGrantProblems(dev, [thingArn("gw-0042")])).toEqual([]);
    expect(JSON.stringify(dev)).not.toContain("gw-9000");
  });

  test("prod's deploy role acts on prod's things only", () => {
    const prod = permissionsOf(
      synthBootstrap(bothStreaming()),
      "sensors-ci-deploy-prod",
    ).statements;
    expect(thingGrants(prod).map((statement) => statement.Resource)).toEqual([
      [thingArn("gw-9000"), thingArn("gw-9001")],
    ]);
    expect(thingGrantProblems(prod, [thingArn("gw-9000"), thingArn("gw-9001")])).toEqual([]);
    expect(JSON.stringify(prod)).not.toContain("gw-0042");
  });

  test("each plan role may only describe its own environment's things", () => {
    const synthesized = synthBootstrap(bothStreaming());
    for (const [env, ids] of [
      ["dev", ["gw-0042"]],
      ["prod", ["gw-9000", "gw-9001"]],
    ] as const) {
      const plan = permissionsOf(synthesized, `sensors-ci-plan-${env}`).statements;
      expect(thingGrants(plan)).toEqual([
        {
          Sid: "ReadEnvironmentIotThings",
          Effect: "Allow",
          Action: ["iot:DescribeThing"],
          Resource: ids.map(thingArn),
        },
      ]);
      expect(thingGrantProblems(plan, ids.map(thingArn))).toEqual([]);
    }
  });

  test("no thing statement when streaming is off, or on with no gateway", () => {
    const synthesized = synthBootstrap(
      configOf([
        withStreaming("dev", { enabled: true, gatewayIds: [] }),
        withStreaming("prod", { enabled: false, gatewayIds: ["gw-9000"] }),
      ]),
    );
    for (const role of ["deploy", "plan"]) {
      for (const env of ["dev", "prod"]) {
        const statements = permissionsOf(synthesized, `sensors-ci-${role}-${env}`).statements;
        expect([role, env, thingGrants(statements)]).toEqual([role, env, []]);
        expect(JSON.stringify(statements)).not.toContain(":thing/");
      }
    }
  });

  // Mutation test of the check the tests above rely on: a wildcard thing ARN, or another
  // environment's thing, in the deploy role's policy is reported.
  test.each([
    ["thing/*", (arn: string) => arn.replace(/thing\/.*$/, "thing/*")],
    ["thing/gw-*", (arn: string) => arn.replace(/thing\/.*$/, "thing/gw-*")],
    ["prod's thing", () => thingArn("gw-9000")],
  ])("the thing check catches a grant on %s", (_, mutate) => {
    const config = bothStreaming();
    const dev = config.environments.find((env) => env.name === "dev");
    if (!dev) throw new Error("no dev environment");
    const policy: PolicyDocumentJson = deployRolePolicy(config, dev, ACCOUNT);
    const mutated = policy.Statement.map((statement) =>
      statement.Sid === "EnvironmentIotThings"
        ? { ...statement, Resource: list(statement.Resource).map(mutate) }
        : statement,
    );
    expect(thingGrantProblems(policy.Statement, [thingArn("gw-0042")])).toEqual([]);
    expect(thingGrantProblems(mutated, [thingArn("gw-0042")])).toHaveLength(1);
  });

  test("refuses one gateway id in two environments of the same region", () => {
    const shared = () =>
      configOf([
        environment("dev"),
        withStreaming("prod", { enabled: true, gatewayIds: ["gw-0042"] }),
      ]);
    expect(shared).toThrow(ConfigError);
    expect(shared).toThrow(/gateway id "gw-0042" is in streaming\.gatewayIds of both dev and prod/);
  });
});
