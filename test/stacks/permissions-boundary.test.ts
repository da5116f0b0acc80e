import { actionMatches } from "../../guardrails/policy-document";
import { resolveBootstrapConfig } from "../../stacks/bootstrap-config";
import { permissionsBoundaryPolicy } from "../../stacks/bootstrap-policies";
import { BOOTSTRAP_SETTINGS } from "../../stacks/bootstrap-settings";
import type { EnvironmentConfig } from "../../stacks/config";
import {
  type SynthesizedStack,
  environment,
  pipelineStack,
  resourcesOfType,
  synthesize,
} from "../helpers/synth";

/** A structurally valid PEM; Terraform never parses it at synth. */
const TEST_CA_PEM =
  "-----BEGIN CERTIFICATE-----\nTUlJQkV4YW1wbGVDQQ==\n-----END CERTIFICATE-----\n";

/** Each environment with every optional role switched on (the gateways' Roles Anywhere role). */
const configs = (): EnvironmentConfig[] =>
  (["dev", "prod"] as const).map((name) =>
    environment(name, (input) => ({
      ...input,
      gateways: { trustAnchorCertificatePem: TEST_CA_PEM },
    })),
  );

interface Statement {
  readonly actions: string[];
}

/** Every identity-policy statement a role of the stack can hold, from JSON or policy documents. */
function roleStatements(synthesized: SynthesizedStack): Statement[] {
  const dataDocuments = synthesized.data?.aws_iam_policy_document ?? {};
  const read = (policy: unknown): Statement[] => {
    const text = String(policy);
    const reference = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(text);
    if (reference) {
      const statements = dataDocuments[reference[1]].statement as Array<{ actions: string[] }>;
      return statements.map((statement) => ({ actions: statement.actions }));
    }
    const document = JSON.parse(text) as { Statement: Array<{ Action: string | string[] }> };
    return document.Statement.map((statement) => ({
      actions: typeof statement.Action === "string" ? [statement.Action] : statement.Action,
    }));
  };
  return [
    ...Object.values(resourcesOfType(synthesized, "aws_iam_role_policy")),
    ...Object.values(resourcesOfType(synthesized, "aws_iam_policy")),
  ].flatMap((policy) => read(policy.policy));
}

describe.each(configs().map((config) => [config.name, config] as const))(
  "the %s stack's roles",
  (name, config) => {
    const synthesized = () => synthesize(pipelineStack(config));

    test("every role carries the environment's permissions boundary", () => {
      const roles = Object.values(resourcesOfType(synthesized(), "aws_iam_role"));
      expect(roles.length).toBeGreaterThanOrEqual(4);
      for (const role of roles) {
        expect([role.name, role.permissions_boundary]).toEqual([
          role.name,
          expect.stringMatching(
            new RegExp(
              `^arn:\\$\\{.+\\}:iam::\\$\\{.+\\}:policy/sensors-${name}-permissions-boundary$`,
            ),
          ),
        ]);
      }
    });

    test("every IAM role and policy is named with the environment's prefix, which its deploy role manages", () => {
      const named = [
        ...Object.values(resourcesOfType(synthesized(), "aws_iam_role")),
        ...Object.values(resourcesOfType(synthesized(), "aws_iam_policy")),
      ];
      for (const resource of named) expect(resource.name).toMatch(new RegExp(`^sensors-${name}-`));
    });

    test("the boundary allows every action the stack grants its roles (else it would fail at run time)", () => {
      const bootstrap = resolveBootstrapConfig(BOOTSTRAP_SETTINGS, [config]);
      const boundaryActions = permissionsBoundaryPolicy(
        bootstrap,
        bootstrap.environments[0],
        "123456789012",
      ).Statement.flatMap((statement) =>
        typeof statement.Action === "string" ? [statement.Action] : [...(statement.Action ?? [])],
      );
      const granted = roleStatements(synthesized()).flatMap((statement) => statement.actions);
      expect(granted.length).toBeGreaterThan(10);
      const uncovered = granted.filter(
        (action) => !boundaryActions.some((allowed) => actionMatches(allowed, action)),
      );
      expect(uncovered).toEqual([]);
    });
  },
);
