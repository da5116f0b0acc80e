import { ConfigError, loadEnvironments } from "../../stacks/load-environments";
import { ENVIRONMENTS } from "../../stacks/environments";
import type { EnvironmentConfigInput } from "../../stacks/config";
import { environment, onlyResource, pipelineStack, synthesize } from "../helpers/synth";

/** The three resources whose loss loses data or the Snowpipe subscription. */
function dataHolders(allowDestroyingData: boolean) {
  const config = environment("dev", (input) => ({ ...input, allowDestroyingData }));
  const synthesized = synthesize(pipelineStack(config));
  return {
    bucket: onlyResource(synthesized, "aws_s3_bucket"),
    topic: Object.values(synthesized.resource?.aws_sns_topic ?? {}).find((topic) =>
      String(topic.name).endsWith("-normalized-objects"),
    ),
    database: onlyResource(synthesized, "snowflake_database"),
  };
}

describe("tearing an environment down", () => {
  test("by default the bucket, the ingest topic and the database refuse destroy and replacement", () => {
    const { bucket, topic, database } = dataHolders(false);
    for (const resource of [bucket, topic, database])
      expect(resource?.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBeUndefined();
  });

  test("allowDestroyingData lets destroy delete the bucket with its versions, the topic and the database", () => {
    const { bucket, topic, database } = dataHolders(true);
    expect(bucket.force_destroy).toBe(true);
    for (const resource of [bucket, topic, database]) expect(resource?.lifecycle).toBeUndefined();
  });

  test("the example's prod keeps its data protected while dev opts in", () => {
    const [dev, prod] = loadEnvironments(ENVIRONMENTS);
    expect(dev.allowDestroyingData).toBe(true);
    expect(prod.allowDestroyingData).toBe(false);
    expect(onlyResource(synthesize(pipelineStack(prod)), "snowflake_database").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  test("a production environment cannot opt in, and the error names the setting", () => {
    const prod = { ...structuredClone(ENVIRONMENTS.prod), allowDestroyingData: true };
    expect(() => loadEnvironments({ prod: prod as EnvironmentConfigInput }, "")).toThrow(
      ConfigError,
    );
    expect(() => loadEnvironments({ prod: prod as EnvironmentConfigInput }, "")).toThrow(
      /prod\.allowDestroyingData = true is invalid; it must be false in a production environment/,
    );
  });
});
