import { Lazy } from "cdktf";

/** The fields every statement has, whichever of `Action` / `NotAction` it uses. */
interface PolicyStatementFields {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  /** Absent only in trust policies. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/**
 * One statement of an IAM, bucket, topic or key policy, in AWS's own JSON shape: exactly one of
 * `Action` and `NotAction` (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
 */
export type PolicyStatementJson = PolicyStatementFields &
  (
    | { readonly Action: string | readonly string[]; readonly NotAction?: never }
    | { readonly NotAction: string | readonly string[]; readonly Action?: never }
  );

/** A whole policy document, in AWS's own JSON shape. */
export interface PolicyDocumentJson {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatementJson[];
}

/**
 * A policy document as a JSON string. Written in TypeScript rather than with
 * `aws_iam_policy_document` so the synthesized policy is plain JSON that tests (and reviewers) can
 * read; Terraform references inside it stay `${...}` interpolations.
 */
export function policyJson(statements: readonly PolicyStatementJson[]): string {
  const document: PolicyDocumentJson = { Version: "2012-10-17", Statement: statements };
  return JSON.stringify(document);
}

/** A policy rendered at synth, so statements pushed to `statements` later are included. */
export function lazyPolicyJson(statements: readonly PolicyStatementJson[]): string {
  return Lazy.stringValue({ produce: () => policyJson(statements) });
}

/**
 * An IAM policy variable such as `aws:PrincipalTag/gateway_id`, escaped so Terraform passes
 * `${...}` through to AWS instead of reading it as an interpolation.
 */
export function iamPolicyVariable(name: string): string {
  return `$\${${name}}`;
}
