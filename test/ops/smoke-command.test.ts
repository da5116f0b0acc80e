import { buildProgram } from "../../cli/sensorctl";
import { sensorctl } from "../helpers/run-sensorctl";

describe("sensorctl smoke (command line)", () => {
  test("is listed in sensorctl's commands", () => {
    expect(buildProgram().commands.map((command) => command.name())).toContain("smoke");
  });

  test("without --stack it stops with commander's missing-option error", async () => {
    const { stderr } = await sensorctl("smoke");
    expect(stderr).toMatch(/required option '--stack <name>' not specified/);
  });

  test("a missing outputs file is reported with the command that writes it, before any connection", async () => {
    const { error } = await sensorctl(
      "smoke",
      "--stack",
      "sensors-dev",
      "--outputs",
      "/nonexistent/outputs.json",
    );
    expect(error?.message).toMatch(
      /\/nonexistent\/outputs.json: cannot read the outputs file[\s\S]*npx cdktf output sensors-dev --outputs-file/,
    );
  });

  test("a non-positive timeout is refused", async () => {
    const { stderr } = await sensorctl("smoke", "--stack", "sensors-dev", "--timeout", "0");
    expect(stderr).toMatch(/must be a positive number of seconds/);
  });

  test("a gateway id that is not one key segment is refused before anything runs", async () => {
    const { stderr } = await sensorctl("smoke", "--stack", "sensors-dev", "--gateway", "a/b");
    expect(stderr).toMatch(/--gateway "a\/b" must be letters, digits/);
  });
});
