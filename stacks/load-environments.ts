import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { AWS_REGIONS, bucketNameProblem } from "./aws-naming";
import {
  type EnvironmentConfig,
  type EnvironmentConfigInput,
  environmentConfigSchema,
} from "./config";
import { readConfigSource } from "./config-source";
import { closestName, describeExpected, schemaAt, unknownKeys } from "./schema-shape";

/** File that holds the environments' settings, named in every configuration error. */
export const ENVIRONMENTS_FILE = "stacks/environments.ts";

/** A configuration that cannot be synthesized; the message lists every problem and its fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** One problem: where, what, and how to fix it. */
interface Problem {
  readonly line: number | undefined;
  readonly text: string;
  readonly fix: string;
}

/**
 * Validates every environment and fills in defaults. Throws one {@link ConfigError} naming, for
 * each problem, the file, line, setting, what is expected and the fix: unknown settings (with the
 * closest valid name), blocks written twice, missing and invalid values, and what only shows
 * across environments (shared bucket names, a landing bucket named like the state bucket).
 */
export function loadEnvironments(
  raw: Readonly<Record<string, EnvironmentConfigInput>>,
  sourceText: string = readEnvironmentsSource(),
): EnvironmentConfig[] {
  const source = readConfigSource(sourceText, "ENVIRONMENTS");
  const problems: Problem[] = [];
  const at = (path: readonly string[]) => source.lineOf(path);

  for (const { path, lines } of source.duplicates) {
    const setting = path.join(".");
    problems.push({
      line: lines[0],
      text: `${setting} is written ${lines.length} times (lines ${lines.join(", ")}); only the last one counts`,
      fix: `keep one ${setting}${path.length === 1 ? " block" : ""} and merge the others into it.`,
    });
  }

  const configs: EnvironmentConfig[] = [];
  for (const [key, input] of Object.entries(raw)) {
    for (const unknown of unknownKeys(environmentConfigSchema, input)) {
      const path = [key, ...unknown.path];
      const name = path[path.length - 1];
      const suggestion = closestName(name, unknown.validNames);
      problems.push({
        line: at(path),
        text: `${path.join(".")} is not a setting${suggestion ? `; did you mean ${suggestion}?` : ""}`,
        fix: suggestion
          ? `rename it to ${suggestion}.`
          : `remove it; the settings here are ${unknown.validNames.join(", ")} (stacks/config.ts documents each).`,
      });
    }
    const result = environmentConfigSchema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(describeIssue(key, input, issue, at));
      continue;
    }
    if (result.data.name !== key) {
      const owner =
        key !== result.data.name && result.data.name in raw ? result.data.name : undefined;
      const twice = owner
        ? `, and is ${owner}'s name already (line ${at([owner, "name"]) ?? "?"}): both stacks would be sensors-${owner}`
        : "";
      problems.push({
        line: at([key, "name"]),
        text: `${key}.name = ${JSON.stringify(result.data.name)} differs from its key "${key}"${twice}`,
        fix: `rename the key or the name so they match (the name goes into every resource name).`,
      });
    }
    configs.push(result.data);
  }
  problems.push(...crossEnvironmentProblems(configs, at));

  if (problems.length > 0) {
    const lines = problems.map(
      ({ line, text, fix }) =>
        `${line ? `${ENVIRONMENTS_FILE}:${line}` : ENVIRONMENTS_FILE}: ${text}${text.endsWith("?") ? "" : "."}\n  Fix: ${fix}`,
    );
    throw new ConfigError(
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n${lines.join("\n")}`,
    );
  }
  return configs;
}

function describeIssue(
  key: string,
  input: unknown,
  issue: z.core.$ZodIssue,
  at: (path: readonly string[]) => number | undefined,
): Problem {
  const path = [key, ...issue.path.map(String)];
  const setting = path.join(".");
  const value = valueAt(input, issue.path);
  const field = schemaAt(environmentConfigSchema, issue.path);
  const expected = field ? describeExpected(field) : undefined;
  if (value === undefined)
    return {
      line: at(path),
      text: `${setting} is missing; it must ${expected ?? "be set"}`,
      fix: `add ${setting} to the ${key} block.`,
    };
  const rule = issue.message.startsWith("must ") ? issue.message : `must ${expected ?? "be valid"}`;
  return {
    line: at(path),
    text: `${setting} = ${JSON.stringify(value)} is invalid; it ${rule}`,
    fix: `change ${setting}.`,
  };
}

/** Checks that need every environment: names no two may share, and AWS naming rules. */
function crossEnvironmentProblems(
  configs: readonly EnvironmentConfig[],
  at: (path: readonly string[]) => number | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const landingOwner = new Map<string, string>();
  const stateBuckets = new Set(configs.map((config) => config.state.bucket));
  for (const config of configs) {
    const env = config.name;
    const buckets: [string, string | undefined][] = [
      ["state.bucket", config.state.bucket],
      ["landingBucket.name", config.landingBucket.name],
      ["landingBucket.accessLogBucketName", config.landingBucket.accessLogBucketName],
    ];
    for (const [setting, name] of buckets) {
      const broken = name === undefined ? undefined : bucketNameProblem(name);
      if (broken)
        problems.push({
          line: at([env, ...setting.split(".")]),
          text: `${env}.${setting} = ${JSON.stringify(name)} is not a valid S3 bucket name; it ${broken}`,
          fix: `choose another name (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).`,
        });
    }
    const landing = config.landingBucket.name;
    const other = landingOwner.get(landing);
    if (other !== undefined)
      problems.push({
        line: at([env, "landingBucket", "name"]),
        text: `${env}.landingBucket.name = ${JSON.stringify(landing)} is also ${other}'s landing bucket (line ${at([other, "landingBucket", "name"]) ?? "?"}); environments would overwrite each other's data`,
        fix: `give each environment its own bucket, e.g. "${landing.replace(other, env)}".`,
      });
    landingOwner.set(landing, env);
    if (stateBuckets.has(landing))
      problems.push({
        line: at([env, "landingBucket", "name"]),
        text: `${env}.landingBucket.name = ${JSON.stringify(landing)} is the Terraform state bucket; gateways and the normalizer would write next to the state`,
        fix: `give the landing bucket a name of its own.`,
      });
    for (const setting of ["aws.region", "state.region"]) {
      const region = setting === "aws.region" ? config.aws.region : config.state.region;
      if (region === undefined || AWS_REGIONS.includes(region)) continue;
      const suggestion = closestName(region, AWS_REGIONS);
      problems.push({
        line: at([env, ...setting.split(".")]),
        text: `${env}.${setting} = ${JSON.stringify(region)} is not an AWS region${suggestion ? `; did you mean ${suggestion}?` : ""}`,
        fix: suggestion ? `change it to ${suggestion}.` : `use a region name such as eu-west-1.`,
      });
    }
  }
  return problems;
}

function readEnvironmentsSource(): string {
  try {
    return readFileSync(join(__dirname, "environments.ts"), "utf8");
  } catch {
    return "";
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
