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

  test("only the plan job may write to pull requests", () => {
    const writers = allJobs()
      .filter(({ job }) => permissionsOf(job)["pull-requests"] === "write")
      .map(({ workflow, id }) => `${workflow.file}:${id}`);
    expect(writers).toEqual(["plan.yml:plan"]);
  });

  test("no job grants a write permission beyond id-token and the plan job's pull-requests", () => {
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

describe("roles and environments", () => {
  test("the plan role is assumed only outside GitHub environments, where the token's sub is pull_request", () => {
    const planJobs = allJobs().filter(({ job }) =>
      roleAssumedBy(job)?.includes("AWS_PLAN_ROLE_ARN"),
    );
    expect(planJobs.map(({ workflow, id }) => `${workflow.file}:${id}`)).toEqual(["plan.yml:plan"]);
    for (const { job } of planJobs) expect(environmentOf(job)).toBeUndefined();
  });

  test("the deploy role is assumed only inside the dev and prod GitHub environments", () => {
    const deployJobs = allJobs().filter(({ job }) =>
      roleAssumedBy(job)?.includes("AWS_DEPLOY_ROLE_ARN"),
    );
    expect(deployJobs.length).toBeGreaterThan(0);
    for (const { job } of deployJobs) expect(environmentNames).toContain(environmentOf(job));
  });

  test("every job that touches the prod stack runs in the prod environment", () => {
    const deploy = loadWorkflow("deploy.yml");
    const prodJobs = Object.entries(deploy.jobs).filter(([, job]) =>
      JSON.stringify(job).includes("sensors-prod"),
    );
    expect(prodJobs.map(([id]) => id).sort()).toEqual(["apply-prod", "plan-prod"]);
    for (const [, job] of prodJobs) expect(environmentOf(job)).toBe("prod");
  });

  test("prod is planned only after dev deployed, and applied only after its plan", () => {
    const { jobs } = loadWorkflow("deploy.yml");
    expect(needsOf(jobs["plan-prod"])).toEqual(["deploy-dev"]);
    expect(needsOf(jobs["apply-prod"])).toEqual(["plan-prod"]);
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
    expect(deploy.jobs["deploy-dev"].if).toBe("github.ref == 'refs/heads/main'");
  });
});

describe("concurrency", () => {
  test("deploy jobs of one environment share one group and never cancel a running deploy", () => {
    for (const [id, job] of Object.entries(loadWorkflow("deploy.yml").jobs)) {
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
    expect(loadWorkflow("plan.yml").jobs.plan.if).toBe(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
  });

  test("no workflow runs on pull_request_target, which would hand secrets to fork code", () => {
    for (const workflow of loadWorkflows()) {
      expect(Object.keys(workflow.on)).not.toContain("pull_request_target");
    }
  });

  test("plan every environment in stacks/environments.ts", () => {
    const matrix = loadWorkflow("plan.yml").jobs.plan.strategy?.matrix as {
      include: Array<{ environment: string; suffix: string }>;
    };
    expect(matrix.include.map((entry) => entry.environment).sort()).toEqual(
      [...environmentNames].sort(),
    );
    for (const entry of matrix.include) expect(entry.suffix).toBe(entry.environment.toUpperCase());
  });

  test("upload the plan and post the comment", () => {
    const actions = (loadWorkflow("plan.yml").jobs.plan.steps ?? []).map(actionOf);
    expect(actions).toEqual(
      expect.arrayContaining(["actions/upload-artifact", "actions/github-script"]),
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
