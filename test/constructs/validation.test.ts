import { Lazy, TerraformStack, Testing } from "cdktf";
import { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { SnowflakeDatabase } from "../../constructs/snowflake-database";
import {
  AWS_EXTERNAL_ID,
  IAM_ROLE_NAME,
  KEY_PREFIX,
  Problems,
  RSA_PUBLIC_KEY_BODY,
  SNOWFLAKE_IDENTIFIER,
  SNOWFLAKE_ROLE_NAME,
  type TextRule,
} from "../../constructs/validation";
import { ENVIRONMENTS } from "../../stacks/environments";
import { loadEnvironments } from "../../stacks/load-environments";

const unresolved = Lazy.stringValue({ produce: () => "resolved later" });

describe("the shared rules", () => {
  test.each<[string, TextRule, string[], string[]]>([
    [
      "SNOWFLAKE_IDENTIFIER",
      SNOWFLAKE_IDENTIFIER,
      ["SENSORS_DEV", "A1"],
      ["sensors", "1A", "A-B", ""],
    ],
    [
      "SNOWFLAKE_ROLE_NAME",
      SNOWFLAKE_ROLE_NAME,
      ["SENSORS_DEV_ENGINEER", "PUBLICIST"],
      ["PUBLIC", "lower"],
    ],
    [
      "IAM_ROLE_NAME",
      IAM_ROLE_NAME,
      ["sensors-dev-read", "a+b=c,d.e@f_g"],
      ["has space", "x".repeat(65)],
    ],
    ["KEY_PREFIX", KEY_PREFIX, ["raw/", "a/b/"], ["", "raw", "/raw/", "a//", "a b/"]],
    [
      "AWS_EXTERNAL_ID",
      AWS_EXTERNAL_ID,
      ["0b6f3c1e-8d2a-4f57-9e41"],
      ["too-short", "sixteen chars!!!"],
    ],
    [
      "RSA_PUBLIC_KEY_BODY",
      RSA_PUBLIC_KEY_BODY,
      ["M".repeat(200) + "=="],
      ["M".repeat(199), "-----BEGIN"],
    ],
  ])("%s accepts what it should and nothing else", (_name, rule, good, bad) => {
    for (const value of good) expect([value, rule.pattern.test(value)]).toEqual([value, true]);
    for (const value of bad) expect([value, rule.pattern.test(value)]).toEqual([value, false]);
  });
});

describe("Problems", () => {
  test("names the owner and every problem in one error", () => {
    const problems = new Problems("Thing")
      .identifier("tableName", "readings")
      .wholeNumber("memorySizeMb", 64, 128, 10240, "MB")
      .atLeast("quota", 0, 1, "credits")
      .add("prefixes overlap");
    expect(() => problems.throwIfAny()).toThrow(
      'Thing: tableName "readings" must be an unquoted Snowflake identifier in upper case (letters, digits, underscores; starts with a letter); memorySizeMb 64 must be a whole number from 128 to 10240 MB; quota 0 must be a whole number of at least 1 credits; prefixes overlap.',
    );
  });

  test("passes valid values, unset optional props and unresolved tokens", () => {
    expect(() =>
      new Problems("Thing")
        .identifier("a", "SENSORS")
        .roleName("b", undefined)
        .keyPrefix("c", unresolved)
        .iamRoleName("d", unresolved)
        .wholeNumber("e", Lazy.numberValue({ produce: () => -1 }), 1, 2, "units")
        .throwIfAny(),
    ).not.toThrow();
  });

  test("keeps an external ID out of the message", () => {
    expect(() =>
      new Problems("Thing").externalId("externalId", "short-secretish").throwIfAny(),
    ).toThrow(/^Thing: externalId must be 16-1224 characters/);
    expect(() =>
      new Problems("Thing").externalId("externalId", "short-secretish").throwIfAny(),
    ).not.toThrow(/short-secretish/);
  });
});

describe("one rule for the constructs and the config schema", () => {
  test("a construct and the config reject a lower-case name with the same words", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const provider = new SnowflakeProvider(stack, "snowflake", {});
    expect(
      () =>
        new SnowflakeDatabase(stack, "Db", {
          databaseName: "sensors",
          dataRetentionTimeInDays: 1,
          provider,
        }),
    ).toThrow(`databaseName "sensors" must be ${SNOWFLAKE_IDENTIFIER.mustBe}`);
    const input = structuredClone(ENVIRONMENTS.dev);
    const broken = { ...input, snowflake: { ...input.snowflake, ownerRole: "PUBLIC" } };
    expect(() => loadEnvironments({ dev: broken }, "")).toThrow(
      `must be ${SNOWFLAKE_ROLE_NAME.mustBe}`,
    );
  });
});
