import { Aspects, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsAccount } from "./aws-account";

/**
 * Puts a permissions boundary on every IAM role in a scope, the way aws-cdk's
 * `PermissionsBoundary.of(scope).apply(policy)` does. The CI deploy role may create and change
 * roles only when they carry this boundary (`iam:PermissionsBoundary` condition), so a role
 * declared without it would fail the deploy with AccessDenied; applying it here means no construct
 * can forget it. A role that sets its own boundary keeps it.
 */
export class PermissionsBoundary implements IAspect {
  /**
   * Applies the customer managed policy named `policyName` (in the stack's account) to every role
   * under `scope`; returns its ARN.
   */
  static apply(scope: IConstruct, policyName: string): string {
    // The account lookup is created now, not while aspects run (constructs added then are missed).
    const account = AwsAccount.of(scope);
    const arn = `arn:${account.partition}:iam::${account.accountId}:policy/${policyName}`;
    Aspects.of(scope).add(new PermissionsBoundary(arn));
    return arn;
  }

  private constructor(private readonly policyArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole && node.permissionsBoundaryInput === undefined) {
      node.permissionsBoundary = this.policyArn;
    }
  }
}
