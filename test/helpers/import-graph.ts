import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/**
 * The project's import graph and its circles. Reads each file's imports with TypeScript's
 * `preProcessFile` (a scanner, no type-checking: every `import`, `import type`, `export … from`,
 * `import()` and `require()`), and follows only relative specifiers, because only those point at the
 * project's own files. Type-only imports count: a circle of types is still two files that cannot
 * be read, moved or tested apart.
 */

/** Folders never scanned: dependencies, build output, and AssemblyScript compiled by its own tool. */
const SKIPPED = new Set(["node_modules", "cdktf.out", "dist", "coverage", ".bench", ".git"]);
const SKIPPED_PATHS = ["lambda/normalizer/lanes/assembly"];

/** Every `.ts` file under `root` (repository-relative, `/`-separated), skipping the folders above. */
export function projectFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      const rel = relative(root, path).split("\\").join("/");
      if (SKIPPED.has(entry) || SKIPPED_PATHS.includes(rel)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) files.push(rel);
    }
  };
  walk(root);
  return files.sort();
}

/** The project files each file imports, by repository-relative path. */
export function importGraph(root: string, files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => resolveRelative(root, file, specifier))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

function resolveRelative(root: string, from: string, specifier: string): string | undefined {
  const base = resolve(root, dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    if (candidate.endsWith(".ts") && existsSync(candidate) && statSync(candidate).isFile()) {
      return relative(root, candidate).split("\\").join("/");
    }
  }
  return undefined;
}

/**
 * Every circle in the graph, one per strongly connected component of two or more files (or a file
 * importing itself), each written as a path that returns to its start: `a.ts → b.ts → a.ts`.
 */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfImport = graph.get(file)?.includes(file) ?? false;
      if (component.length > 1 || selfImport) components.push(component.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components.map((component) => circleThrough(graph, new Set(component), component[0]));
}

/** A shortest path from `start` back to itself inside one component (breadth first). */
function circleThrough(
  graph: ReadonlyMap<string, readonly string[]>,
  component: ReadonlySet<string>,
  start: string,
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of graph.get(file) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
