import { readFileSync } from "node:fs";
import { transformSync } from "esbuild";
import { loadEnvironments } from "../../stacks/load-environments";

/**
 * Each test edits the real stacks/environments.ts as a user would, runs the edited file, and loads
 * it: the message must name the line the test finds in the edited text, the setting and the fix.
 */
const ORIGINAL = readFileSync("stacks/environments.ts", "utf8");

function edited(...edits: [string | RegExp, string][]): string {
  let source = ORIGINAL;
  for (const [from, to] of edits) {
    const next = source.replace(from, to);
    if (next === source) throw new Error(`edit did not apply: ${String(from)}`);
    source = next;
  }
  return source;
}

/** The error loading the edited file gives (it must fail). */
function errorOf(source: string): string {
  const { code } = transformSync(source, { loader: "ts", format: "cjs" });
  const module = { exports: {} as { ENVIRONMENTS?: Record<string, never> } };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  try {
    loadEnvironments(module.exports.ENVIRONMENTS ?? {}, source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the edited configuration loaded without an error");
}

/** 1-based line of the first line containing `text`, searching from the line containing `after`. */
function lineOf(source: string, text: string, after?: string): number {
  const lines = source.split("\n");
  const from = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= from && line.includes(text));
  if (from < 0 || index < 0) throw new Error(`not in the source: ${text}`);
  return index + 1;
}

describe("unknown settings are errors with the closest valid name", () => {
  test.each([
    ["memorySizeMb: 1024", "memorySizeMB: 1024", "prod.normalizer.memorySizeMB", "memorySizeMb"],
    [
      "reservedConcurrency: 50",
      "reservedconcurrency: 50",
      "prod.normalizer.reservedconcurrency",
      "reservedConcurrency",
    ],
    [
      'emailAddresses: ["data',
      'emailAdresses: ["data',
      "prod.alerts.emailAdresses",
      "emailAddresses",
    ],
  ])("%s misspelled as %s", (from, to, setting, suggestion) => {
    const source = edited([from, to]);
    const name = to.split(":")[0];
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, name, 'name: "prod"')}: ${setting} is not a setting; did you mean ${suggestion}?\n  Fix: rename it to ${suggestion}.`,
    );
  });

  test("a key like no setting lists the valid names of its block", () => {
    const source = edited([
      "normalizer: { memorySizeMb: 512",
      "normalizer: { colour: 1, memorySizeMb: 512",
    ]);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, "colour")}: dev.normalizer.colour is not a setting.\n  Fix: remove it; the settings here are memorySizeMb, timeoutSeconds,`,
    );
  });
});

