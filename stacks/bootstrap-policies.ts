import type { PolicyDocumentJson, PolicyStatementJson } from "../constructs/policy-document";
import type { BootstrapConfig, BootstrapEnvironment } from "./bootstrap-config";
import { PROJECT_TAG_VALUE } from "./names";

/**
 * The IAM policy documents of the bootstrap stack, as pure functions of the configuration so tests
 * can read them as plain objects. ARNs that need the account ID take it as an argument (a token at
 * synth).
 *
 * Each environment gets its own deploy role, plan role and permissions boundary, and every statement
 * names that environment's resources: nothing a dev deploy (or a pull request) can assume reaches
 * prod. Resource-level permissions follow the Service Authorization Reference
 * (docs.aws.amazon.com/service-authorization/latest/reference/list_<service>.html): where a service
 * authorizes an action on a named resource, the statement names the environment's ARNs; where it
 * authorizes only on `*` (creating KMS keys and Roles Anywhere anchors, whose ARNs hold a random
 * ID), the statement is fenced by the environment's tags instead; read-only list calls that take no
 * resource stay on `*`.
 */

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

/** Trust policy: only GitHub tokens for this audience and exactly this subject. */
export function githubTrustPolicy(oidcProviderArn: string, subject: string): PolicyDocumentJson {
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
            [`${GITHUB_OIDC_HOST}:sub`]: subject,
          },
        },
      },
    ],
  };
}

/**
 * The one token subject that may plan an environment: pull requests for a non-production
 * environment, the environment's own (protected) GitHub environment for production, so a pull
 * request never holds a production credential.
 */
export function planSubject(config: BootstrapConfig, env: BootstrapEnvironment): string {
  return githubSubject(config.github, env.production ? `environment:${env.name}` : "pull_request");
}

/** Trust of an environment's plan role. */
export function planRoleTrustPolicy(
  config: BootstrapConfig,
  env: BootstrapEnvironment,
  oidcProviderArn: string,
): PolicyDocumentJson {
  return githubTrustPolicy(oidcProviderArn, planSubject(config, env));
}

/** Trust of an environment's deploy role: jobs in that GitHub environment, nothing else. */
export function deployRoleTrustPolicy(
  config: BootstrapConfig,
  env: BootstrapEnvironment,
  oidcProviderArn: string,
): PolicyDocumentJson {
  return githubTrustPolicy(
    oidcProviderArn,
    githubSubject(config.github, `environment:${env.name}`),
  );
}

/** ARNs of what one environment stack creates, by kind. */
export interface EnvironmentArns {
  readonly partition: string;
  readonly stateBucket: string;
  readonly state: string;
  readonly lockfile: string;
  readonly buckets: readonly string[];
  readonly bucketObjects: readonly string[];
  readonly functions: string;
  readonly topics: string;
  readonly queues: string;
  readonly logGroups: string;
  /** Log groups of the MQTT path's delivery stream. */
  readonly deliveryLogGroups: string;
  /** The MQTT path's Firehose delivery streams. */
  readonly deliveryStreams: string;
  /** Secrets (the streaming user's Snowflake key). */
  readonly secrets: string;
  /** IoT policies (the gateways' publish policy). */
  readonly iotPolicies: string;
  /** IoT topic rules: their names allow only letters, digits and `_`, so `sensors_<env>_`. */
  readonly iotRules: string;
  /** The environment's IoT things, one exact ARN per gateway id (none when streaming is off). */
  readonly iotThings: readonly string[];
  readonly alarms: string;
  /** CloudWatch dashboards are global: their ARN has no region. */
  readonly dashboards: string;
  readonly kmsKeys: string;
  readonly kmsAliases: readonly string[];
  readonly rolesAnywhere: readonly string[];
  readonly roles: string;
  readonly policies: string;
  readonly boundary: string;
}

