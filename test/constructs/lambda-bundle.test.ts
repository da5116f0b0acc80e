import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildLambdaBundle, bundleLambda } from "../../constructs/lambda-bundle";
import { NORMALIZER_ENTRY } from "../../constructs/normalizer-function";
import { environment, onlyResource, pipelineStack, synthesize } from "../helpers/synth";

describe("the normalizer bundle", () => {
  test("is byte-identical when built twice", () => {
    const first = buildLambdaBundle(NORMALIZER_ENTRY);
    const second = buildLambdaBundle(NORMALIZER_ENTRY);
    expect(Buffer.compare(first, second)).toBe(0);
  });

  test("holds no absolute path of the machine that built it", () => {
    const text = buildLambdaBundle(NORMALIZER_ENTRY).toString("utf8");
    expect(text).not.toContain(resolve(__dirname, "../.."));
    expect(text).not.toMatch(/sourceMappingURL/);
  });

  test("is one CommonJS file that exports the handler", async () => {
    const folder = bundleLambda(NORMALIZER_ENTRY, "normalizer");
    expect(readdirSync(folder)).toEqual(["index.js"]);
    const loaded = (await import(join(folder, "index.js"))) as { handler?: unknown };
    expect(typeof loaded.handler).toBe("function");
  });

  test("is built once per process: two stacks share one bundle folder and source code hash", () => {
    const hash = () =>
      onlyResource(synthesize(pipelineStack(environment("prod"))), "aws_lambda_function")
        .source_code_hash;
    expect(hash()).toBe(hash());
    expect(bundleLambda(NORMALIZER_ENTRY, "normalizer")).toBe(
      bundleLambda(NORMALIZER_ENTRY, "normalizer"),
    );
  });

  test("is written where the asset reads it", () => {
    const folder = bundleLambda(NORMALIZER_ENTRY, "normalizer");
    expect(readFileSync(join(folder, "index.js")).equals(buildLambdaBundle(NORMALIZER_ENTRY))).toBe(
      true,
    );
  });
});
