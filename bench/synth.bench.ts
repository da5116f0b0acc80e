import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { report } from "./report";

/**
 * Synth time: the real app (every environment) against a one-resource stack, both through the same
 * CDKTF CLI, plus the app alone without the CLI. Target: real ≤ 1.5× baseline; app alone < 2 s.
 */
const root = join(__dirname, "..");
const baseline = join(__dirname, "fixtures", "one-resource");
const runs = Number(process.env.BENCH_SYNTH_RUNS ?? 3);
const cdktf = join(root, "node_modules", ".bin", "cdktf");
const tsx = join(root, "node_modules", ".bin", "tsx");
const env = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" };

function timed(label: string, command: string, args: string[], cwd: string): number {
  const samples: number[] = [];
  for (let run = 1; run <= runs; run += 1) {
    rmSync(join(cwd, "cdktf.out"), { recursive: true, force: true });
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      throw new Error(`${label} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
    }
    process.stderr.write(`  ${label} run ${run}/${runs}: ${seconds.toFixed(2)} s\n`);
    samples.push(seconds);
  }
  return median(samples);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const baselineCli = timed("one-resource stack, cdktf synth", cdktf, ["synth"], baseline);
const appCli = timed("all environments, cdktf synth", cdktf, ["synth"], root);
const appAlone = timed("all environments, app alone (tsx main.ts)", tsx, ["main.ts"], root);
const ratio = appCli / baselineCli;
report("synth", {
  runs,
  baselineCliSeconds: Number(baselineCli.toFixed(2)),
  appCliSeconds: Number(appCli.toFixed(2)),
  appAloneSeconds: Number(appAlone.toFixed(2)),
  ratioToBaseline: Number(ratio.toFixed(2)),
  targetRatio: 1.5,
  targetAppAloneSeconds: 2,
  meetsTargets: ratio <= 1.5 && appAlone < 2,
});
