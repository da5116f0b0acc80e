import { Testing, type TerraformStack } from "cdktf";
import type { EnvironmentConfig, EnvironmentConfigInput } from "../../stacks/config";
import { ENVIRONMENTS } from "../../stacks/environments";
import { environmentNames } from "../../stacks/names";
import { loadEnvironments } from "../../stacks/load-environments";
import { SensorPipelineStack } from "../../stacks/sensor-pipeline-stack";

/** Synthesized Terraform JSON of one stack, parsed. */
export interface SynthesizedStack {
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
}

/** A validated environment from the checked-in configuration, optionally changed for a test. */
export function environment(
  name: keyof typeof ENVIRONMENTS,
  change: (input: EnvironmentConfigInput) => EnvironmentConfigInput = (input) => input,
): EnvironmentConfig {
  const input = change(structuredClone(ENVIRONMENTS[name]) as EnvironmentConfigInput);
  return loadEnvironments({ [name]: input }, "")[0];
}

/** Builds the environment stack in a fresh test app (aspects run, as at real synth). */
export function pipelineStack(config: EnvironmentConfig = environment("dev")): SensorPipelineStack {
  return new SensorPipelineStack(Testing.app(), environmentNames(config).stack, { config });
}

/** Synthesizes a stack and parses the JSON. */
export function synthesize(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/** All resources of one Terraform type in a synthesized stack, by logical id. */
export function resourcesOfType(
  synthesized: SynthesizedStack,
  type: string,
): Record<string, Record<string, unknown>> {
  return synthesized.resource?.[type] ?? {};
}

/** The only resource of a type; fails the test when there is not exactly one. */
export function onlyResource(synthesized: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOfType(synthesized, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}
