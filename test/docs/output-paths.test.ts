import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Every place that tells a reader to run a command writing into the working copy. */
const DOCUMENTS = [
  "README.md",
  "docs/ci-cd.md",
  "docs/operations.md",
  "lambda/normalizer/README.md",
];

/** Paths the documented commands write: the values of their output options. */
function documentedOutputPaths(): string[] {
  const paths = new Set<string>();
  for (const document of DOCUMENTS) {
    const text = readFileSync(document, "utf8");
    for (const match of text.matchAll(/--(?:out|db|outputs-file) (\.?\/?[\w./-]+)/g))
      paths.add(match[1].replace(/^\.\//, ""));
  }
  return [...paths].sort();
}

/** A file the command would write under the path (a directory) or the path itself (a file). */
function writtenFile(path: string): string {
  return /\.\w+$/.test(path) ? path : `${path.replace(/\/$/, "")}/raw/gw-001/upload.json`;
}

describe("what the documented commands write stays out of git and prettier", () => {
  test("the documents name output paths (so this test checks something)", () => {
    expect(documentedOutputPaths()).toEqual(
      expect.arrayContaining(["demo", "demo/pipeline.duckdb", "out/", "outputs.json"]),
    );
  });

  test.each(documentedOutputPaths())("git ignores %s", (path) => {
    const result = spawnSync("git", ["check-ignore", "--no-index", "-q", writtenFile(path)]);
    expect(result.status).toBe(0);
  });

  test.each(documentedOutputPaths())("prettier ignores %s", (path) => {
    // The CLI, as `npm run format:check` runs it (prettier's API needs ESM support jest lacks).
    const result = spawnSync("node_modules/.bin/prettier", ["--file-info", writtenFile(path)], {
      encoding: "utf8",
    });
    expect(JSON.parse(result.stdout)).toMatchObject({ ignored: true });
  });
});
