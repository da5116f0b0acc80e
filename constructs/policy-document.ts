import { Lazy } from "cdktf";

/** One statement of an IAM, bucket, topic or key policy, in AWS's own JSON shape. */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  /** Absent only in trust policies. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/**
 * A policy document as a JSON string. Written in TypeScript rather than with
 * `aws_iam_policy_document` so the synthesized policy is plain JSON that tests (and reviewers) can
 * read; Terraform references inside it stay `${...}` interpolations.
 */
export function policyJson(statements: readonly PolicyStatementJson[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
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