describe("blocks written twice", () => {
  test("a second dev block is an error naming both lines", () => {
    const source = edited(["  prod: {", '  dev: {\n    name: "dev",\n  },\n  prod: {']);
    const lines = source.split("\n");
    const first = lines.indexOf("  dev: {") + 1;
    const second = lines.indexOf("  dev: {", first) + 1;
    expect(second).toBeGreaterThan(first);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${first}: dev is written 2 times (lines ${first}, ${second}); only the last one counts.\n  Fix: keep one dev block and merge the others into it.`,
    );
  });

  test("two environments with the same name name both lines", () => {
    const source = edited(['name: "prod",', 'name: "dev",']);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, 'name: "dev"', "prod: {")}: prod.name = "dev" differs from its key "prod", and is dev's name already (line ${lineOf(source, 'name: "dev"')}): both stacks would be sensors-dev.\n  Fix: rename the key or the name so they match`,
    );
  });

  test("a setting written twice in one block names both lines", () => {
    const source = edited([
      "reservedConcurrency: 5,",
      "reservedConcurrency: 5, reservedConcurrency: 6,",
    ]);
    const line = lineOf(source, "reservedConcurrency: 5,");
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${line}: dev.normalizer.reservedConcurrency is written 2 times (lines ${line}, ${line})`,
    );
  });
});

describe("missing and invalid values point into the environment's own block", () => {
  test("dev without aws cites dev's block and the expected shape, not prod's aws line", () => {
    const source = edited(['    aws: { region: "eu-west-1" },\n', ""]);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, "  dev: {")}: dev.aws is missing; it must be a block { region }.\n  Fix: add dev.aws to the dev block.`,
    );
  });

  test("a missing account name says what an account name looks like", () => {
    const source = edited(['      accountName: "SENSORS_DEV",\n', ""]);
    expect(errorOf(source)).toMatch(
      new RegExp(
        `stacks/environments\\.ts:${lineOf(source, "snowflake: {")}: dev\\.snowflake\\.accountName is missing; it must be the account name as SELECT CURRENT_ACCOUNT_NAME\\(\\) returns it`,
      ),
    );
  });

  test("an account locator given as the account name is told what an account name is", () => {
    const source = edited(['accountName: "SENSORS_DEV"', 'accountName: "xy12345.eu-west-1"']);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, "xy12345")}: dev.snowflake.accountName = "xy12345.eu-west-1" is invalid; it must be the account name as SELECT CURRENT_ACCOUNT_NAME() returns it, not the locator (xy12345) or a URL: upper-case letters, digits and underscores, e.g. SENSORS_DEV.\n  Fix: change dev.snowflake.accountName.`,
    );
  });

  test("a value of the wrong type says what is expected, never zod's raw text", () => {
    const source = edited(["memorySizeMb: 1024", 'memorySizeMb: "1024"']);
    const message = errorOf(source);
    expect(message).toContain(
      `stacks/environments.ts:${lineOf(source, 'memorySizeMb: "1024"')}: prod.normalizer.memorySizeMb = "1024" is invalid; it must be a number that is at least 128 MB and at most 10240 MB.\n  Fix: change prod.normalizer.memorySizeMb.`,
    );
    expect(message).not.toMatch(/Invalid input|expected number/);
  });

  test("the README's sample error is what a wrong memory size gives", () => {
    const source = edited(["memorySizeMb: 1024", "memorySizeMb: 0"]);
    const readme = readFileSync("README.md", "utf8");
    const sample = /for example:\n\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(sample).toBeDefined();
    expect(errorOf(source)).toContain(sample);
  });
});

describe("what only shows across environments", () => {
  test("prod using dev's landing bucket names both lines", () => {
    const source = edited([
      'name: "example-sensors-prod-landing"',
      'name: "example-sensors-dev-landing"',
    ]);
    const devLine = lineOf(source, "example-sensors-dev-landing");
    const prodLine = lineOf(source, "example-sensors-dev-landing", 'name: "prod"');
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${prodLine}: prod.landingBucket.name = "example-sensors-dev-landing" is also dev's landing bucket (line ${devLine})`,
    );
  });

  test("a landing bucket named like the state bucket is refused", () => {
    const source = edited([
      'name: "example-sensors-dev-landing"',
      'name: "example-sensors-tfstate"',
    ]);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, 'name: "example-sensors-tfstate"')}: dev.landingBucket.name = "example-sensors-tfstate" is the Terraform state bucket`,
    );
  });

  test("an IP-shaped bucket name is refused with S3's rule", () => {
    const source = edited(['name: "example-sensors-dev-landing"', 'name: "192.168.5.4"']);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, "192.168.5.4")}: dev.landingBucket.name = "192.168.5.4" is not a valid S3 bucket name; it must not be formatted as an IP address (like 192.168.5.4).`,
    );
  });

  test("a region typo is named with the closest real region", () => {
    const source = edited(['aws: { region: "eu-west-1" }', 'aws: { region: "eu-wset-1" }']);
    expect(errorOf(source)).toContain(
      `stacks/environments.ts:${lineOf(source, "eu-wset-1")}: dev.aws.region = "eu-wset-1" is not an AWS region; did you mean eu-west-1?\n  Fix: change it to eu-west-1.`,
    );
  });
});
