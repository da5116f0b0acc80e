import type { AwsCredentialIdentity, Provider } from "@smithy/types";

/**
 * Resolves the AWS credentials a client will sign with before any work starts, so a missing
 * profile or expired session ends in one message with the fix instead of the SDK's "Could not
 * load credentials from any providers" halfway through a run.
 */
export async function requireAwsCredentials(
  credentials: Provider<AwsCredentialIdentity> | AwsCredentialIdentity,
): Promise<void> {
  try {
    if (typeof credentials === "function") await credentials();
  } catch (error) {
    throw new Error(
      `AWS credentials: none found (${(error as Error).message}).\n` +
        "  Fix: export AWS_PROFILE=<profile> (after `aws sso login` if it uses SSO), or " +
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for the account of the stack's bucket.",
    );
  }
}
