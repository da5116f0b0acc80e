import { Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp } from "../main";

describe("the app", () => {
  test("synthesizes one stack per environment, sensors-dev and sensors-prod", () => {
    const app = buildApp(Testing.app());
    app.synth();
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    expect(Object.keys(manifest.stacks).sort()).toEqual(["sensors-dev", "sensors-prod"]);
    for (const stack of Object.values(manifest.stacks)) {
      const json = JSON.parse(readFileSync(join(app.outdir, stack.synthesizedStackPath), "utf8"));
      expect(json.provider.snowflake.length).toBeGreaterThan(0);
      expect(json.provider.aws.length).toBe(1);
    }
  });
});
