import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type EnvironmentConfig,
  type EnvironmentConfigInput,
  environmentConfigSchema,
} from "./config";

/** File that holds the environments' settings, named in every configuration error. */
export const ENVIRONMENTS_FILE = "stacks/environments.ts";

/** A configuration that cannot be synthesized; the message lists every problem and its fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Validates every environment and fills in defaults. Throws one {@link ConfigError} naming, for
 * each problem, the file, line, setting and fix.
 */
export function loadEnvironments(
  raw: Readonly<Record<string, EnvironmentConfigInput>>,
  sourceText: string = readEnvironmentsSource(),
): EnvironmentConfig[] {
  const problems: string[] = [];
  const configs: EnvironmentConfig[] = [];
  const names = new Set<string>();
  for (const [key, input] of Object.entries(raw)) {
    const result = environmentConfigSchema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = [key, ...issue.path.map(String)];
        const line = locateSetting(sourceText, path);
        const where = line ? `${ENVIRONMENTS_FILE}:${line}` : ENVIRONMENTS_FILE;
        const value = valueAt(input, issue.path);
        const setting = path.join(".");
        const reason = issue.message.startsWith("must") ? `it ${issue.message}` : issue.message;
        problems.push(
          value === undefined
            ? `${where}: ${setting} is missing; ${reason}.\n  Fix: add ${setting} to ${ENVIRONMENTS_FILE}.`
            : `${where}: ${setting} = ${JSON.stringify(value)} is invalid; ${reason}.\n  Fix: change ${setting} in ${ENVIRONMENTS_FILE}.`,
        );
      }
      continue;
    }
    if (result.data.name !== key) {
      problems.push(
        `${ENVIRONMENTS_FILE}: ${key}.name = ${JSON.stringify(result.data.name)}: must equal its key "${key}".\n  Fix: rename the key or the name so they match.`,
      );
    }
    if (names.has(result.data.name)) {
      problems.push(`${ENVIRONMENTS_FILE}: environment name "${result.data.name}" is used twice.`);
    }
    names.add(result.data.name);
    configs.push(result.data);
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n${problems.join("\n")}`,
    );
  }
  return configs;
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

/**
 * Best-effort line of a setting in the environments file: walks the path's keys in order, each
 * searched after the line of the previous one. Returns undefined when a key is not written there.
 */
export function locateSetting(sourceText: string, path: readonly string[]): number | undefined {
  const lines = sourceText.split("\n");
  let from = 0;
  let found: number | undefined;
  for (const key of path) {
    if (/^\d+$/.test(key)) continue;
    const pattern = new RegExp(`^\\s*["']?${key}["']?\\s*:`);
    const index = lines.findIndex((line, i) => i >= from && pattern.test(line));
    if (index < 0) return found;
    found = index + 1;
    from = index + 1;
  }
  return found;
}
