import { Aspects, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { GuardrailsAspect } from "../guardrails/guardrails-aspect";
import { suppressGuardrail } from "../guardrails/suppressions";
import type { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStateBucket } from "../constructs/terraform-state-bucket";
import type { BootstrapConfig } from "./bootstrap-config";
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  deployRolePolicy,
  deployRoleTrustPolicy,
  partitionOf,
  planRolePolicy,
  planRoleTrustPolicy,
} from "./bootstrap-policies";

/** Name of the bootstrap stack and of its local state file. */
export const BOOTSTRAP_STACK_NAME = "sensors-bootstrap";

/** Properties of {@link BootstrapStack}. */
export interface BootstrapStackProps {
  /** Validated bootstrap settings joined with the environments. */
  readonly config: BootstrapConfig;
}

/**
 * What must exist before any environment stack can be planned or deployed from CI: the state
 * bucket, the GitHub OIDC provider and two roles. An admin applies it once with their own
 * credentials; its state stays local (`terraform.sensors-bootstrap.tfstate` at the repository
 * root), because the bucket
 * that would hold it is what this stack creates.
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: TerraformStateBucket;
  /** Role pull-request plans assume: read-only, plus state and lock files. */
  readonly planRole: IamRole;
  /** Role deploys from the dev and prod GitHub environments assume. */
  readonly deployRole: IamRole;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    // The state bucket and the CI roles are held to the same security rules as the pipeline.
    Aspects.of(this).add(new GuardrailsAspect());
    const { config } = props;
    // Relative to the stack folder (cdktf.out/stacks/<stack>), so the file sits at the repository
    // root (git-ignored) and survives a deleted cdktf.out.
    new LocalBackend(this, { path: `../../../terraform.${BOOTSTRAP_STACK_NAME}.tfstate` });
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: [
        { tags: { Project: "sensor-pipeline", Component: "bootstrap", ManagedBy: "cdktf" } },
      ],
    });
    const accountId = new DataAwsCallerIdentity(this, "Account").accountId;

    this.stateBucket = new TerraformStateBucket(this, "StateBucket", {
      bucketName: config.stateBucketName,
      noncurrentVersionRetentionInDays: config.stateNoncurrentVersionRetentionInDays,
    });

    const oidcProviderArn =
      config.existingOidcProviderArn ??
      new IamOpenidConnectProvider(this, "GitHubOidcProvider", {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: [GITHUB_OIDC_AUDIENCE],
      }).arn;

    this.planRole = new IamRole(this, "PlanRole", {
      name: config.roles.planRoleName,
      description: "Pull-request plans from GitHub Actions: read-only, plus Terraform state locks",
      assumeRolePolicy: JSON.stringify(planRoleTrustPolicy(config, oidcProviderArn)),
      maxSessionDuration: config.roles.maxSessionDurationSeconds,
    });
    new IamRolePolicyAttachment(this, "PlanRoleReadOnly", {
      role: this.planRole.name,
      policyArn: `arn:${partitionOf(config.region)}:iam::aws:policy/ReadOnlyAccess`,
    });
    new IamRolePolicy(this, "PlanRoleState", {
      name: "terraform-state",
      role: this.planRole.name,
      policy: JSON.stringify(planRolePolicy(config)),
    });

    this.deployRole = new IamRole(this, "DeployRole", {
      name: config.roles.deployRoleName,
      description: "Deploys from the GitHub environments of this repository",
      assumeRolePolicy: JSON.stringify(deployRoleTrustPolicy(config, oidcProviderArn)),
      maxSessionDuration: config.roles.maxSessionDurationSeconds,
    });
    const deployPermissions = new IamRolePolicy(this, "DeployRolePermissions", {
      name: "deploy-environments",
      role: this.deployRole.name,
      policy: JSON.stringify(deployRolePolicy(config, accountId)),
    });
    const deployReason =
      "The deploy role creates, changes and destroys every resource type the environment stacks declare in these services; it is limited to the environments' regions, to IAM names with the managed prefix and to the landing buckets, denied changes to the CI roles and the state bucket, and assumable only from the protected GitHub environments.";
    suppressGuardrail(deployPermissions, "IAM.NoWildcardAction", deployReason);
    suppressGuardrail(deployPermissions, "IAM.NoWildcardResourceForWrite", deployReason);

    new TerraformOutput(this, "state_bucket", { value: config.stateBucketName });
    new TerraformOutput(this, "plan_role_arn", {
      value: this.planRole.arn,
      description: "GitHub repository variable AWS_PLAN_ROLE_ARN",
    });
    new TerraformOutput(this, "deploy_role_arn", {
      value: this.deployRole.arn,
      description: "GitHub repository variable AWS_DEPLOY_ROLE_ARN",
    });
  }
}
