import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ENVIRONMENTS } from "../../stacks/environments";

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

/** Whether an environment of stacks/environments.ts holds production data. */
export const isProduction = (name: string): boolean =>
  (ENVIRONMENTS as Record<string, { production?: boolean }>)[name]?.production === true;

/** The `environment` values of a job's matrix. */
export const matrixEnvironments = (job: Job): string[] =>
  (
    (job.strategy?.matrix as { include?: Array<{ environment?: string }> } | undefined)?.include ??
    []
  )
    .map((entry) => entry.environment)
    .filter((name): name is string => name !== undefined);

/** The job's text once per matrix entry, with `matrix.<key>` replaced by that entry's values. */
export const expandMatrix = (job: Job): string[] => {
  const text = JSON.stringify(job);
  const include =
    (job.strategy?.matrix as { include?: Array<Record<string, string>> } | undefined)?.include ??
    [];
  if (include.length === 0) return [text];
  return include.map((entry) =>
    text.replace(/matrix\.([A-Za-z_]+)/g, (whole, key: string) => entry[key] ?? whole),
  );
};

/**
 * The names of the secrets and variables a job reads, matrix values expanded and
 * `format('X_{0}', VALUE)` resolved to `X_VALUE`.
 */
export const credentialNames = (job: Job): string[] =>
  expandMatrix(job).flatMap(
    (text) =>
      text
        .replace(
          /format\('([^']*)',\s*'?([A-Za-z0-9_-]+)'?\)/g,
          (_whole, pattern: string, value: string) => pattern.replace("{0}", value),
        )
        .match(/(secrets|vars)[.[][^\s}]*/g) ?? [],
  );

/** The credentials a job reads that belong to production (their names say PROD). */
export const productionCredentials = (job: Job): string[] =>
  credentialNames(job).filter((name) => /PROD/i.test(name));

/** A run step a job with a cloud token may hold: one Terraform command, nothing chained. */
const TERRAFORM_COMMAND = /^terraform [a-z]+ [^\n;&|`$]*(> plan\.json)?$/;

/** The run steps of a job that are anything but a single Terraform command. */
export const nonTerraformRuns = (job: Job): string[] =>
  (job.steps ?? []).flatMap((step) =>
    step.run !== undefined && !TERRAFORM_COMMAND.test(step.run) ? [step.run] : [],
  );
