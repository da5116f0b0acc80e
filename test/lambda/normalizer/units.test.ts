import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveUnit, UNIT_TABLE } from "../../../lambda/normalizer/units";

describe("unit table", () => {
  it.each([
    ["°C", "Cel"],
    ["degC", "Cel"],
    ["C", "C"],
    ["F", "F"],
    ["[degF]", "Cel"],
    [" ℃ ", "Cel"],
    ["%rh", "%RH"],
    ["hPa", "Pa"],
    ["lux", "lx"],
  ])("spells %j canonically as %s", (spelling, canonical) => {
    expect(resolveUnit(spelling)?.unit).toBe(canonical);
  });

  it("converts Fahrenheit to Cel", () => {
    const unit = resolveUnit("°F");
    expect(unit?.unit).toBe("Cel");
    expect(unit?.convert?.(212)).toBeCloseTo(100, 10);
    expect(unit?.convert?.(32)).toBeCloseTo(0, 10);
  });

  it("converts hectopascal to pascal", () => {
    expect(resolveUnit("hPa")?.convert?.(1013.25)).toBeCloseTo(101325, 6);
  });

  it("does not convert a canonical spelling", () => {
    expect(resolveUnit("Cel")?.convert).toBeNull();
  });

  it("passes an unknown unit through unchanged, trimmed", () => {
    expect(resolveUnit(" furlong/fortnight ")).toEqual({
      unit: "furlong/fortnight",
      quantity: null,
      convert: null,
    });
  });

  it("treats a missing or blank unit as none", () => {
    expect(resolveUnit(undefined)).toBeNull();
    expect(resolveUnit("  ")).toBeNull();
  });

  it("maps no spelling to two different units", () => {
    const spellings = UNIT_TABLE.flatMap((unit) => [
      ...unit.spellings,
      ...(unit.conversions ?? []).flatMap((conversion) => conversion.spellings),
    ]);
    expect(new Set(spellings).size).toBe(spellings.length);
  });

  it("is documented in docs/units.md, every canonical unit with every spelling and formula", () => {
    const docs = readFileSync(join(__dirname, "..", "..", "..", "docs", "units.md"), "utf8");
    const rows = docs.split("\n").filter((line) => line.startsWith("| `"));
    for (const unit of UNIT_TABLE) {
      const row = rows.find((line) => line.startsWith(`| \`${unit.canonical}\` |`));
      expect(row).toBeDefined();
      for (const spelling of unit.spellings) expect(row).toContain(`\`${spelling}\``);
      for (const conversion of unit.conversions ?? []) {
        expect(row).toContain(conversion.formula);
        for (const spelling of conversion.spellings) expect(row).toContain(`\`${spelling}\``);
      }
    }
  });
});
