import type { PolicyPrincipal } from "../../policy-document";
import { referencedAddresses } from "../../references";

/**
 * Whether an AWS principal is this account's: built from the caller identity's account ID, or a
 * role or user declared in this stack. Anything else (literal ARNs, another provider's attributes
 * such as a Snowflake integration's IAM user) counts as outside.
 */
export function isSameAccount(identifier: string): boolean {
  const addresses = referencedAddresses(identifier);
  return (
    addresses.length > 0 &&
    addresses.every((address) =>
      /^(data\.aws_caller_identity|aws_iam_role|aws_iam_user)\./.test(address),
    )
  );
}

/** Principals of one type (`AWS`, `Service`, `Federated`). */
export function principalsOfType(
  principals: readonly PolicyPrincipal[] | undefined,
  type: string,
): string[] {
  return (principals ?? [])
    .filter((principal) => principal.type === type)
    .flatMap((principal) => [...principal.identifiers]);
}
