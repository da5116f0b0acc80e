import { buildSync } from "esbuild";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Repository root: bundles are built from and into folders relative to it. */
const REPOSITORY_ROOT = resolve(__dirname, "..");
/** Gitignored folder holding one subfolder per bundled entry. */
export const BUNDLE_ROOT = join(REPOSITORY_ROOT, "dist", "lambda");

const built = new Map<string, string>();

/** Size and modification time of every file a bundle was built from, keyed by path. */
type BundleInputs = Record<string, { readonly size: number; readonly mtimeMs: number }>;

/** Bundles an entry file (relative to the repository root) and returns the JavaScript, in memory. */
export function buildLambdaBundle(entry: string): Buffer {
  return bundleWithInputs(entry).contents;
}

function bundleWithInputs(entry: string): { contents: Buffer; inputs: BundleInputs } {
  const result = buildSync({
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
    metafile: true,
  });
  const inputs: BundleInputs = {};
  for (const path of Object.keys(result.metafile.inputs)) {
    const { size, mtimeMs } = statSync(join(REPOSITORY_ROOT, path));
    inputs[path] = { size, mtimeMs };
  }
  return { contents: Buffer.from(result.outputFiles[0].contents), inputs };
}

/** Whether every input recorded for the last build is still the same size and age. */
function unchanged(inputsFile: string): boolean {
  if (!existsSync(inputsFile)) return false;
  try {
    const inputs = JSON.parse(readFileSync(inputsFile, "utf8")) as BundleInputs;
    return Object.entries(inputs).every(([path, recorded]) => {
      const { size, mtimeMs } = statSync(join(REPOSITORY_ROOT, path));
      return size === recorded.size && mtimeMs === recorded.mtimeMs;
    });
  } catch {
    return false;
  }
}

/** Replaces a file by an atomic rename, so a concurrent reader never sees it half-written. */
function replaceFile(file: string, contents: string | Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * Bundles a Lambda entry file (relative to the repository root) with esbuild into
 * `dist/lambda/<name>/index.js` and returns that folder. Runs once per process and entry, so a
 * synth of several stacks bundles each handler once, and not at all when no input changed since
 * the last bundle.
 *
 * The output is deterministic: minified, no source map, no comments, no absolute paths, no
 * timestamps; the asset hash therefore changes only when the code or its dependencies do.
 */
export function bundleLambda(entry: string, name: string): string {
  const cached = built.get(entry);
  if (cached) return cached;
  const outdir = join(BUNDLE_ROOT, name);
  const outfile = join(outdir, "index.js");
  // esbuild's inputs (the handler, the contract, the bundled libraries) are recorded beside the
  // bundle: when none changed, the previous bundle is reused and synth skips esbuild entirely.
  const inputsFile = join(BUNDLE_ROOT, `${name}.inputs.json`);
  if (!existsSync(outfile) || !unchanged(inputsFile)) {
    const { contents, inputs } = bundleWithInputs(entry);
    mkdirSync(outdir, { recursive: true });
    // Several processes (test workers, parallel synths) may bundle at once.
    if (!existsSync(outfile) || !readFileSync(outfile).equals(contents))
      replaceFile(outfile, contents);
    replaceFile(inputsFile, JSON.stringify(inputs));
  }
  built.set(entry, outdir);
  return outdir;
}
