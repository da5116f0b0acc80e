import { blocks, isExpression, isRecord, strings } from "./references";
import type { StackResources } from "./stack-resources";

/** A principal of a statement: `AWS`, `Service`, `Federated` or `CanonicalUser`; `*` is `AWS` `*`. */
export interface PolicyPrincipal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** One condition: operator (`StringEquals`), key (`aws:SourceArn`) and values. */
export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly unknown[];
}

/** A policy statement, the same whether it was written as JSON or as `aws_iam_policy_document`. */
export interface PolicyStatement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Undefined when the statement has no Principal (identity policies). */
  readonly principals?: readonly PolicyPrincipal[];
  readonly notPrincipals?: readonly PolicyPrincipal[];
  readonly conditions: readonly PolicyCondition[];
}

/** A policy read from a resource argument, or why it could not be read at synth. */
export type ReadPolicy =
  { readonly statements: readonly PolicyStatement[] } | { readonly unreadable: string };

const POLICY_DOCUMENT =
  /^\$\{(data\.aws_iam_policy_document\.[A-Za-z0-9_-]+)\.(json|minified_json)\}$/;

/**
 * Reads a policy argument: a JSON string (references inside it stay `${...}` strings) or a
 * reference to an `aws_iam_policy_document` data source, whose statements come from its config.
 */
export function readPolicy(value: unknown, stack: StackResources): ReadPolicy {
  if (typeof value !== "string") return { unreadable: "the policy is not a string" };
  const reference = POLICY_DOCUMENT.exec(value);
  if (reference) return readPolicyDocument(reference[1], stack, new Set());
  if (isExpression(value) && value.trim().startsWith("${")) {
    return { unreadable: `the policy is computed at plan time (${value.slice(0, 80)})` };
  }
  try {
    return { statements: statementsFromJson(JSON.parse(value)) };
  } catch {
    return { unreadable: "the policy is not valid JSON" };
  }
}

function readPolicyDocument(address: string, stack: StackResources, seen: Set<string>): ReadPolicy {
  const document = stack.byAddress(address);
  if (!document) return { unreadable: `${address} is not in this stack` };
  if (document.unresolvable) return { unreadable: document.unresolvable };
  if (seen.has(address)) return { statements: [] };
  seen.add(address);
  const statements = blocks(document.config.statement).map(statementFromDocument);
  // Source and override documents contribute statements; reading them all errs on the side of
  // finding a bad statement rather than missing one.
  for (const included of [
    ...strings(document.config.source_policy_documents),
    ...strings(document.config.override_policy_documents),
  ]) {
    const nested = POLICY_DOCUMENT.exec(included);
    const read = nested ? readPolicyDocument(nested[1], stack, seen) : readPolicy(included, stack);
    if ("unreadable" in read) return read;
    statements.push(...read.statements);
  }
  return { statements };
}

function statementFromDocument(block: Record<string, unknown>): PolicyStatement {
  const principals = (key: string) =>
    block[key] === undefined
      ? undefined
      : blocks(block[key]).map((principal) => ({
          type: principal.type === "*" ? "AWS" : String(principal.type),
          identifiers: strings(principal.identifiers),
        }));
  return {
    effect: block.effect === "Deny" ? "Deny" : "Allow",
    actions: strings(block.actions),
    notActions: strings(block.not_actions),
    resources: strings(block.resources),
    notResources: strings(block.not_resources),
    principals: principals("principals"),
    notPrincipals: principals("not_principals"),
    conditions: blocks(block.condition).map((condition) => ({
      test: String(condition.test),
      variable: String(condition.variable),
      values: Array.isArray(condition.values) ? condition.values : [condition.values],
    })),
  };
}

function statementsFromJson(document: unknown): PolicyStatement[] {
  if (!isRecord(document)) throw new Error("not a policy");
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter(isRecord).map((statement) => ({
    effect: statement.Effect === "Deny" ? "Deny" : "Allow",
    actions: strings(statement.Action),
    notActions: strings(statement.NotAction),
    resources: strings(statement.Resource),
    notResources: strings(statement.NotResource),
    principals: principalsFromJson(statement.Principal),
    notPrincipals: principalsFromJson(statement.NotPrincipal),
    conditions: conditionsFromJson(statement.Condition),
  }));
}

function principalsFromJson(value: unknown): PolicyPrincipal[] | undefined {
  if (value === undefined) return undefined;
  if (value === "*") return [{ type: "AWS", identifiers: ["*"] }];
  if (!isRecord(value)) return [];
  return Object.entries(value).map(([type, identifiers]) => ({
    type,
    identifiers: strings(identifiers),
  }));
}

function conditionsFromJson(value: unknown): PolicyCondition[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([test, byKey]) =>
    isRecord(byKey)
      ? Object.entries(byKey).map(([variable, values]) => ({
          test,
          variable,
          values: Array.isArray(values) ? values : [values],
        }))
      : [],
  );
}

/** Whether an action pattern (`s3:Get*`, `*`) matches an action (`s3:GetObject`), case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return regex.test(action);
}

/** The condition keys a statement tests, lower-cased (`aws:sourcearn`). */
export function conditionKeys(statement: PolicyStatement): Set<string> {
  return new Set(statement.conditions.map((condition) => condition.variable.toLowerCase()));
}