/** The environment's resource ARNs, from the names the environment stack gives them. */
export function environmentArns(
  config: BootstrapConfig,
  env: BootstrapEnvironment,
  accountId: string,
): EnvironmentArns {
  const partition = partitionOf(env.region);
  const regional = (service: string) => `arn:${partition}:${service}:${env.region}:${accountId}`;
  const iam = `arn:${partition}:iam::${accountId}`;
  const stateBucket = `arn:${partitionOf(config.region)}:s3:::${config.stateBucketName}`;
  const prefix = env.awsNamePrefix;
  return {
    partition,
    stateBucket,
    state: `${stateBucket}/${env.stateKey}`,
    lockfile: `${stateBucket}/${env.stateKey}.tflock`,
    buckets: env.bucketNames.map((bucket) => `arn:${partition}:s3:::${bucket}`),
    bucketObjects: env.bucketNames.map((bucket) => `arn:${partition}:s3:::${bucket}/*`),
    functions: `${regional("lambda")}:function:${prefix}*`,
    topics: `${regional("sns")}:${prefix}*`,
    queues: `${regional("sqs")}:${prefix}*`,
    logGroups: `${regional("logs")}:log-group:/aws/lambda/${prefix}*`,
    deliveryLogGroups: `${regional("logs")}:log-group:/aws/kinesisfirehose/${prefix}*`,
    deliveryStreams: `${regional("firehose")}:deliverystream/${prefix}*`,
    secrets: `${regional("secretsmanager")}:secret:${prefix}*`,
    iotPolicies: `${regional("iot")}:policy/${prefix}*`,
    iotRules: `${regional("iot")}:rule/${prefix.replace(/[^A-Za-z0-9_]/g, "_")}*`,
    iotThings: env.iotThingNames.map((name) => `${regional("iot")}:thing/${name}`),
    alarms: `${regional("cloudwatch")}:alarm:${prefix}*`,
    dashboards: `arn:${partition}:cloudwatch::${accountId}:dashboard/${prefix}*`,
    kmsKeys: `${regional("kms")}:key/*`,
    kmsAliases: env.bucketNames.map((bucket) => `${regional("kms")}:alias/${bucket}`),
    rolesAnywhere: [
      `${regional("rolesanywhere")}:trust-anchor/*`,
      `${regional("rolesanywhere")}:profile/*`,
    ],
    roles: `${iam}:role/${prefix}*`,
    policies: `${iam}:policy/${prefix}*`,
    boundary: `${iam}:policy/${env.permissionsBoundaryPolicyName}`,
  };
}

/**
 * Tags the environment stack's provider puts on everything (default_tags), as conditions: KMS keys
 * and Roles Anywhere anchors have random IDs in their ARNs, so their environment is told by tag.
 */
function taggedFor(env: BootstrapEnvironment, key: "aws:ResourceTag" | "aws:RequestTag") {
  return {
    StringEquals: { [`${key}/Project`]: PROJECT_TAG_VALUE, [`${key}/Environment`]: env.name },
  };
}

/** State access: the environment's own state object and its S3-native lock file, nothing else. */
function stateStatements(arns: EnvironmentArns, writeState: boolean): PolicyStatementJson[] {
  return [
    {
      Sid: "ListStateBucket",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: arns.stateBucket,
    },
    {
      Sid: writeState ? "ReadWriteState" : "ReadState",
      Effect: "Allow",
      Action: writeState ? ["s3:GetObject", "s3:PutObject"] : "s3:GetObject",
      Resource: arns.state,
    },
    {
      Sid: "StateLockfile",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: arns.lockfile,
    },
  ];
}

/**
 * IAM write actions that change what a role may do, with the `iam:PermissionsBoundary` condition
 * key (Service Authorization Reference, list_awsidentityandaccessmanagementiam.html): allowed only
 * when the role carries the environment's boundary.
 */
