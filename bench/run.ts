import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * `npm run bench [-- <name>...]`: runs every `bench/<name>.bench.ts` (or the named ones), each in
 * its own process so peak memory is that benchmark's alone. Each benchmark prints its figures and
 * writes them as JSON to `.bench/<name>.json`.
 */
const benchDir = __dirname;
const outDir = join(benchDir, "..", ".bench");
mkdirSync(outDir, { recursive: true });

const wanted = process.argv.slice(2);
const all = readdirSync(benchDir)
  .filter((file) => file.endsWith(".bench.ts"))
  .map((file) => file.replace(/\.bench\.ts$/, ""))
  .sort();
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: no benchmark named ${unknown.join(", ")}; have: ${all.join(", ")}\n`,
  );
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted : all;

let failed = 0;
for (const [index, name] of selected.entries()) {
  process.stdout.write(`\n== [${index + 1}/${selected.length}] ${name}\n`);
  const tsx = join(benchDir, "..", "node_modules", "tsx", "dist", "cli.mjs");
  const result = spawnSync(process.execPath, [tsx, join(benchDir, `${name}.bench.ts`)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_OUT: join(outDir, `${name}.json`) },
  });
  if (result.status !== 0) {
    failed += 1;
    process.stderr.write(`bench: ${name} failed with exit code ${result.status}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
