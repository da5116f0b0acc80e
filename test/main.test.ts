import { Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp } from "../main";

describe("the app", () => {
  test("synthesizes one stack per environment, sensors-dev and sensors-prod, plus sensors-bootstrap", () => {
    const app = buildApp(Testing.app());
    app.synth();
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      "sensors-bootstrap",
      "sensors-dev",
      "sensors-prod",
    ]);
    const environmentStacks = ["sensors-dev", "sensors-prod"].map((name) => manifest.stacks[name]);
    for (const stack of environmentStacks) {
      const json = JSON.parse(readFileSync(join(app.outdir, stack.synthesizedStackPath), "utf8"));
      expect(json.provider.snowflake.length).toBeGreaterThan(0);
      expect(json.provider.aws.length).toBe(1);
    }
  });

  test("a successful synth of the example writes nothing to standard error", () => {
    // The cdktf CLI shows every line the app writes there as an [ERROR].
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    try {
      buildApp(Testing.app()).synth();
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual([]);
  });
});
