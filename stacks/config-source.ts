/**
 * Where each setting is written in `stacks/environments.ts`, read from the file's syntax tree: the
 * line of every key (so a message points into the environment's own block), and keys written twice
 * in one object, which JavaScript silently resolves to the last one.
 */
import { parse } from "@babel/parser";

type Statement = ReturnType<typeof parse>["program"]["body"][number];
type VariableDeclaration = Extract<Statement, { type: "VariableDeclaration" }>;
type Expression = NonNullable<VariableDeclaration["declarations"][number]["init"]>;
type ObjectExpression = Extract<Expression, { type: "ObjectExpression" }>;

/** A key written more than once in the same object. */
export interface DuplicateKey {
  /** Path of the key, e.g. ["dev"] or ["prod", "normalizer", "memorySizeMb"]. */
  readonly path: readonly string[];
  /** 1-based lines of every occurrence, in file order. */
  readonly lines: readonly number[];
}

/** The written settings of one file. */
export interface ConfigSource {
  /**
   * Line of the setting at `path`; when it is not written there, the line of its nearest written
   * parent (the block it belongs in). Undefined when not even the environment is written.
   */
  lineOf(path: readonly string[]): number | undefined;
  /** Whether the setting at `path` is written in the file. */
  has(path: readonly string[]): boolean;
  readonly duplicates: readonly DuplicateKey[];
}

interface WrittenObject {
  readonly keys: Map<string, { line: number; value: WrittenObject | undefined }>;
}

/**
 * Reads the object literal assigned to `variable` (e.g. ENVIRONMENTS) in TypeScript `text`.
 * Text that does not parse, or has no such variable, yields a source that knows no lines.
 */
export function readConfigSource(text: string, variable: string): ConfigSource {
  const duplicates: DuplicateKey[] = [];
  let root: WrittenObject | undefined;
  try {
    const file = parse(text, { sourceType: "module", plugins: ["typescript"] });
    const literal = findInitializer(file.program.body, variable);
    if (literal) root = readObject(literal, [], duplicates);
  } catch {
    root = undefined;
  }
  const walk = (path: readonly string[]) => {
    let node = root;
    let line: number | undefined;
    let depth = 0;
    for (const key of path) {
      const entry = node?.keys.get(key);
      if (!entry) break;
      line = entry.line;
      node = entry.value;
      depth++;
    }
    return { line, complete: depth === path.length };
  };
  return {
    lineOf: (path) => walk(path).line,
    has: (path) => walk(path).complete,
    duplicates,
  };
}

function findInitializer(
  body: readonly Statement[],
  variable: string,
): ObjectExpression | undefined {
  for (const statement of body) {
    const declaration =
      statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === "Identifier" && declarator.id.name === variable && declarator.init)
        return asObject(declarator.init);
    }
  }
  return undefined;
}

/** The object literal under `satisfies`, `as` or parentheses, if that is what the value is. */
function asObject(expression: Expression): ObjectExpression | undefined {
  switch (expression.type) {
    case "ObjectExpression":
      return expression;
    case "TSSatisfiesExpression":
    case "TSAsExpression":
    case "TSNonNullExpression":
    case "ParenthesizedExpression":
      return asObject(expression.expression);
    default:
      return undefined;
  }
}

function readObject(
  literal: ObjectExpression,
  path: readonly string[],
  duplicates: DuplicateKey[],
): WrittenObject {
  const keys = new Map<string, { line: number; value: WrittenObject | undefined }>();
  const linesByKey = new Map<string, number[]>();
  for (const property of literal.properties) {
    if (property.type !== "ObjectProperty" || property.computed) continue;
    const { key } = property;
    const name =
      key.type === "Identifier"
        ? key.name
        : key.type === "StringLiteral" || key.type === "NumericLiteral"
          ? String(key.value)
          : undefined;
    if (name === undefined) continue;
    const line = property.loc?.start.line ?? 0;
    linesByKey.set(name, [...(linesByKey.get(name) ?? []), line]);
    const value = asObject(property.value as Expression);
    // The last occurrence wins at run time, so its line is the one that describes the value.
    keys.set(name, { line, value: value && readObject(value, [...path, name], duplicates) });
  }
  for (const [name, lines] of linesByKey)
    if (lines.length > 1) duplicates.push({ path: [...path, name], lines });
  return { keys };
}
