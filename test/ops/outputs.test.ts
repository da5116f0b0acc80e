import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import {
  OUTPUT_NAMES,
  declareDeploymentOutputs,
  parseDeploymentOutputs,
  readDeploymentOutputs,
} from "../../stacks/outputs";
import { synthesize } from "../helpers/synth";
import { sampleOutputs } from "../helpers/sample-outputs";

/** What `cdktf output --outputs-file` writes for outputs declared at the stack's top level. */
function outputsFileFor(stackName: string, values: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), "outputs-")), "outputs.json");
  writeFileSync(file, JSON.stringify({ [stackName]: values }));
  return file;
}

describe("deployment outputs", () => {
  test("every output is declared on the stack under its contract name with its value", () => {
    const stack = new TerraformStack(Testing.app(), "sensors-dev");
    const values = sampleOutputs("example-sensors-dev-landing");
    declareDeploymentOutputs(stack, values);
    const synthesized = synthesize(stack);
    const declared = Object.fromEntries(
      Object.entries(synthesized.output ?? {}).map(([name, output]) => [name, output.value]),
    );
    expect(declared).toEqual(
      Object.fromEntries(
        Object.entries(OUTPUT_NAMES).map(([key, name]) => [
          name,
          values[key as keyof typeof values],
        ]),
      ),
    );
  });

  test("the reader returns the values of the named stack from an outputs file", () => {
    const values = sampleOutputs("example-sensors-dev-landing");
    const byName = Object.fromEntries(
      Object.entries(OUTPUT_NAMES).map(([key, name]) => [name, values[key as keyof typeof values]]),
    );
    const file = outputsFileFor("sensors-dev", byName);
    expect(readDeploymentOutputs(file, "sensors-dev")).toEqual(values);
  });

  test("a missing stack is reported with the stacks the file does have", () => {
    const file = outputsFileFor("sensors-prod", {});
    expect(() => readDeploymentOutputs(file, "sensors-dev")).toThrow(
      /no outputs for stack "sensors-dev" \(found: sensors-prod\)/,
    );
  });

  test("a missing file says how to write it", () => {
    expect(() => readDeploymentOutputs("/nonexistent/outputs.json", "sensors-dev")).toThrow(
      /cdktf output sensors-dev --outputs-file/,
    );
  });

  test("every missing or malformed output is named at once", () => {
    const document = {
      "sensors-dev": {
        [OUTPUT_NAMES.landingBucketName]: "Not_A_Bucket",
        [OUTPUT_NAMES.pipeName]: "READINGS_PIPE",
      },
    };
    let message = "";
    try {
      parseDeploymentOutputs(document, "sensors-dev", "outputs.json");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('landing_bucket_name = "Not_A_Bucket" must be a bucket name');
    expect(message).toContain(
      'snowflake_pipe_fqn = "READINGS_PIPE" must be a fully qualified name',
    );
    expect(message).toContain("output ingest_topic_arn is missing");
  });

  test("a normalizer environment that is not JSON text of strings is refused", () => {
    const values = { ...sampleOutputs("example-sensors-dev-landing") };
    const byName: Record<string, unknown> = Object.fromEntries(
      Object.entries(OUTPUT_NAMES).map(([key, name]) => [name, values[key as keyof typeof values]]),
    );
    byName[OUTPUT_NAMES.normalizerEnvironmentJson] = '{"MAX_LINE_BYTES":65536}';
    expect(() => parseDeploymentOutputs({ "sensors-dev": byName }, "sensors-dev", "f")).toThrow(
      /normalizer_environment_json = .* must be JSON text of an object of strings/,
    );
  });

  test("quoted fully qualified names, as the provider reports them, are accepted", () => {
    const values = {
      ...sampleOutputs("example-sensors-dev-landing"),
      pipeName: '"SENSORS_DEV"."LANDING"."READINGS_PIPE"',
    };
    const byName = Object.fromEntries(
      Object.entries(OUTPUT_NAMES).map(([key, name]) => [name, values[key as keyof typeof values]]),
    );
    expect(parseDeploymentOutputs({ "sensors-dev": byName }, "sensors-dev", "f").pipeName).toBe(
      '"SENSORS_DEV"."LANDING"."READINGS_PIPE"',
    );
  });
});
