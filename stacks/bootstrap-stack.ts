import { ExamplePlaceholderGuard } from "../constructs/example-placeholder-guard";
import { bootstrapPlaceholders } from "./example-placeholders";
import { Aspects, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { GuardrailsAspect } from "../guardrails/guardrails-aspect";
import { suppressGuardrail } from "../guardrails/suppressions";
import type { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStateBucket } from "../constructs/terraform-state-bucket";
import type { BootstrapConfig, BootstrapEnvironment } from "./bootstrap-config";
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  deployRolePolicy,
  deployRoleTrustPolicy,
  permissionsBoundaryPolicy,
  planRolePolicy,
  planRoleTrustPolicy,
} from "./bootstrap-policies";

/** Name of the bootstrap stack and of its local state file. */
export const BOOTSTRAP_STACK_NAME = "sensors-bootstrap";

/** What the bootstrap stack creates for one environment. */
export interface EnvironmentCiIdentities {
  readonly environment: string;
  /** The most any role of the environment stack may do; its deploy role requires it on every role. */
  readonly permissionsBoundary: IamPolicy;
  /** Plans: pull requests for a non-production environment, its GitHub environment for production. */
  readonly planRole: IamRole;
  /** Deploys, from the environment's own GitHub environment only. */
  readonly deployRole: IamRole;
}

/** Properties of {@link BootstrapStack}. */
export interface BootstrapStackProps {
  /** Validated bootstrap settings joined with the environments. */
  readonly config: BootstrapConfig;
}

/**
 * What must exist before any environment stack can be planned or deployed from CI: the state
 * bucket, the GitHub OIDC provider and, per environment, a plan role, a deploy role and the
 * permissions boundary of the roles that environment's stack creates. An admin applies it once with their own
 * credentials; its state stays local (`terraform.sensors-bootstrap.tfstate` at the repository
 * root), because the bucket
 * that would hold it is what this stack creates.
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: TerraformStateBucket;
  /** The CI identities of each environment, in the order of `stacks/environments.ts`. */
  readonly environments: readonly EnvironmentCiIdentities[];

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
    new ExamplePlaceholderGuard(this, "ExamplePlaceholders", {
      placeholders: bootstrapPlaceholders(config, config.stateBucketName),
      file: "stacks/bootstrap-settings.ts / stacks/environments.ts",
    });

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

    new TerraformOutput(this, "state_bucket", { value: config.stateBucketName });
    this.environments = config.environments.map((env) =>
      this.addEnvironment(config, env, oidcProviderArn, accountId),
    );
  }

  private addEnvironment(
    config: BootstrapConfig,
    env: BootstrapEnvironment,
    oidcProviderArn: string,
    accountId: string,
  ): EnvironmentCiIdentities {
    const id = (suffix: string) => `${pascalCase(env.name)}${suffix}`;
    const permissionsBoundary = new IamPolicy(this, id("PermissionsBoundary"), {
      name: env.permissionsBoundaryPolicyName,
      description: `Permissions boundary of every role the ${env.name} stack creates`,
      policy: JSON.stringify(permissionsBoundaryPolicy(config, env, accountId)),
    });
    const planRole = new IamRole(this, id("PlanRole"), {
      name: env.planRoleName,
      description: env.production
        ? `Plans ${env.name} from its GitHub environment: reads its resources and state only`
        : `Plans ${env.name} for pull requests: reads its resources and state only`,
      assumeRolePolicy: JSON.stringify(planRoleTrustPolicy(config, env, oidcProviderArn)),
      maxSessionDuration: config.roles.maxSessionDurationSeconds,
    });
    new IamRolePolicy(this, id("PlanRolePermissions"), {
      name: "plan-environment",
      role: planRole.name,
      policy: JSON.stringify(planRolePolicy(config, env, accountId)),
    });
    const deployRole = new IamRole(this, id("DeployRole"), {
      name: env.deployRoleName,
      description: `Deploys ${env.name} from its GitHub environment only`,
      assumeRolePolicy: JSON.stringify(deployRoleTrustPolicy(config, env, oidcProviderArn)),
      maxSessionDuration: config.roles.maxSessionDurationSeconds,
    });
    const deployPermissions = new IamRolePolicy(this, id("DeployRolePermissions"), {
      name: "deploy-environment",
      role: deployRole.name,
      policy: JSON.stringify(deployRolePolicy(config, env, accountId)),
    });
    suppressGuardrail(
      deployPermissions,
      "IAM.NoWildcardAction",
      `The deploy role creates, changes and destroys every resource the ${env.name} stack declares, so it holds whole services, but each only on that environment's own resource names (or its tags where the ARN holds a random ID); IAM.NoServiceWildcardOnAnyResource still holds it to no service wildcard on "*".`,
    );
    suppressGuardrail(
      deployPermissions,
      "IAM.NoWildcardResourceForWrite",
      'KMS keys and Roles Anywhere anchors can only be created on Resource "*" (their ARNs hold a random ID); creation is allowed only with the environment\'s Project and Environment tags.',
    );
    new TerraformOutput(this, `plan_role_arn_${env.name}`, {
      value: planRole.arn,
      description: env.production
        ? `GitHub environment ${env.name}: variable AWS_PLAN_ROLE_ARN`
        : `GitHub repository variable AWS_PLAN_ROLE_ARN_${env.name.toUpperCase()}`,
    });
    new TerraformOutput(this, `deploy_role_arn_${env.name}`, {
      value: deployRole.arn,
      description: `GitHub environment ${env.name}: variable AWS_DEPLOY_ROLE_ARN`,
    });
    return { environment: env.name, permissionsBoundary, planRole, deployRole };
  }
}

function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
