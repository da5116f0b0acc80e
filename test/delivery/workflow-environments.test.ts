import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";
import { type Workflow, environmentOf, loadWorkflow } from "./workflows";

/**
 * The environments a workflow covers, whatever its job layout: GitHub environments its jobs run
 * in, and `environment` values of job matrices (a job per environment, or one matrix job).
 */
function coveredEnvironments(workflow: Workflow): string[] {
  const found = new Set<string>();
  for (const job of Object.values(workflow.jobs)) {
    const environment = environmentOf(job);
    if (environment !== undefined && !environment.includes("${{")) found.add(environment);
    const matrix = job.strategy?.matrix ?? {};
    const include = (matrix.include ?? []) as Array<{ environment?: unknown }>;
    for (const entry of include)
      if (typeof entry.environment === "string") found.add(entry.environment);
    if (Array.isArray(matrix.environment))
      for (const value of matrix.environment) found.add(String(value));
  }
  return [...found].sort();
}

/** What each workflow must cover, from stacks/environments.ts. */
function expectedCoverage(environments: ReadonlyArray<{ name: string; production: boolean }>) {
  const all = environments.map((environment) => environment.name).sort();
  return {
    // Pushes to main deploy every environment.
    "deploy.yml": all,
    // Pull requests plan the non-production ones; prod credentials never reach a pull request.
    "plan.yml": environments
      .filter((e) => !e.production)
      .map((e) => e.name)
      .sort(),
  };
}

/** One line per workflow whose environments differ from stacks/environments.ts. */
function coverageProblems(
  environments: ReadonlyArray<{ name: string; production: boolean }>,
): string[] {
  return Object.entries(expectedCoverage(environments)).flatMap(([file, expected]) => {
    const covered = coveredEnvironments(loadWorkflow(file));
    const missing = expected.filter((name) => !covered.includes(name));
    const extra = covered.filter((name) => !expected.includes(name));
    return missing.length + extra.length === 0
      ? []
      : [
          `.github/workflows/${file}: ${[
            ...missing.map((name) => `no job for ${name}`),
            ...extra.map((name) => `a job for ${name}, which is not in stacks/environments.ts`),
          ].join(", ")}`,
        ];
  });
}

describe("the workflows cover exactly the environments of stacks/environments.ts", () => {
  test("deploy covers every environment and pull requests plan every non-production one", () => {
    expect(coverageProblems(loadEnvironments(ENVIRONMENTS))).toEqual([]);
  });

  test("an environment added to the configuration but not to the workflows is named", () => {
    const environments = [
      ...loadEnvironments(ENVIRONMENTS),
      { name: "staging", production: false },
    ];
    expect(coverageProblems(environments)).toEqual([
      ".github/workflows/deploy.yml: no job for staging",
      ".github/workflows/plan.yml: no job for staging",
    ]);
  });

  test("a workflow job for an environment that no longer exists is named", () => {
    const withoutDev = loadEnvironments(ENVIRONMENTS).filter((e) => e.name !== "dev");
    expect(coverageProblems(withoutDev)).toEqual([
      ".github/workflows/deploy.yml: a job for dev, which is not in stacks/environments.ts",
      ".github/workflows/plan.yml: a job for dev, which is not in stacks/environments.ts",
    ]);
  });
});
