import { TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";

const ID = "AwsAccount";

/**
 * The AWS account and partition a stack deploys into, looked up once per stack. Builds IAM role ARNs
 * from role names, which lets a Snowflake integration name its role before the role exists.
 */
export class AwsAccount extends Construct {
  /** The stack's account and partition, created on first use. */
  static of(scope: IConstruct): AwsAccount {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return existing instanceof AwsAccount ? existing : new AwsAccount(stack, ID);
  }

  /** Account ID of the deploying credentials. */
  readonly accountId: string;
  /** Partition of the account (`aws`, `aws-us-gov`, `aws-cn`). */
  readonly partition: string;
  /** DNS suffix of the partition's service endpoints (`amazonaws.com` in `aws`). */
  readonly dnsSuffix: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, "CallerIdentity").accountId;
    const partition = new DataAwsPartition(this, "Partition");
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
  }

  /** ARN of the IAM role with this name (path `/`) in this account. */
  roleArn(roleName: string): string {
    return `arn:${this.partition}:iam::${this.accountId}:role/${roleName}`;
  }
}
