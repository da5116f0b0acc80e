import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../cli/sensorctl";
import { planCommentMarker } from "../../cli/plan/render-plan-comment";

const run = (args: string[]) =>
  buildProgram()
    .exitOverride()
    .parseAsync(["node", "sensorctl", ...args]);

describe("sensorctl plan-summary", () => {
  const dir = mkdtempSync(join(tmpdir(), "plan-summary-"));

  test("writes the comment for a plan file to --out", async () => {
    const out = join(dir, "comment.md");
    await run([
      "plan-summary",
      "--stack",
      "sensors-dev",
      "--plan",
      join(__dirname, "fixtures", "plan-replaces-pipe.json"),
      "--out",
      out,
    ]);
    const comment = readFileSync(out, "utf8");
    expect(comment.startsWith(planCommentMarker("sensors-dev"))).toBe(true);
    expect(comment).toContain("3 to add, 1 to change, 3 to destroy");
  });

  test("writes the failure comment with --failed and no plan", async () => {
    const out = join(dir, "failed.md");
    await run(["plan-summary", "--stack", "sensors-prod", "--failed", "--out", out]);
    expect(readFileSync(out, "utf8")).toMatch(/plan failed/i);
  });

  test("names the fix when the plan file is not JSON", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "Plan: 1 to add");
    await expect(
      run(["plan-summary", "--stack", "sensors-dev", "--plan", bad, "--out", join(dir, "x.md")]),
    ).rejects.toThrow(/terraform show -json tfplan/);
  });

  test("a plan file that does not exist, or a directory, is named by --plan with the fix", async () => {
    const missing = join(dir, "plan.json");
    await expect(
      run(["plan-summary", "--stack", "sensors-dev", "--plan", missing]),
    ).rejects.toThrow(
      `--plan ${missing} does not exist.\n  Fix: write it with \`terraform show -json tfplan > ${missing}\``,
    );
    await expect(run(["plan-summary", "--stack", "sensors-dev", "--plan", dir])).rejects.toThrow(
      `--plan ${dir} is a directory, not a file.\n  Fix:`,
    );
  });
});
