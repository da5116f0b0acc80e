import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { ALL_GUARDRAILS } from "../../guardrails/packs";
import type { GuardrailReport } from "../../guardrails/report";
import { buildApp } from "../../main";
import { ENVIRONMENTS } from "../../stacks/environments";
import { pipelineStack } from "../helpers/synth";

/** Runs `fn` with the guardrails' report on standard error captured rather than printed. */
function capturingStderr<T>(fn: () => T): { result: T; stderr: string } {
  let stderr = "";
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { result: fn(), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe("guardrails on the real stacks", () => {
  // The integrator re-runs this after merging every branch: it fails on any ERROR finding.
  test("every environment's stack synthesizes with every rule, no ERROR finding and no unexplained suppression", () => {
    const app = buildApp(Testing.app());
    capturingStderr(() => app.synth());
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: Array<{ level: string; message: string }> }>;
    };
    for (const name of Object.keys(ENVIRONMENTS)) {
      const stack = `sensors-${name}`;
      const report = JSON.parse(
        readFileSync(join(app.outdir, "guardrails", `${stack}.json`), "utf8"),
      ) as GuardrailReport;
      expect(report.rules.map((rule) => rule.id)).toEqual(ALL_GUARDRAILS.map((rule) => rule.id));
      expect(report.findings.filter((finding) => finding.level === "ERROR")).toEqual([]);
      expect(report.suppressionProblems).toEqual([]);
      for (const suppressed of report.suppressed) expect(suppressed.reason.trim()).not.toBe("");
      const summaries = manifest.stacks[stack].annotations.filter((annotation) =>
        annotation.message.startsWith(`guardrails ${stack}: `),
      );
      expect(summaries).toEqual([expect.objectContaining({ level: "@cdktf/info" })]);
    }
  });

  test("the environment stack stops synth on a resource that breaks an ERROR rule", () => {
    const stack = pipelineStack();
    new SqsQueue(stack, "PlainQueue", { name: "plain", sqsManagedSseEnabled: false });
    const { result } = capturingStderr(() => {
      try {
        Testing.fullSynth(stack);
        return undefined;
      } catch (error) {
        return error as Error;
      }
    });
    expect(result?.message).toMatch(/\[sensors-dev\/PlainQueue\] \[SQS\.Encryption\]/);
  });
});
