import { readFileSync } from "node:fs";
import { GUARDRAILS_DOC_PATH, renderGuardrailsDoc } from "../../guardrails/docs";
import { ALL_GUARDRAILS } from "../../guardrails/packs";

describe("docs/guardrails.md", () => {
  test("matches the rule definitions (run `npm run docs:guardrails` after changing a rule)", () => {
    expect(readFileSync(GUARDRAILS_DOC_PATH, "utf8")).toBe(renderGuardrailsDoc());
  });

  test("has a section for every rule, with its level", () => {
    const doc = renderGuardrailsDoc();
    for (const rule of ALL_GUARDRAILS) {
      expect(doc).toContain(`#### ${rule.id}\n\n**${rule.level}**`);
    }
  });
});
