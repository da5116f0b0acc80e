import type { RegisterCommand } from "./command";
import { checkApp } from "../../first-apply/check-app";
import { formatFinding } from "../../first-apply/finding";

interface CheckApplyOptions {
  readonly synthDir?: string;
}

/**
 * `sensorctl check-apply`: proves offline that the first apply of every environment stack, and
 * the operator tools after it, have the Snowflake privileges they need at the point they need
 * them (first-apply/). Exits non-zero on any finding.
 */
export const registerCheckApply: RegisterCommand = (program) => {
  program
    .command("check-apply")
    .description(
      "Check that every Snowflake resource's role holds what it needs when Terraform creates it, and that the operator tools' roles hold what they run",
    )
    .option("--synth-dir <dir>", "read `cdktf synth` output from here instead of synthesizing")
    .action((options: CheckApplyOptions) => {
      const findings = checkApp(options.synthDir);
      for (const finding of findings) process.stdout.write(`${formatFinding(finding)}\n`);
      if (findings.length > 0) {
        throw new Error(
          `${findings.length} first-apply finding${findings.length > 1 ? "s" : ""}.\n  Fix: apply the fix under each finding above.`,
        );
      }
      process.stdout.write(
        "check-apply: every Snowflake resource and operator tool has what it needs.\n",
      );
    });
};
