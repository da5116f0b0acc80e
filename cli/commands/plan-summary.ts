import { writeFileSync } from "node:fs";
import type { RegisterCommand } from "./command";
import { readOptionFile } from "../option-file";
import { renderFailedPlanComment, renderPlanComment } from "../plan/render-plan-comment";
import { summarizePlan } from "../plan/summarize-plan";

interface PlanSummaryOptions {
  readonly plan?: string;
  readonly stack: string;
  readonly out?: string;
  readonly detailsUrl?: string;
  readonly failed?: boolean;
}

/**
 * `sensorctl plan-summary --plan plan.json --stack sensors-dev [--out comment.md]`: turns the JSON
 * of `terraform show -json tfplan` into the pull-request comment (Markdown). With `--failed` it
 * writes the "plan failed" comment instead, so a stale plan never stays on the pull request.
 */
export const registerPlanSummary: RegisterCommand = (program) => {
  program
    .command("plan-summary")
    .description(
      "Summarize a Terraform JSON plan as a pull-request comment (adds, changes, destroys, loud warnings)",
    )
    .requiredOption("--stack <name>", "stack the plan belongs to, e.g. sensors-dev")
    .option("--plan <file>", "output of `terraform show -json tfplan`")
    .option("--out <file>", "write the Markdown here instead of stdout")
    .option("--details-url <url>", "link to the workflow run")
    .option("--failed", "write the comment for a failed plan")
    .action((options: PlanSummaryOptions) => {
      const markdown = options.failed
        ? renderFailedPlanComment(options)
        : renderPlanComment(summarizePlan(readPlan(options.plan)), options);
      if (options.out) writeFileSync(options.out, markdown);
      else process.stdout.write(markdown);
    });
};

function readPlan(file: string | undefined): unknown {
  if (!file) throw new Error("--plan <file> is required unless --failed is given.");
  const text = readOptionFile(
    "--plan",
    file,
    `write it with \`terraform show -json tfplan > ${file}\` in the stack's directory.`,
  );
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      `${file} is not JSON.\n  Fix: write it with \`terraform show -json tfplan > ${file}\`.`,
    );
  }
}
