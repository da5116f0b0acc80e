import type { HeldPolicy, PolicyKind } from "../../policies";
import type { PolicyStatement } from "../../policy-document";

/** Allow statements of the given kinds of policy, plus notes on policies that could not be read. */
export function allowStatements(
  held: readonly HeldPolicy[],
  kinds: readonly PolicyKind[],
): { statements: Array<{ argument: string; statement: PolicyStatement }>; unreadable: string[] } {
  const statements: Array<{ argument: string; statement: PolicyStatement }> = [];
  const unreadable: string[] = [];
  for (const { kind, argument, policy } of held) {
    if (!kinds.includes(kind)) continue;
    if ("unreadable" in policy) {
      unreadable.push(`${argument}: ${policy.unreadable}`);
      continue;
    }
    for (const statement of policy.statements) {
      if (statement.effect === "Allow") statements.push({ argument, statement });
    }
  }
  return { statements, unreadable };
}
