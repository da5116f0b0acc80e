import { type ReadPolicy, readPolicy } from "./policy-document";
import { blocks } from "./references";
import type { StackResources, SynthesizedResource } from "./stack-resources";

/** What a policy governs: what a principal may do, who may use a resource, or who may assume a role. */
export type PolicyKind = "identity" | "resource" | "trust";

/** A policy held in one argument of a resource. */
export interface HeldPolicy {
  readonly kind: PolicyKind;
  /** The argument it was read from, for messages (`policy`, `inline_policy[0].policy`). */
  readonly argument: string;
  readonly policy: ReadPolicy;
}

const IDENTITY_POLICIES = [
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
];
/** KMS key policies are left out: their `Resource: "*"` means the key itself, and `kms:*` for the account root is required. */
const RESOURCE_POLICIES = [
  "aws_s3_bucket_policy",
  "aws_sns_topic_policy",
  "aws_sns_topic",
  "aws_sqs_queue_policy",
  "aws_sqs_queue",
];

/** Resource types that hold an identity policy (including roles' inline policies). */
export const IDENTITY_POLICY_TYPES: readonly string[] = [...IDENTITY_POLICIES, "aws_iam_role"];
/** Resource types that hold a resource policy. */
export const RESOURCE_POLICY_TYPES: readonly string[] = RESOURCE_POLICIES;

/** The policies a resource holds, read from their arguments. */
export function policiesOf(resource: SynthesizedResource, stack: StackResources): HeldPolicy[] {
  const held: HeldPolicy[] = [];
  const read = (kind: PolicyKind, argument: string, value: unknown) => {
    if (value !== undefined) held.push({ kind, argument, policy: readPolicy(value, stack) });
  };
  if (IDENTITY_POLICIES.includes(resource.type)) read("identity", "policy", resource.config.policy);
  if (RESOURCE_POLICIES.includes(resource.type)) read("resource", "policy", resource.config.policy);
  if (resource.type === "aws_iam_role") {
    read("trust", "assume_role_policy", resource.config.assume_role_policy);
    blocks(resource.config.inline_policy).forEach((inline, index) =>
      read("identity", `inline_policy[${index}].policy`, inline.policy),
    );
  }
  return held;
}
