import type { BootstrapConfig } from "./bootstrap-config";

/**
 * The IAM policy documents of the bootstrap stack, as pure functions of the configuration so tests
 * can read them as plain objects. ARNs that need the account ID take it as an argument (a token at
 * synth).
 */

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]>;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Issuer host of GitHub Actions OIDC tokens; also the prefix of their claim keys in IAM. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** Audience `aws-actions/configure-aws-credentials` requests. */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** IAM partition of a region: GovCloud regions live in `aws-us-gov`. */
export function partitionOf(region: string): string {
  return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/**
 * The `sub` claim GitHub puts in a job's OIDC token, for a context such as `pull_request` or
 * `environment:prod`. With immutable subject claims the IDs follow the names after an `@`.
 */
export function githubSubject(github: BootstrapConfig["github"], context: string): string {
  const owner = github.ownerId === undefined ? github.owner : `${github.owner}@${github.ownerId}`;
  const repository =
    github.repositoryId === undefined
      ? github.repository
      : `${github.repository}@${github.repositoryId}`;
  return `repo:${owner}/${repository}:${context}`;
}

/** Trust policy: only GitHub tokens for this audience and exactly these subjects. */
export function githubTrustPolicy(
  oidcProviderArn: string,
  subjects: readonly string[],
): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: subjects.length === 1 ? subjects[0] : [...subjects],
          },
        },
      },
    ],
  };
}

/** Trust of the plan role: pull requests of the configured repository, nothing else. */
export function planRoleTrustPolicy(config: BootstrapConfig, oidcProviderArn: string) {
  return githubTrustPolicy(oidcProviderArn, [githubSubject(config.github, "pull_request")]);
}

/** Trust of the deploy role: jobs running in the environments' GitHub environments, nothing else. */
export function deployRoleTrustPolicy(config: BootstrapConfig, oidcProviderArn: string) {
  return githubTrustPolicy(
    oidcProviderArn,
    config.environments.map((env) => githubSubject(config.github, `environment:${env.name}`)),
  );
}

function stateArns(config: BootstrapConfig) {
  const partition = partitionOf(config.region);
  const bucket = `arn:${partition}:s3:::${config.stateBucketName}`;
  return {
    bucket,
    states: config.environments.map((env) => `${bucket}/${env.stateKey}`),
    lockfiles: config.environments.map((env) => `${bucket}/${env.stateKey}.tflock`),
  };
}

/**
 * State access for both CI roles: read the environments' state, and create and delete their
 * S3-native lock files (`<key>.tflock`, written by `use_lockfile`). Only the deploy role also
 * writes the state itself.
 */
function stateStatements(config: BootstrapConfig, writeState: boolean): PolicyStatement[] {
  const arns = stateArns(config);
  return [
    {
      Sid: "ListStateBucket",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: arns.bucket,
    },
    {
      Sid: writeState ? "ReadWriteState" : "ReadState",
      Effect: "Allow",
      Action: writeState ? ["s3:GetObject", "s3:PutObject"] : "s3:GetObject",
      Resource: arns.states,
    },
    {
      Sid: "StateLockfiles",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: arns.lockfiles,
    },
  ];
}

/**
 * Inline policy of the plan role, next to the AWS-managed ReadOnlyAccess: state access, and a deny
 * on the sensor data itself, since refreshing a bucket needs its configuration, never its objects.
 */
export function planRolePolicy(config: BootstrapConfig): PolicyDocument {
  const partition = partitionOf(config.region);
  return {
    Version: "2012-10-17",
    Statement: [
      ...stateStatements(config, false),
      {
        Sid: "NoSensorData",
        Effect: "Deny",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: config.environments.flatMap((env) =>
          env.bucketNames.map((bucket) => `arn:${partition}:s3:::${bucket}/*`),
        ),
      },
    ],
  };
}

/** AWS services the environment stacks manage, fully, inside the environments' regions. */
export const DEPLOYED_SERVICES = [
  "lambda",
  "sns",
  "sqs",
  "kms",
  "logs",
  "cloudwatch",
  "rolesanywhere",
] as const;

/** IAM actions the deploy role may use on roles and policies with the managed name prefix. */
export const IAM_ROLE_ACTIONS = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:GetRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:ListRoleTags",
  "iam:PutRolePolicy",
  "iam:GetRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListRolePolicies",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:CreatePolicy",
  "iam:DeletePolicy",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:ListPolicyVersions",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
] as const;

/** Services that receive a role the stacks create: Lambda (execution role) and Roles Anywhere. */
export const PASS_ROLE_SERVICES = ["lambda.amazonaws.com", "rolesanywhere.amazonaws.com"] as const;

/**
 * Policy of the deploy role. Broad within its lane and nothing outside it: the services the stacks
 * use, only in the environments' regions; S3 only on the environments' own buckets; IAM only on
 * roles and policies with the managed prefix, never on the CI roles or the OIDC provider; the
 * state bucket's objects but never its configuration.
 */
export function deployRolePolicy(config: BootstrapConfig, accountId: string): PolicyDocument {
  const partition = partitionOf(config.region);
  const arns = stateArns(config);
  const prefix = config.roles.managedIamNamePrefix;
  const roleArn = (name: string) => `arn:${partition}:iam::${accountId}:role/${name}`;
  const regions = [...new Set(config.environments.map((env) => env.region))];
  const bucketArns = config.environments.flatMap((env) =>
    env.bucketNames.flatMap((bucket) => [
      `arn:${partition}:s3:::${bucket}`,
      `arn:${partition}:s3:::${bucket}/*`,
    ]),
  );
  return {
    Version: "2012-10-17",
    Statement: [
      ...stateStatements(config, true),
      {
        Sid: "EnvironmentBuckets",
        Effect: "Allow",
        Action: "s3:*",
        Resource: bucketArns,
      },
      {
        Sid: "PipelineServicesInEnvironmentRegions",
        Effect: "Allow",
        Action: DEPLOYED_SERVICES.map((service) => `${service}:*`),
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": regions } },
      },
      {
        Sid: "ManagedRolesAndPolicies",
        Effect: "Allow",
        Action: [...IAM_ROLE_ACTIONS],
        Resource: [roleArn(`${prefix}*`), `arn:${partition}:iam::${accountId}:policy/${prefix}*`],
      },
      {
        Sid: "PassManagedRolesToPipelineServices",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: roleArn(`${prefix}*`),
        Condition: { StringEquals: { "iam:PassedToService": [...PASS_ROLE_SERVICES] } },
      },
      {
        Sid: "ReadIamForRefresh",
        Effect: "Allow",
        Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicies"],
        Resource: "*",
      },
      {
        Sid: "NeverTheCiIdentities",
        Effect: "Deny",
        Action: "iam:*",
        Resource: [
          roleArn(config.roles.planRoleName),
          roleArn(config.roles.deployRoleName),
          `arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
        ],
      },
      {
        Sid: "StateBucketObjectsOnly",
        Effect: "Deny",
        NotAction: ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [arns.bucket, `${arns.bucket}/*`],
      },
    ],
  };
}
