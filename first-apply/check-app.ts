import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { buildApp } from "../main";
import type { EnvironmentConfig } from "../stacks/config";
import { ENVIRONMENTS } from "../stacks/environments";
import { loadEnvironments } from "../stacks/load-environments";
import { renderSnowflakeBootstrapSql } from "../stacks/snowflake-bootstrap";
import { checkFirstApply } from "./check-first-apply";
import type { Finding } from "./finding";
import type { SynthesizedStackJson } from "./terraform-graph";

/**
 * Runs the first-apply checker on every environment stack of the app: from a `cdktf synth`
 * output directory when given one, else from an in-process synth, each stack with the bootstrap
 * SQL rendered for its environment.
 */

/**
 * Public keys change nothing a privilege depends on; the checker renders the bootstrap SQL with
 * a placeholder of the right shape.
 */
const PLACEHOLDER_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----\n${"A".repeat(392)}\n-----END PUBLIC KEY-----`;

/** The bootstrap SQL of an environment as the checker reads it. */
export function bootstrapSqlFor(config: EnvironmentConfig): string {
  return renderSnowflakeBootstrapSql(config, {
    deployPublicKeyPem: PLACEHOLDER_PUBLIC_KEY,
    planPublicKeyPem: PLACEHOLDER_PUBLIC_KEY,
  });
}

/** Synthesizes the app in a temporary directory, quietly; returns that directory. */
export function synthesizeQuietly(): string {
  const app: App = buildApp(Testing.app());
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    app.synth();
  } finally {
    process.stderr.write = write;
  }
  return app.outdir;
}

/** The synthesized JSON of one stack in a `cdktf.out`-shaped directory. */
export function readSynthesizedStack(outdir: string, stack: string): SynthesizedStackJson {
  const file = join(outdir, "stacks", stack, "cdk.tf.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SynthesizedStackJson;
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${(error as Error).message}.\n  Fix: run \`npx cdktf synth\` first, or leave out --synth-dir to synthesize in process.`,
    );
  }
}

/** Findings for every environment stack, in environment order. */
export function checkApp(outdir: string = synthesizeQuietly()): Finding[] {
  return loadEnvironments(ENVIRONMENTS).flatMap((config) => {
    const stack = `sensors-${config.name}`;
    return checkFirstApply({
      stack,
      synthesized: readSynthesizedStack(outdir, stack),
      bootstrapSql: bootstrapSqlFor(config),
    });
  });
}
