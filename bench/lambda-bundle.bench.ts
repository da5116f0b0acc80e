import { createHash } from "node:crypto";
import { buildLambdaBundle } from "../constructs/lambda-bundle";
import { NORMALIZER_ENTRY } from "../constructs/normalizer-function";
import { report } from "./report";

/**
 * What bundling the normalizer adds to every synth: esbuild time (first build in a process, then
 * warm rebuilds), bundle size, and whether repeated builds are byte-identical (the asset hash, and
 * so the Lambda's code, must only change with the code).
 */
const runs = Number(process.env.BENCH_BUNDLE_RUNS ?? 5);
const samples: number[] = [];
const hashes = new Set<string>();
let bytes = 0;
for (let run = 0; run < runs; run += 1) {
  const started = process.hrtime.bigint();
  const bundle = buildLambdaBundle(NORMALIZER_ENTRY);
  samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  hashes.add(createHash("sha256").update(bundle).digest("hex"));
  bytes = bundle.length;
}
const warm = samples.slice(1).sort((a, b) => a - b);
report("lambda-bundle", {
  runs,
  firstBuildMs: Math.round(samples[0]),
  warmMedianMs: warm.length > 0 ? Math.round(warm[Math.floor(warm.length / 2)]) : null,
  bundleBytes: bytes,
  identicalBuilds: hashes.size === 1,
});
