import { ENVIRONMENTS } from "../../stacks/environments";
import {
  type Job,
  actionOf,
  allJobs,
  assumesAwsRole,
  environmentOf,
  loadWorkflow,
  loadWorkflows,
  roleAssumedBy,
  credentialNames,
  isProduction,
  matrixEnvironments,
  nonTerraformRuns,
  productionCredentials,
} from "./workflows";

const environmentNames = Object.keys(ENVIRONMENTS);
const permissionsOf = (job: Job): Record<string, string> => {
  if (typeof job.permissions === "string") throw new Error(`permissions: ${job.permissions}`);
  return job.permissions ?? {};
};
const needsOf = (job: Job): string[] =>
  job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
describe("workflow permissions", () => {
  test.each(loadWorkflows().map((workflow) => [workflow.file, workflow]))(
    "%s grants only contents: read at the top level",
    (_file, workflow) => {
      expect(workflow.permissions).toEqual({ contents: "read" });
    },
  );

  test("every job that assumes an AWS role, and only those, may request an OIDC token", () => {
    const jobs = allJobs();
    expect(jobs.some(({ job }) => assumesAwsRole(job))).toBe(true);
    for (const { workflow, id, job } of jobs) {
      const idToken = permissionsOf(job)["id-token"];
      expect([`${workflow.file}:${id}`, idToken]).toEqual([
        `${workflow.file}:${id}`,
        assumesAwsRole(job) ? "write" : undefined,
      ]);
    }
  });

  test("only the comment job, which holds no token, may write to pull requests", () => {
    const writers = allJobs()
      .filter(({ job }) => permissionsOf(job)["pull-requests"] === "write")
      .map(({ workflow, id }) => `${workflow.file}:${id}`);
    expect(writers).toEqual(["plan.yml:comment"]);
  });

  test("no job grants a write permission beyond id-token and the comment job's pull-requests", () => {
    for (const { workflow, id, job } of allJobs()) {
      const writes = Object.entries(permissionsOf(job))
        .filter(([, level]) => level === "write")
        .map(([scope]) => scope)
        .filter((scope) => scope !== "id-token" && scope !== "pull-requests");
      expect([`${workflow.file}:${id}`, writes]).toEqual([`${workflow.file}:${id}`, []]);
    }
  });
});

