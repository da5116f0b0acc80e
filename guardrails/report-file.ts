import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, type TerraformStack } from "cdktf";
import type { GuardrailReport } from "./report";

/** Where a stack's report goes: `<outdir>/guardrails/<stack>.json`, beside the synthesized stacks. */
export function reportFilePath(stack: TerraformStack): string {
  return join(App.of(stack).outdir, "guardrails", `${stack.node.id}.json`);
}

/**
 * Writes a stack's machine-readable report (CI and reviewers read it; see docs/guardrails.md) and
 * returns its path. Kept apart from the aspect, which only evaluates and annotates, as cdk-nag keeps
 * its logger apart from its packs.
 */
export function writeReportFile(stack: TerraformStack, report: GuardrailReport): string {
  const path = reportFilePath(stack);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
