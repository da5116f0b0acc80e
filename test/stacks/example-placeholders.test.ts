import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnnotationMetadataEntryType, TerraformStack, Testing } from "cdktf";
import { ExamplePlaceholderGuard } from "../../constructs/example-placeholder-guard";
import { environment, pipelineStack, synthesize } from "../helpers/synth";
import { bootstrapConfig, synthBootstrap } from "../helpers/bootstrap";

/** An environment with every example value replaced by a real-looking one. */
const ownDev = () =>
  environment("dev", (input) => ({
    ...input,
    state: { bucket: "acme-sensors-tfstate" },
    landingBucket: { ...input.landingBucket, name: "acme-sensors-dev-landing" },
    snowflake: { ...input.snowflake, organizationName: "ACME" },
  }));

const guards = (synthesized: ReturnType<typeof synthesize>) =>
  Object.values(synthesized.resource?.terraform_data ?? {});

describe("the example's placeholders stop deploy, not synth", () => {
  test("the example dev stack carries a plan-time precondition listing each placeholder", () => {
    const stack = pipelineStack(environment("dev"));
    const synthesized = synthesize(stack);
    expect(guards(synthesized)).toHaveLength(1);
    const precondition = (guards(synthesized)[0].lifecycle as { precondition: unknown[] })
      .precondition[0] as { condition: string; error_message: string };
    expect(precondition.error_message).toContain(
      'stacks/environments.ts still holds the example\'s placeholder values: dev.snowflake.organizationName = "EXAMPLEORG", dev.state.bucket = "example-sensors-tfstate", dev.landingBucket.name = "example-sensors-dev-landing"',
    );
    const locals = (synthesized as { locals?: Record<string, unknown> }).locals ?? {};
    expect(Object.values(locals)).toContainEqual([
      'dev.snowflake.organizationName = "EXAMPLEORG"',
      'dev.state.bucket = "example-sensors-tfstate"',
      'dev.landingBucket.name = "example-sensors-dev-landing"',
    ]);
    expect(
      stack.node.metadata
        .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
        .map((entry) => String(entry.data)),
    ).toEqual([expect.stringMatching(/Synth works; deploy stops at the plan\.$/)]);
  });

  test("prod's example alert address counts as a placeholder", () => {
    const [guard] = guards(synthesize(pipelineStack(environment("prod"))));
    expect(JSON.stringify(guard)).toContain(
      'prod.alerts.emailAddresses.0 = \\"data-platform-oncall@example.com\\"',
    );
  });

  test("an environment with its own values gets no guard", () => {
    expect(guards(synthesize(pipelineStack(ownDev())))).toEqual([]);
  });

  test("the bootstrap stack stops on the example GitHub owner, whose repository its roles would trust", () => {
    const [guard] = guards(synthBootstrap());
    expect(JSON.stringify(guard)).toContain('github.owner = \\"example-org\\"');
    const own = bootstrapConfig((settings) => ({
      ...settings,
      github: { ...settings.github, owner: "acme" },
    }));
    expect(JSON.stringify(guards(synthBootstrap(own)))).not.toContain("github.owner");
  });
});

/** Terraform itself, when installed: validate passes (synth stays usable), plan fails with the message. */
const terraform = spawnSync("terraform", ["version"]).status === 0 ? test : test.skip;

describe("Terraform honours the guard", () => {
  const runIn = (dir: string, ...args: string[]) =>
    spawnSync("terraform", [...args, "-no-color"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: "", CHECKPOINT_DISABLE: "1" },
    });

  terraform(
    "validate accepts the guard and plan stops with its message, creating nothing",
    () => {
      const stack = new TerraformStack(Testing.app(), "guarded");
      new ExamplePlaceholderGuard(stack, "ExamplePlaceholders", {
        placeholders: ['dev.snowflake.organizationName = "EXAMPLEORG"'],
        file: "stacks/environments.ts",
      });
      const dir = mkdtempSync(join(tmpdir(), "placeholder-guard-"));
      writeFileSync(join(dir, "main.tf.json"), Testing.synth(stack));
      expect(runIn(dir, "init", "-input=false").status).toBe(0);
      expect(runIn(dir, "validate").status).toBe(0);
      const plan = runIn(dir, "plan", "-input=false");
      expect(plan.status).toBe(1);
      expect(plan.stderr).toContain("Resource precondition failed");
      expect(plan.stdout).not.toContain("Apply complete");
      expect(plan.stderr.replace(/\s+/g, " ")).toContain(
        'stacks/environments.ts still holds the example\'s placeholder values: dev.snowflake.organizationName = "EXAMPLEORG".',
      );
    },
    60_000,
  );
});