export const BOUNDED_ROLE_WRITES = [
  "iam:CreateRole",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:PutRolePermissionsBoundary",
  // Both take iam:PermissionsBoundary too (same page): without it, a role that matches the prefix
  // but carries no boundary (one created before the boundaries existed, or by hand) could be made
  // to trust the deployer and be assumed with whatever it holds.
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
] as const;
/** Attaching managed policies: also conditioned on `iam:PolicyARN` (the managed prefix only). */
export const BOUNDED_ROLE_ATTACHMENTS = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"] as const;
/** Role actions that cannot widen what the role may do (its boundary caps it). */
export const ROLE_UPKEEP_ACTIONS = [
  "iam:GetRole",
  "iam:DeleteRole",
  "iam:UpdateRoleDescription",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:ListRoleTags",
  "iam:GetRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
] as const;
/** Managed policies with the environment's prefix (e.g. the gateways' upload policy). */
export const MANAGED_POLICY_ACTIONS = [
  "iam:CreatePolicy",
  "iam:DeletePolicy",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:ListPolicyVersions",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
  "iam:ListPolicyTags",
] as const;
/**
 * The read calls Terraform makes that authorize on no resource type, so only `Resource: "*"`
 * matches them (Service Authorization Reference: list_awskeymanagementservice.html ListAliases,
 * list_amazoncloudwatchlogs.html DescribeLogGroups, list_awsidentityandaccessmanagementrolesanywhere.html
 * ListTagsForResource, which the provider calls on every read of an anchor or profile). Nothing
 * else may stand here: cloudwatch:DescribeAlarms authorizes on the alarm ARN (list_amazoncloudwatch.html),
 * so it stays scoped to the environment's alarms instead of reading every alarm in the account.
 */
export const ACTIONS_WITHOUT_RESOURCES = [
  "kms:ListAliases",
  "logs:DescribeLogGroups",
  "rolesanywhere:ListTagsForResource",
] as const;
/**
 * What Terraform calls for an `aws_iot_thing` (hashicorp/aws internal/service/iot/thing.go: create,
 * read, update, delete); each authorizes on the `thing` resource type,
 * `arn:${Partition}:iot:${Region}:${Account}:thing/${ThingName}` (Service Authorization Reference,
 * list_awsiot.html). The stacks create no certificate, principal attachment or thing type.
 */
export const IOT_THING_ACTIONS = [
  "iot:CreateThing",
  "iot:DescribeThing",
  "iot:UpdateThing",
  "iot:DeleteThing",
] as const;
/** What reading a thing's configuration takes (the plan role's refresh). */
export const IOT_THING_READ_ACTIONS = ["iot:DescribeThing"] as const;

/**
 * Things are named by gateway id, not by the environment's prefix (the gateway policy reads the id
 * from `${iot:Connection.Thing.ThingName}`), so a statement names each of the environment's things
 * and never `thing/*`; none at all when the environment registers no thing.
 */
function iotThingStatements(
  arns: EnvironmentArns,
  sid: string,
  actions: readonly string[],
): PolicyStatementJson[] {
  if (arns.iotThings.length === 0) return [];
  return [{ Sid: sid, Effect: "Allow", Action: [...actions], Resource: [...arns.iotThings] }];
}

/** Services that receive a role the stacks create. */
export const PASS_ROLE_SERVICES = [
  "lambda.amazonaws.com",
  "rolesanywhere.amazonaws.com",
  // The MQTT path: the topic rule's role (IoT) and the delivery stream's role (Firehose).
  "iot.amazonaws.com",
  "firehose.amazonaws.com",
] as const;

/**
 * Policy of an environment's deploy role: the environment's own state, buckets, functions, topics,
 * queues, log groups, alarms, keys and Roles Anywhere anchors, and IAM roles only with the
 * environment's permissions boundary, so no role it creates can do more than the boundary allows.
 */
