import { existsSync } from "node:fs";
import { join } from "node:path";
import { ALL_GUARDRAILS } from "../../guardrails/packs";

describe("the rule catalog", () => {
  test("gives every rule a unique id of the form <Service>.<Check>", () => {
    const ids = ALL_GUARDRAILS.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^(S3|IAM|SNS|SQS|Lambda|IoT|Firehose|Snowflake)\.[A-Z][A-Za-z]+$/);
  });

  test("keeps each rule in a file named after it, under its service's folder", () => {
    for (const rule of ALL_GUARDRAILS) {
      const folder = rule.id.split(".")[0].toLowerCase();
      const file = join(__dirname, "..", "..", "guardrails", "rules", folder, `${rule.name}.ts`);
      expect({ rule: rule.id, exists: existsSync(file) }).toEqual({ rule: rule.id, exists: true });
    }
  });

  test("gives every rule a one-sentence what, a why and at least one resource type", () => {
    for (const rule of ALL_GUARDRAILS) {
      expect(rule.what).toMatch(/^[A-Z].*\.$/);
      expect(rule.what.replace(/\.$/, "")).not.toMatch(/\.\s/);
      expect(rule.why.length).toBeGreaterThan(40);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
    }
  });
});
