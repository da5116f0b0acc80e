import { buildSync } from "esbuild";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Repository root: bundles are built from and into folders relative to it. */
const REPOSITORY_ROOT = resolve(__dirname, "..");
/** Gitignored folder holding one subfolder per bundled entry. */
export const BUNDLE_ROOT = join(REPOSITORY_ROOT, "dist", "lambda");

const built = new Map<string, string>();

/** Bundles an entry file (relative to the repository root) and returns the JavaScript, in memory. */
export function buildLambdaBundle(entry: string): Buffer {
  const [output] = buildSync({
    absWorkingDir: REPOSITORY_ROOT,
    entryPoints: [entry],
    outfile: "index.js",
    write: false,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "error",
  }).outputFiles;
  return Buffer.from(output.contents);
}

/**
 * Bundles a Lambda entry file (relative to the repository root) with esbuild into
 * `dist/lambda/<name>/index.js` and returns that folder. Runs once per process and entry, so a
 * synth of several stacks bundles each handler once.
 *
 * The output is deterministic: minified, no source map, no comments, no absolute paths, no
 * timestamps; the asset hash therefore changes only when the code or its dependencies do.
 */
export function bundleLambda(entry: string, name: string): string {
  const cached = built.get(entry);
  if (cached) return cached;
  const outdir = join(BUNDLE_ROOT, name);
  const outfile = join(outdir, "index.js");
  const contents = buildLambdaBundle(entry);
  mkdirSync(outdir, { recursive: true });
  // Several processes (test workers, parallel synths) may bundle at once: replace the file by an
  // atomic rename so none of them ever zips a half-written bundle.
  if (!existsSync(outfile) || !readFileSync(outfile).equals(contents)) {
    const temporary = join(BUNDLE_ROOT, `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, contents);
    renameSync(temporary, outfile);
  }
  built.set(entry, outdir);
  return outdir;
}
