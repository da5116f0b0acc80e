import type { PolicyPrincipal } from "../../policy-document";

/** Whether an AWS principal is this account's: the caller identity's account or a role of this stack. */
export function isSameAccount(identifier: string): boolean {
  return /^\$\{(data\.aws_caller_identity\.|aws_iam_role\.|aws_iam_user\.)/.test(identifier);
}

/** Principals of one type (`AWS`, `Service`, `Federated`). */
export function principalsOfType(
  principals: readonly PolicyPrincipal[] | undefined,
  type: string,
): string[] {
  return (principals ?? [])
    .filter((principal) => principal.type === type)
    .flatMap((p) => [...p.identifiers]);
}
