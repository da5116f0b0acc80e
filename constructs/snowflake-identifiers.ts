/** The identifier in double quotes, as the provider writes fully qualified names. */
export function quotedIdentifier(name: string): string {
  return `"${name}"`;
}