describe("pinned actions", () => {
  test("every uses: names a full 40-hex commit SHA", () => {
    const refs = allJobs().flatMap(({ job }) =>
      (job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  test("every pinned action carries its release version in a trailing comment", () => {
    const lines = loadWorkflows().flatMap((workflow) =>
      workflow.text.split("\n").filter((line) => /^\s*(- )?uses:/.test(line)),
    );
    for (const line of lines) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test("one action is pinned to one SHA across all workflows", () => {
    const shas = new Map<string, Set<string>>();
    for (const { job } of allJobs()) {
      for (const step of job.steps ?? []) {
        if (!step.uses) continue;
        const [action, sha] = step.uses.split("@");
        shas.set(action, (shas.get(action) ?? new Set()).add(sha));
      }
    }
    for (const [action, set] of shas) expect([action, set.size]).toEqual([action, 1]);
  });
});

describe("jobs that can mint a cloud token", () => {
  const tokenJobs = () => allJobs().filter(({ job }) => permissionsOf(job)["id-token"] === "write");
  /** The only actions a token job may use: Terraform, artifacts and the AWS credentials action. */
  const TOKEN_JOB_ACTIONS = [
    "hashicorp/setup-terraform",
    "actions/download-artifact",
    "actions/upload-artifact",
    "aws-actions/configure-aws-credentials",
  ];

  test("exist, in the plan and the deploy workflow", () => {
    expect(tokenJobs().map(({ workflow, id }) => `${workflow.file}:${id}`)).toEqual([
      "deploy.yml:deploy-dev",
      "deploy.yml:plan-prod",
      "deploy.yml:apply-prod",
      "plan.yml:plan",
    ]);
  });

  test("install no package and run no project code: every run step is a Terraform command", () => {
    for (const { workflow, id, job } of tokenJobs()) {
      expect([`${workflow.file}:${id}`, nonTerraformRuns(job)]).toEqual([
        `${workflow.file}:${id}`,
        [],
      ]);
    }
  });

  test("use no action but Terraform, artifacts and the AWS credentials action (no checkout, no setup-node)", () => {
    for (const { workflow, id, job } of tokenJobs()) {
      for (const step of job.steps ?? []) {
        if (step.uses === undefined) continue;
        expect([`${workflow.file}:${id}`, TOKEN_JOB_ACTIONS]).toEqual([
          `${workflow.file}:${id}`,
          expect.arrayContaining([actionOf(step)]),
        ]);
      }
    }
  });

  test("run the stacks a token-less job synthesized, handed over as an artifact", () => {
    for (const { workflow, id, job } of tokenJobs()) {
      const upstream = needsOf(job).map((name) => workflow.jobs[name]);
      expect(upstream.length).toBeGreaterThan(0);
      const download = (job.steps ?? []).find(
        (step) => actionOf(step) === "actions/download-artifact",
      );
      expect([`${workflow.file}:${id}`, download?.with?.name]).toEqual([
        `${workflow.file}:${id}`,
        expect.stringMatching(/^(stacks|plan-sensors-[a-z0-9]+)$/),
      ]);
    }
    for (const workflow of [loadWorkflow("plan.yml"), loadWorkflow("deploy.yml")]) {
      const synth = workflow.jobs.synth;
      expect(permissionsOf(synth)["id-token"]).toBeUndefined();
      expect((synth.steps ?? []).map((step) => step.run).filter(Boolean)).toEqual([
        "npm ci --no-audit --no-fund",
        "npx cdktf synth",
      ]);
    }
  });

  test("the check catches npm ci or a project command added to a token job", () => {
    const plan = loadWorkflow("plan.yml").jobs.plan;
    const steps = plan.steps ?? [];
    const withInstall: Job = { ...plan, steps: [steps[0], { run: "npm ci" }, ...steps.slice(1)] };
    expect(nonTerraformRuns(withInstall)).toEqual(["npm ci"]);
    const chained: Job = { ...plan, steps: [...steps, { run: "terraform init && npx sensorctl" }] };
    expect(nonTerraformRuns(chained)).toEqual(["terraform init && npx sensorctl"]);
  });
});

describe("roles and environments", () => {
  test("pull requests assume only the plan roles of non-production environments, outside any GitHub environment", () => {
    const planJob = loadWorkflow("plan.yml").jobs.plan;
    expect(environmentOf(planJob)).toBeUndefined();
    expect(roleAssumedBy(planJob)).toBe(
      "${{ vars[format('AWS_PLAN_ROLE_ARN_{0}', matrix.suffix)] }}",
    );
  });

  test("deploy and plan roles in the deploy workflow are assumed only inside a GitHub environment", () => {
    const jobs = Object.entries(loadWorkflow("deploy.yml").jobs).filter(([, job]) =>
      assumesAwsRole(job),
    );
    expect(jobs.map(([id]) => id)).toEqual(["deploy-dev", "plan-prod", "apply-prod"]);
    for (const [, job] of jobs) {
      expect(environmentNames).toContain(environmentOf(job));
      // Environment variables: each GitHub environment names its own role.
      expect(roleAssumedBy(job)).toMatch(/^\$\{\{ vars\.AWS_(DEPLOY|PLAN)_ROLE_ARN \}\}$/);
    }
    expect(roleAssumedBy(loadWorkflow("deploy.yml").jobs["plan-prod"])).toContain("PLAN");
  });

  test("every job that holds prod credentials runs in the prod environment", () => {
    for (const { workflow, id, job } of allJobs()) {
      const text = JSON.stringify(job);
      const touchesProd =
        /sensors-prod/.test(text) ||
        productionCredentials(job).length > 0 ||
        matrixEnvironments(job).some(isProduction);
      const holdsCredentials =
        permissionsOf(job)["id-token"] === "write" || /secrets[.[]/.test(text);
      if (touchesProd && holdsCredentials) {
        expect([`${workflow.file}:${id}`, environmentOf(job)]).toEqual([
          `${workflow.file}:${id}`,
          "prod",
        ]);
      }
    }
  });

  test("no prod secret or role outside the prod environment, matrix values included", () => {
    const outside = allJobs().filter(({ job }) => environmentOf(job) !== "prod");
    expect(outside.some(({ job }) => credentialNames(job).length > 0)).toBe(true);
    for (const { workflow, id, job } of outside) {
      expect([`${workflow.file}:${id}`, productionCredentials(job)]).toEqual([
        `${workflow.file}:${id}`,
        [],
      ]);
    }
  });

  test("the check catches a pull-request plan of prod through the matrix", () => {
    const plan = loadWorkflow("plan.yml").jobs.plan;
    const withProd: Job = {
      ...plan,
      strategy: { matrix: { include: [{ environment: "prod", suffix: "PROD" }] } },
    };
    expect(productionCredentials(withProd)).toEqual(
      expect.arrayContaining([
        "vars[AWS_PLAN_ROLE_ARN_PROD]",
        "secrets[SNOWFLAKE_PLAN_PRIVATE_KEY_PROD]",
      ]),
    );
  });

  test("prod is planned after dev deployed and summarized for the reviewer before its apply", () => {
    const { jobs } = loadWorkflow("deploy.yml");
    expect(needsOf(jobs["deploy-dev"])).toEqual(["synth"]);
    expect(needsOf(jobs["plan-prod"])).toEqual(["deploy-dev"]);
    expect(needsOf(jobs["summarize-prod"])).toEqual(["plan-prod"]);
    expect(needsOf(jobs["apply-prod"])).toEqual(["plan-prod", "summarize-prod"]);
  });

  test("prod applies the downloaded reviewed plan file, never a fresh plan", () => {
    const steps = loadWorkflow("deploy.yml").jobs["apply-prod"].steps ?? [];
    const runs = steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(runs.some((run) => /terraform plan/.test(run))).toBe(false);
    expect(runs).toContain("terraform apply -no-color -lock-timeout=10m tfplan");
    expect(steps.some((step) => actionOf(step) === "actions/download-artifact")).toBe(true);
  });

  test("every deploy apply uses a saved plan file", () => {
    const applies = allJobs().flatMap(({ job }) =>
      (job.steps ?? []).flatMap((step) =>
        step.run && /terraform apply/.test(step.run) ? [step.run] : [],
      ),
    );
    expect(applies.length).toBeGreaterThan(0);
    for (const run of applies) expect(run).toMatch(/ tfplan$/);
  });

  test("deploys run only on pushes to main or a manual run restricted to main", () => {
    const deploy = loadWorkflow("deploy.yml");
    expect(deploy.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: null });
    expect(deploy.jobs.synth.if).toBe("github.ref == 'refs/heads/main'");
  });
});

describe("concurrency", () => {
  test("deploy jobs of one environment share one group and never cancel a running deploy", () => {
    const inEnvironments = Object.entries(loadWorkflow("deploy.yml").jobs).filter(
      ([, job]) => environmentOf(job) !== undefined,
    );
    expect(inEnvironments.length).toBe(3);
    for (const [id, job] of inEnvironments) {
      expect([id, job.concurrency]).toEqual([
        id,
        { group: `deploy-${environmentOf(job)}`, "cancel-in-progress": false },
      ]);
    }
  });

  test("plans of one pull request and environment queue instead of cancelling each other", () => {
    const { concurrency } = loadWorkflow("plan.yml").jobs.plan;
    expect(concurrency).toEqual({
      group: "plan-${{ github.event.pull_request.number }}-${{ matrix.environment }}",
      "cancel-in-progress": false,
    });
  });
});

describe("pull-request plans", () => {
  test("skip pull requests from forks, which get no OIDC token or secrets", () => {
    expect(loadWorkflow("plan.yml").jobs.synth.if).toBe(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(needsOf(loadWorkflow("plan.yml").jobs.plan)).toEqual(["synth"]);
  });

  test("no workflow runs on pull_request_target, which would hand secrets to fork code", () => {
    for (const workflow of loadWorkflows()) {
      expect(Object.keys(workflow.on)).not.toContain("pull_request_target");
    }
  });

  test("plan and comment every non-production environment in stacks/environments.ts, and no other", () => {
    const nonProduction = environmentNames.filter((name) => !isProduction(name)).sort();
    expect(nonProduction.length).toBeGreaterThan(0);
    const { jobs } = loadWorkflow("plan.yml");
    expect(matrixEnvironments(jobs.plan).sort()).toEqual(nonProduction);
    expect(matrixEnvironments(jobs.comment).sort()).toEqual(nonProduction);
    const include = (jobs.plan.strategy?.matrix as { include: Array<Record<string, string>> })
      .include;
    for (const entry of include) expect(entry.suffix).toBe(entry.environment.toUpperCase());
  });

  test("upload the plan and post the comment", () => {
    const { jobs } = loadWorkflow("plan.yml");
    expect((jobs.plan.steps ?? []).map(actionOf)).toContain("actions/upload-artifact");
    expect((jobs.comment.steps ?? []).map(actionOf)).toEqual(
      expect.arrayContaining(["actions/download-artifact", "actions/github-script"]),
    );
  });
});

describe("secrets", () => {
  test("appear only in the env of terraform steps, never at job or workflow level", () => {
    for (const workflow of loadWorkflows()) {
      expect(JSON.stringify(workflow.env ?? {})).not.toContain("secrets");
      for (const [id, job] of Object.entries(workflow.jobs)) {
        expect([id, JSON.stringify(job.env ?? {})]).not.toEqual([
          id,
          expect.stringContaining("secrets"),
        ]);
        for (const step of job.steps ?? []) {
          const outsideEnv = JSON.stringify({ ...step, env: undefined });
          expect(outsideEnv).not.toContain("secrets.");
          expect(outsideEnv).not.toContain("secrets[");
          if (JSON.stringify(step.env ?? {}).includes("secrets")) {
            expect(step.run).toMatch(/^terraform (plan|apply) /);
          }
        }
      }
    }
  });

  test("checkout never leaves the GitHub token in the working copy", () => {
    for (const { job } of allJobs()) {
      for (const step of job.steps ?? []) {
        if (actionOf(step) === "actions/checkout") {
          expect(step.with?.["persist-credentials"]).toBe(false);
        }
      }
    }
  });

  test("the Snowflake provider authenticates by key pair from the environment", () => {
    const terraformEnvs = allJobs().flatMap(({ job }) =>
      (job.steps ?? []).flatMap((step) =>
        step.run && /^terraform (plan|apply) /.test(step.run) ? [step.env ?? {}] : [],
      ),
    );
    expect(terraformEnvs.length).toBeGreaterThan(0);
    for (const env of terraformEnvs) {
      expect(env.SNOWFLAKE_AUTHENTICATOR).toBe("SNOWFLAKE_JWT");
      expect(env.SNOWFLAKE_PRIVATE_KEY).toMatch(/^\$\{\{ secrets/);
      expect(env.SNOWFLAKE_USER).toMatch(/^\$\{\{ vars/);
    }
  });
});

describe("toolchain", () => {
  test("every workflow that runs Terraform pins one exact version of at least 1.11", () => {
    const versions = loadWorkflows()
      .filter((workflow) => workflow.text.includes("hashicorp/setup-terraform"))
      .map((workflow) => workflow.env?.TERRAFORM_VERSION);
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      const [major, minor] = (version as string).split(".").map(Number);
      expect(major > 1 || (major === 1 && minor >= 11)).toBe(true);
    }
    expect(new Set(versions).size).toBe(1);
  });

  test("every setup-terraform step uses the pinned version and no stdout wrapper", () => {
    for (const { job } of allJobs()) {
      for (const step of job.steps ?? []) {
        if (actionOf(step) !== "hashicorp/setup-terraform") continue;
        expect(step.with).toEqual({
          terraform_version: "${{ env.TERRAFORM_VERSION }}",
          terraform_wrapper: false,
        });
      }
    }
  });

  test("every setup-node step installs Node 22", () => {
    const steps = allJobs().flatMap(({ job }) =>
      (job.steps ?? []).filter((step) => actionOf(step) === "actions/setup-node"),
    );
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step.with?.["node-version"]).toBe(22);
  });

  test("CI runs the README's test command on every push and pull request", () => {
    const ci = loadWorkflow("ci.yml");
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    const runs = (ci.jobs.test.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));
    expect(runs).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
  });
});
