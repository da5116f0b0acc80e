import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { importCircles, importGraph, projectFiles } from "../helpers/import-graph";

const ROOT = resolve(__dirname, "../..");

/** A throw-away project of the given files, with the graph and circles read from it. */
function fixture(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "import-circles-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const graph = importGraph(root, projectFiles(root));
    return { graph, circles: importCircles(graph) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("import circles", () => {
  test("the project's own files import one another without a circle", () => {
    const circles = importCircles(importGraph(ROOT, projectFiles(ROOT)));
    // On failure the message lists each circle as a path, e.g. a.ts → b.ts → a.ts: move what both
    // files need into a third file they both import (see stacks/names.ts, cli/commands/command.ts).
    expect(circles.map((circle) => circle.join(" → "))).toEqual([]);
  });

  test("a mutation that adds one import back up the graph is reported as a circle", () => {
    const graph = importGraph(ROOT, projectFiles(ROOT));
    expect(graph.get("stacks/config.ts")).toContain("constructs/validation.ts");
    const mutated = new Map(graph);
    mutated.set("constructs/validation.ts", [
      ...(graph.get("constructs/validation.ts") ?? []),
      "stacks/config.ts",
    ]);
    const circles = importCircles(mutated);
    expect(circles).toHaveLength(1);
    expect(circles[0]).toEqual(
      expect.arrayContaining(["constructs/validation.ts", "stacks/config.ts"]),
    );
    expect(circles[0][0]).toBe(circles[0][circles[0].length - 1]);
  });

  test("finds a circle made only of type imports, and names it as a path back to its start", () => {
    const { circles } = fixture({
      "stack.ts": 'import type { Serving } from "./serving";\nexport class Stack {}\n',
      "serving.ts": 'import type { Stack } from "./stack";\nexport interface Serving {}\n',
    });
    expect(circles).toEqual([["serving.ts", "stack.ts", "serving.ts"]]);
  });

  test("follows re-exports, folder indexes, dynamic imports and require, and ignores packages", () => {
    const { graph, circles } = fixture({
      "a.ts": 'export * from "./lib";\nimport { z } from "zod";\n',
      "lib/index.ts": 'export const lazy = () => import("../c");\n',
      "c.ts": 'const b = require("./b");\n',
      "b.ts": 'import "./a";\n',
    });
    expect(graph.get("a.ts")).toEqual(["lib/index.ts"]);
    expect(circles).toHaveLength(1);
    expect(circles[0]).toEqual(["a.ts", "lib/index.ts", "c.ts", "b.ts", "a.ts"]);
  });

  test("reports nothing for a graph without a circle, and a file importing itself", () => {
    expect(
      fixture({
        "a.ts": 'import { b } from "./b";\nimport { c } from "./c";\n',
        "b.ts": 'import { c } from "./c";\nexport const b = 1;\n',
        "c.ts": "export const c = 1;\n",
      }).circles,
    ).toEqual([]);
    expect(fixture({ "self.ts": 'import "./self";\n' }).circles).toEqual([["self.ts", "self.ts"]]);
  });
});
