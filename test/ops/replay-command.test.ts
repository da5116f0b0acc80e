import { buildProgram } from "../../cli/sensorctl";
import { sensorctl } from "../helpers/run-sensorctl";

describe("sensorctl replay (command line)", () => {
  test("is listed in sensorctl's commands", () => {
    expect(buildProgram().commands.map((command) => command.name())).toContain("replay");
  });

  test("without --prefix it stops with commander's missing-option error", async () => {
    const { stderr } = await sensorctl("replay", "--stack", "sensors-dev");
    expect(stderr).toMatch(/required option '--prefix <prefix>' not specified/);
  });

  test("a --since without a time zone is refused with an example", async () => {
    const { stderr } = await sensorctl(
      "replay",
      "--stack",
      "sensors-dev",
      "--prefix",
      "raw/gw-1/",
      "--since",
      "2026-11-20T08:00:00",
    );
    expect(stderr).toMatch(/--since "2026-11-20T08:00:00" must be a date .* with a zone/);
  });

  test("a generation that cannot go into a key is refused", async () => {
    const { stderr } = await sensorctl(
      "replay",
      "--stack",
      "sensors-dev",
      "--prefix",
      "raw/",
      "--generation",
      "../x",
    );
    expect(stderr).toMatch(/--generation "..\/x" must be 1-64 letters/);
  });

  test("a missing outputs file is reported with the command that writes it", async () => {
    const { error } = await sensorctl(
      "replay",
      "--stack",
      "sensors-dev",
      "--prefix",
      "raw/",
      "--dry-run",
      "--outputs",
      "/nonexistent/outputs.json",
    );
    expect(error?.message).toMatch(/npx cdktf output sensors-dev --outputs-file/);
  });
});