export function deployRolePolicy(
  config: BootstrapConfig,
  env: BootstrapEnvironment,
  accountId: string,
): PolicyDocumentJson {
  const arns = environmentArns(config, env, accountId);
  const boundary = { "iam:PermissionsBoundary": arns.boundary };
  return {
    Version: "2012-10-17",
    Statement: [
      ...stateStatements(arns, true),
      {
        Sid: "EnvironmentBuckets",
        Effect: "Allow",
        Action: "s3:*",
        Resource: [...arns.buckets, ...arns.bucketObjects],
      },
      {
        Sid: "EnvironmentFunctions",
        Effect: "Allow",
        Action: "lambda:*",
        Resource: arns.functions,
      },
      { Sid: "EnvironmentTopics", Effect: "Allow", Action: "sns:*", Resource: arns.topics },
      { Sid: "EnvironmentQueues", Effect: "Allow", Action: "sqs:*", Resource: arns.queues },
      { Sid: "EnvironmentLogGroups", Effect: "Allow", Action: "logs:*", Resource: arns.logGroups },
      { Sid: "EnvironmentAlarms", Effect: "Allow", Action: "cloudwatch:*", Resource: arns.alarms },
      // The MQTT path (streaming.enabled). Service Authorization Reference: every Firehose,
      // Secrets Manager and IoT policy/rule call the provider makes authorizes on the named
      // resource (list_amazonkinesisfirehose.html deliverystream, list_awssecretsmanager.html
      // Secret, list_awsiot.html policy and rule); log streams extend the log-group ARN, which
      // the trailing * covers. IoT things are named by gateway id: see iotThingStatements.
      {
        Sid: "EnvironmentDeliveryStreams",
        Effect: "Allow",
        Action: ["firehose:*", "logs:*"],
        Resource: [arns.deliveryStreams, arns.deliveryLogGroups],
      },
      {
        Sid: "EnvironmentSecrets",
        Effect: "Allow",
        Action: "secretsmanager:*",
        Resource: arns.secrets,
      },
      {
        Sid: "EnvironmentIotPoliciesAndRules",
        Effect: "Allow",
        Action: "iot:*",
        Resource: [arns.iotPolicies, arns.iotRules],
      },
      ...iotThingStatements(arns, "EnvironmentIotThings", IOT_THING_ACTIONS),
      {
        Sid: "EnvironmentDashboards",
        Effect: "Allow",
        Action: [
          "cloudwatch:PutDashboard",
          "cloudwatch:GetDashboard",
          "cloudwatch:DeleteDashboards",
        ],
        Resource: arns.dashboards,
      },
      {
        Sid: "EnvironmentKeys",
        Effect: "Allow",
        Action: "kms:*",
        Resource: arns.kmsKeys,
        Condition: taggedFor(env, "aws:ResourceTag"),
      },
      {
        Sid: "EnvironmentKeyAliases",
        Effect: "Allow",
        Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
        Resource: arns.kmsAliases,
      },
      {
        Sid: "CreateEnvironmentTaggedKeysAndAnchors",
        Effect: "Allow",
        Action: ["kms:CreateKey", "rolesanywhere:CreateTrustAnchor", "rolesanywhere:CreateProfile"],
        Resource: "*",
        Condition: taggedFor(env, "aws:RequestTag"),
      },
      // KMS authorizes the tags of CreateKey as kms:TagResource "in an IAM policy that isn't
      // restricted to particular KMS keys" (kms/latest/developerguide/tag-permissions.html and
      // manage-tags-api.html): the ResourceTag-fenced statement above never matches a key that
      // does not exist yet, so without this every key creation fails. The request tags must name
      // this environment, and a key already tagged for another project or environment is refused
      // (IfExists: the key being created has no tags yet), so no other environment's key can be
      // relabelled into this one's fence.
      {
        Sid: "TagKeysForThisEnvironmentOnly",
        Effect: "Allow",
        Action: "kms:TagResource",
        Resource: arns.kmsKeys,
        Condition: {
          ...taggedFor(env, "aws:RequestTag"),
          StringEqualsIfExists: taggedFor(env, "aws:ResourceTag").StringEquals,
        },
      },
      {
        Sid: "EnvironmentRolesAnywhere",
        Effect: "Allow",
        Action: "rolesanywhere:*",
        Resource: arns.rolesAnywhere,
        Condition: taggedFor(env, "aws:ResourceTag"),
      },
      {
        Sid: "ListCallsWithoutResources",
        Effect: "Allow",
        Action: [...ACTIONS_WITHOUT_RESOURCES],
        Resource: "*",
      },
      {
        Sid: "RoleWritesOnlyWithTheBoundary",
        Effect: "Allow",
        Action: [...BOUNDED_ROLE_WRITES],
        Resource: arns.roles,
        Condition: { StringEquals: boundary },
      },
      {
        Sid: "AttachOnlyEnvironmentPoliciesToBoundedRoles",
        Effect: "Allow",
        Action: [...BOUNDED_ROLE_ATTACHMENTS],
        Resource: arns.roles,
        Condition: { StringEquals: boundary, ArnLike: { "iam:PolicyARN": arns.policies } },
      },
      {
        Sid: "EnvironmentRoleUpkeep",
        Effect: "Allow",
        Action: [...ROLE_UPKEEP_ACTIONS],
        Resource: arns.roles,
      },
      {
        Sid: "EnvironmentManagedPolicies",
        Effect: "Allow",
        Action: [...MANAGED_POLICY_ACTIONS],
        Resource: arns.policies,
      },
      {
        Sid: "PassEnvironmentRolesToPipelineServices",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: arns.roles,
        Condition: { StringEquals: { "iam:PassedToService": [...PASS_ROLE_SERVICES] } },
      },
      {
        Sid: "NeverARoleWithoutTheBoundary",
        Effect: "Deny",
        Action: [...BOUNDED_ROLE_WRITES, ...BOUNDED_ROLE_ATTACHMENTS],
        Resource: "*",
        Condition: { StringNotEquals: boundary },
      },
      // A tag-fenced key or anchor of this environment relabelled as another environment's would
      // enter that environment's fence (its deploy role and boundary): tags may name this one only.
      {
        Sid: "NeverTagForAnotherEnvironment",
        Effect: "Deny",
        Action: ["kms:TagResource", "rolesanywhere:TagResource"],
        Resource: "*",
        Condition: {
          Null: { "aws:RequestTag/Environment": "false" },
          StringNotEquals: { "aws:RequestTag/Environment": env.name },
        },
      },
      {
        Sid: "NeverRemoveABoundary",
        Effect: "Deny",
        Action: "iam:DeleteRolePermissionsBoundary",
        Resource: "*",
      },
      {
        Sid: "NeverTheBoundaryOrTheCiIdentities",
        Effect: "Deny",
        Action: "iam:*",
        Resource: [
          ...config.environments.flatMap((other) => {
            const otherArns = environmentArns(config, other, accountId);
            return [
              otherArns.boundary,
              `arn:${arns.partition}:iam::${accountId}:role/${other.deployRoleName}`,
              `arn:${arns.partition}:iam::${accountId}:role/${other.planRoleName}`,
            ];
          }),
          `arn:${arns.partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`,
        ],
      },
      {
        Sid: "StateBucketObjectsOnly",
        Effect: "Deny",
        NotAction: ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [arns.stateBucket, `${arns.stateBucket}/*`],
      },
    ],
  };
}

