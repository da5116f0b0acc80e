import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type TerraformStack, Testing } from "cdktf";
import type { EnvironmentConfig } from "../../stacks/config";
import { type SynthesizedStack, environment, pipelineStack } from "./synth";

/**
 * The environment stack, with the transformation and freshness alert wired to the ingestion side's
 * LANDING.READINGS_RAW and SNS notification integration. Dev without the MQTT path by default, so
 * counts of tables, streams and tasks are the file path's (test/constructs/streaming-ingestion.test.ts
 * covers the other).
 */
export function stackWithTransformation(
  config: EnvironmentConfig = environment("dev", (input) => ({
    ...input,
    streaming: { enabled: false },
  })),
) {
  const stack = pipelineStack(config);
  return {
    stack,
    landingTable: stack.snowflakeIngestion.landingTable,
    errorIntegration: stack.snowflakeIngestion.errorIntegration,
    transformation: stack.snowflakeTransformation,
    freshnessAlert: stack.snowflakeFreshnessAlert,
  };
}

/**
 * Synthesizes through the full app pipeline and parses the stack's JSON: unlike `Testing.synth`,
 * this resolves `depends_on`.
 */
export function fullySynthesize(stack: TerraformStack): SynthesizedStack {
  const out = Testing.fullSynth(stack);
  return JSON.parse(
    readFileSync(join(out, "stacks", stack.node.id, "cdk.tf.json"), "utf8"),
  ) as SynthesizedStack;
}
