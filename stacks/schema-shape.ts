/**
 * What a configuration schema expects, read from the zod schema itself so messages stay true when
 * a setting is added: the valid names at each level (unknown keys are mistakes, not extras to drop)
 * and a short description of the expected value for a missing or mistyped one.
 */
import type { z } from "zod";

type Schema = z.core.$ZodType;

interface Def {
  readonly type: string;
  readonly innerType?: Schema;
  readonly element?: Schema;
  readonly shape?: Record<string, Schema>;
  readonly entries?: Record<string, string | number>;
  readonly in?: Schema;
}

const defOf = (schema: Schema) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional, default, prefault, nullable and readonly wrappers. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

/** Whether the key may be left out (it is optional or has a default). */
function isOptional(schema: Schema): boolean {
  return ["optional", "default", "prefault"].includes(defOf(schema).type);
}

/** The schema of the value at `path` (array indexes included), or undefined if there is none. */
export function schemaAt(root: Schema, path: readonly PropertyKey[]): Schema | undefined {
  let current: Schema | undefined = root;
  for (const key of path) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    current = def.type === "object" ? def.shape?.[String(key)] : def.element;
  }
  return current;
}

/** A key the schema does not know, with the names valid at its level. */
export interface UnknownKey {
  readonly path: readonly string[];
  readonly validNames: readonly string[];
}

/** Every key of `input` that `schema` does not declare, at any depth. */
export function unknownKeys(
  schema: Schema,
  input: unknown,
  path: readonly string[] = [],
): UnknownKey[] {
  const def = defOf(unwrap(schema));
  if (def.type === "array" && def.element && Array.isArray(input))
    return input.flatMap((item, i) =>
      unknownKeys(def.element as Schema, item, [...path, String(i)]),
    );
  if (def.type !== "object" || !def.shape || input === null || typeof input !== "object") return [];
  const shape = def.shape;
  return Object.entries(input).flatMap(([key, value]) =>
    key in shape
      ? unknownKeys(shape[key], value, [...path, key])
      : [{ path: [...path, key], validNames: Object.keys(shape) }],
  );
}

/** First "must …" message the schema gives for one of the probe values. */
function mustMessages(schema: Schema, probes: readonly unknown[]): string[] {
  const messages = new Set<string>();
  for (const probe of probes) {
    const result = (schema as unknown as z.ZodType).safeParse(probe);
    for (const issue of result.error?.issues ?? [])
      if (issue.message.startsWith("must ")) messages.add(issue.message.slice("must ".length));
  }
  return [...messages];
}

/** What a value at this schema must do, to follow "must": e.g. "be a block { region }". */
export function describeExpected(schema: Schema): string {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case "object": {
      const required = Object.entries(def.shape ?? {})
        .filter(([, field]) => !isOptional(field))
        .map(([key]) => key);
      return required.length > 0 ? `be a block { ${required.join(", ")} }` : "be a block";
    }
    case "enum":
      return `be one of ${Object.values(def.entries ?? {}).join(", ")}`;
    case "boolean":
      return "be true or false";
    case "array":
      return `be a list whose every item must ${def.element ? describeExpected(def.element) : "be a value"}`;
    case "number": {
      const typed = mustMessages(inner, ["not a number"]);
      if (typed.length > 0) return typed[0];
      const range = mustMessages(inner, [-1e15, 1e15, 0.5]).map((rule) => rule.replace(/^be /, ""));
      return range.length > 0 ? `be a number that is ${range.join(" and ")}` : "be a number";
    }
    case "string": {
      const rule = mustMessages(inner, ["\u0000"]);
      return rule.length > 0 ? rule[0] : "be text";
    }
    default:
      return `be a ${def.type}`;
  }
}

/** Levenshtein distance, case-insensitive: `memorySizeMB` is one step from `memorySizeMb`'s intent. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[y.length];
}

/** The candidate closest to `name`, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))
    ? best
    : undefined;
}