/**
 * Policy of an environment's plan role: read the configuration of what the environment stack
 * manages (never the sensor data), read its state and take its lock; nothing of any other
 * environment, and no write at all but the lock file.
 */
export function planRolePolicy(
  config: BootstrapConfig,
  env: BootstrapEnvironment,
  accountId: string,
): PolicyDocumentJson {
  const arns = environmentArns(config, env, accountId);
  return {
    Version: "2012-10-17",
    Statement: [
      ...stateStatements(arns, false),
      // Bucket-level reads: S3 authorizes Get* configuration calls on the bucket ARN, objects on
      // "<bucket>/*", so this grants no object.
      {
        Sid: "ReadBucketConfiguration",
        Effect: "Allow",
        Action: ["s3:Get*", "s3:ListBucket"],
        Resource: [...arns.buckets],
      },
      {
        Sid: "ReadEnvironmentResources",
        Effect: "Allow",
        Action: [
          "lambda:Get*",
          "lambda:List*",
          "sns:Get*",
          "sns:List*",
          "sqs:Get*",
          "sqs:List*",
          "logs:List*",
          "logs:Describe*",
          "cloudwatch:List*",
          "cloudwatch:Describe*",
          "iam:Get*",
          "iam:List*",
          "firehose:Describe*",
          "firehose:List*",
          "iot:Get*",
          "iot:List*",
          // Never secretsmanager:Get*: that would include GetSecretValue, the streaming key.
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetResourcePolicy",
        ],
        Resource: [
          arns.functions,
          arns.topics,
          arns.queues,
          arns.logGroups,
          arns.alarms,
          arns.roles,
          arns.policies,
          arns.deliveryStreams,
          arns.deliveryLogGroups,
          arns.secrets,
          arns.iotPolicies,
          arns.iotRules,
        ],
      },
      ...iotThingStatements(arns, "ReadEnvironmentIotThings", IOT_THING_READ_ACTIONS),
      {
        Sid: "ReadEnvironmentDashboards",
        Effect: "Allow",
        Action: "cloudwatch:GetDashboard",
        Resource: arns.dashboards,
      },
      {
        Sid: "ReadEnvironmentTaggedKeysAndAnchors",
        Effect: "Allow",
        Action: [
          "kms:Describe*",
          "kms:Get*",
          "kms:List*",
          "rolesanywhere:Get*",
          "rolesanywhere:List*",
        ],
        Resource: [arns.kmsKeys, ...arns.rolesAnywhere],
        Condition: taggedFor(env, "aws:ResourceTag"),
      },
      {
        Sid: "ListCallsWithoutResources",
        Effect: "Allow",
        Action: [...ACTIONS_WITHOUT_RESOURCES],
        Resource: "*",
      },
      {
        Sid: "NoSensorData",
        Effect: "Deny",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: [...arns.bucketObjects],
      },
    ],
  };
}

