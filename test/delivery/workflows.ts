import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** Folder of the GitHub Actions workflows. */
export const WORKFLOWS_DIR = join(__dirname, "..", "..", ".github", "workflows");

/** One step of a job, as far as the tests read it. */
export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly "working-directory"?: string;
}

/** One job of a workflow, as far as the tests read it. */
export interface Job {
  readonly name?: string;
  readonly if?: string;
  readonly needs?: string | string[];
  readonly environment?: string | { name: string };
  readonly permissions?: Record<string, string> | string;
  readonly concurrency?: { group: string; "cancel-in-progress"?: boolean } | string;
  readonly strategy?: { matrix?: Record<string, unknown> };
  readonly env?: Record<string, string>;
  readonly steps?: Step[];
}

/** A parsed workflow file with its raw text (comments are only in the text). */
export interface Workflow {
  readonly file: string;
  readonly text: string;
  readonly name?: string;
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string> | string;
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

/** Every workflow in .github/workflows, parsed. */
export function loadWorkflows(): Workflow[] {
  return readdirSync(WORKFLOWS_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => loadWorkflow(file));
}

/** One workflow by file name. */
export function loadWorkflow(file: string): Workflow {
  const text = readFileSync(join(WORKFLOWS_DIR, file), "utf8");
  return { file, text, ...(parse(text) as Omit<Workflow, "file" | "text">) };
}

/** Every job of every workflow, with where it lives. */
export function allJobs(): Array<{ workflow: Workflow; id: string; job: Job }> {
  return loadWorkflows().flatMap((workflow) =>
    Object.entries(workflow.jobs).map(([id, job]) => ({ workflow, id, job })),
  );
}

/** The action a step uses, without its ref: `aws-actions/configure-aws-credentials`. */
export function actionOf(step: Step): string | undefined {
  return step.uses?.split("@")[0];
}

/** Name of the GitHub environment a job runs in, if any. */
export function environmentOf(job: Job): string | undefined {
  return typeof job.environment === "string" ? job.environment : job.environment?.name;
}

/** Whether a job assumes an AWS role (and so needs an OIDC token). */
export function assumesAwsRole(job: Job): boolean {
  return (job.steps ?? []).some(
    (step) => actionOf(step) === "aws-actions/configure-aws-credentials",
  );
}

/** The role ARN expression a job assumes, e.g. `${{ vars.AWS_DEPLOY_ROLE_ARN }}`. */
export function roleAssumedBy(job: Job): string | undefined {
  const step = (job.steps ?? []).find(
    (candidate) => actionOf(candidate) === "aws-actions/configure-aws-credentials",
  );
  return step?.with?.["role-to-assume"] as string | undefined;
}
