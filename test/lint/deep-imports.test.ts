import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

/** Lints code as if it were constructs/example.ts, through the project's real ESLint config. */
function lint(code: string): Array<{ ruleId: string | null; message: string }> {
  const result = spawnSync(
    process.execPath,
    [
      join(root, "node_modules", "eslint", "bin", "eslint.js"),
      "--stdin",
      "--stdin-filename",
      "constructs/example.ts",
      "--format",
      "json",
    ],
    { cwd: root, input: code, encoding: "utf8" },
  );
  const [report] = JSON.parse(result.stdout) as Array<{
    messages: Array<{ ruleId: string | null; message: string }>;
  }>;
  return report.messages;
}

describe("the deep-import lint rule", () => {
  test.each(["@cdktf/provider-aws", "@cdktf/provider-snowflake"])(
    "fails an import of the %s package root and names the fix",
    (barrel) => {
      const messages = lint(`import { s3Bucket } from "${barrel}";\nexport const x = s3Bucket;\n`);
      expect(messages).toEqual([
        expect.objectContaining({
          ruleId: "no-restricted-imports",
          message: expect.stringMatching(/deep path/),
        }),
      ]);
    },
  );

  test("accepts a deep import", () => {
    const messages = lint(
      `import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\nexport const x = S3Bucket;\n`,
    );
    expect(messages).toEqual([]);
  });
});