/**
 * The permissions boundary of every role an environment stack creates: the most any of them may
 * ever do, whatever policy the deploy role attaches. It names only the environment's own bucket,
 * topics, queues, log groups and tagged keys, so even a role written by a compromised deploy can
 * neither reach another environment nor change IAM. Extend it when a construct's role needs a new
 * action (a test compares both).
 */
export function permissionsBoundaryPolicy(
  config: BootstrapConfig,
  env: BootstrapEnvironment,
  accountId: string,
): PolicyDocumentJson {
  const arns = environmentArns(config, env, accountId);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnvironmentObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: [...arns.bucketObjects],
      },
      {
        Sid: "EnvironmentBuckets",
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetBucketLocation"],
        Resource: [...arns.buckets],
      },
      {
        Sid: "EnvironmentKeys",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: arns.kmsKeys,
        Condition: taggedFor(env, "aws:ResourceTag"),
      },
      { Sid: "EnvironmentTopics", Effect: "Allow", Action: "sns:Publish", Resource: arns.topics },
      {
        Sid: "EnvironmentQueues",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: arns.queues,
      },
      {
        Sid: "EnvironmentLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [arns.logGroups, arns.deliveryLogGroups],
      },
      // The MQTT path: the topic rule puts records, Firehose calls the processing Lambda and reads
      // the Snowflake key (constructs/streaming-ingestion.ts).
      {
        Sid: "EnvironmentDeliveryStreams",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: arns.deliveryStreams,
      },
      {
        Sid: "EnvironmentFunctionsFromFirehose",
        Effect: "Allow",
        Action: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"],
        Resource: arns.functions,
      },
      {
        Sid: "EnvironmentSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: arns.secrets,
      },
    ],
  };
}
