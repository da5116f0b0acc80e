import type { SynthesizedResource } from "./stack-resources";

/**
 * Reading resolved Terraform values: literals, `${...}` expressions and references between blocks.
 * Rules use these instead of string matching so that a literal name and a reference to the same
 * resource count alike.
 */

/** Whether a value is (or contains) a Terraform expression, i.e. not known until plan. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** Whether a value is a literal known at synth: a string without expressions, a number or a boolean. */
export function isLiteral(value: unknown): value is string | number | boolean {
  return (
    (typeof value === "string" && !value.includes("${")) ||
    typeof value === "number" ||
    typeof value === "boolean"
  );
}

/** Whether `value` is exactly a reference to one of `attributes` of `target` (`${aws_s3_bucket.x.id}`). */
export function isReferenceTo(
  value: unknown,
  target: SynthesizedResource,
  attributes: readonly string[],
): boolean {
  if (typeof value !== "string") return false;
  return attributes.some((attribute) => value === `\${${target.address}.${attribute}}`);
}

/**
 * Whether `value` identifies `target`: a reference to one of `attributes`, or the same literal as
 * the target's own `literalArgument` (a bucket named by string in both places).
 */
export function identifies(
  value: unknown,
  target: SynthesizedResource,
  attributes: readonly string[],
  literalArgument: string,
): boolean {
  if (isReferenceTo(value, target, attributes)) return true;
  const own = target.config[literalArgument];
  return isLiteral(value) && isLiteral(own) && value === own;
}

const ADDRESS = /\b((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z0-9_]+/g;

/** Addresses of the blocks a value refers to inside its `${...}` expressions. */
export function referencedAddresses(value: unknown): string[] {
  if (!isExpression(value)) return [];
  const addresses = new Set<string>();
  for (const expression of value.match(/\$\{[^}]*\}/g) ?? []) {
    for (const match of expression.matchAll(ADDRESS)) addresses.add(match[1]);
  }
  return [...addresses];
}

/** A nested block as a list: cdktf writes single blocks as objects and repeated ones as arrays. */
export function blocks(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

/** A list argument as strings: a single string counts as a one-element list. */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
}

/** Whether a value is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
