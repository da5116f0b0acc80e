import { z } from "zod";
import type { EnvironmentConfig } from "./config";
import { readConfigSource } from "./config-source";
import { ConfigError, ENVIRONMENTS_FILE } from "./load-environments";
import { closestName, unknownKeys } from "./schema-shape";
import { environmentNames } from "./names";

/**
 * The typed settings of the bootstrap stack (`sensors-bootstrap`): which GitHub repository may
 * assume the CI roles, and how those roles are named. Values live in `stacks/bootstrap-settings.ts`;
 * the state bucket, its region and the environment names come from `stacks/environments.ts`, so
 * they are written once.
 */

/** File that holds the bootstrap settings, named in every error. */
export const BOOTSTRAP_SETTINGS_FILE = "stacks/bootstrap-settings.ts";

const IAM_ROLE_NAME_BASE = /^[A-Za-z0-9+=,.@_-]{1,53}$/;
const IAM_OIDC_PROVIDER_ARN =
  /^arn:aws(-us-gov)?:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

const githubId = z
  .number({ error: "must be the numeric ID GitHub shows for it (a whole number)" })
  .int("must be a whole number")
  .positive("must be a positive number");

/** Room for `-<environment>` (up to 10 characters) within IAM's 64. */
const iamRoleNameBase = z
  .string()
  .regex(
    IAM_ROLE_NAME_BASE,
    "must be 1-53 letters, digits or +=,.@_- (then -<environment> is added)",
  );

export const bootstrapSettingsSchema = z
  .object({
    github: z.object({
      /** GitHub user or organization that owns the repository, exactly as GitHub spells it. */
      owner: z
        .string()
        .regex(
          /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/,
          "must be a GitHub user or organization name: letters, digits and hyphens, up to 39",
        ),
      /** Repository name, exactly as GitHub spells it. */
      repository: z
        .string()
        .regex(
          /^[A-Za-z0-9._-]{1,100}$/,
          "must be a GitHub repository name: letters, digits, dots, hyphens and underscores",
        ),
      /**
       * Numeric owner ID, for repositories whose OIDC tokens use immutable subject claims
       * (`repo:owner@123/repo@456:...`, the default for repositories created from 2026-07-15).
       * @default - name-only subject claims
       */
      ownerId: githubId.optional(),
      /** Numeric repository ID; set together with `ownerId`. @default - name-only subject claims */
      repositoryId: githubId.optional(),
    }),
    roles: z
      .object({
        /**
         * Name of the plan roles, suffixed with `-<environment>`: `sensors-ci-plan-dev` plans dev
         * for pull requests, `sensors-ci-plan-prod` plans prod in the `prod` environment.
         * @default "sensors-ci-plan"
         */
        planRoleName: iamRoleNameBase.default("sensors-ci-plan"),
        /**
         * Name of the deploy roles, suffixed with `-<environment>`; each is assumable only from its
         * own GitHub environment. @default "sensors-ci-deploy"
         */
        deployRoleName: iamRoleNameBase.default("sensors-ci-deploy"),
        /** Longest CI session in seconds (3600-43200); a deploy must finish within it. @default 3600 */
        maxSessionDurationSeconds: z
          .number()
          .int()
          .min(3600, "must be at least 3600 seconds")
          .max(43200, "must be at most 43200 seconds")
          .default(3600),
      })
      .prefault({}),
    /**
     * ARN of an existing GitHub OIDC provider in the account (an account holds only one per URL).
     * @default - the bootstrap stack creates it
     */
    existingOidcProviderArn: z
      .string()
      .regex(
        IAM_OIDC_PROVIDER_ARN,
        "must be the ARN of the token.actions.githubusercontent.com OIDC provider",
      )
      .optional(),
    /** Days old state versions are kept, for recovery from a bad apply (1-3650). @default 90 */
    stateNoncurrentVersionRetentionInDays: z
      .number()
      .int("must be a whole number of days")
      .min(1, "must be at least 1 day")
      .max(3650, "must be at most 3650 days")
      .default(90),
  })
  .superRefine((settings, ctx) => {
    if ((settings.github.ownerId === undefined) !== (settings.github.repositoryId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["github", settings.github.ownerId === undefined ? "ownerId" : "repositoryId"],
        message: "must be set together with the other ID (both or neither)",
      });
    }
    if (settings.roles.planRoleName === settings.roles.deployRoleName) {
      ctx.addIssue({
        code: "custom",
        path: ["roles", "deployRoleName"],
        message: "must differ from roles.planRoleName",
      });
    }
  });

/** What `stacks/bootstrap-settings.ts` writes: settings with a default may be left out. */
export type BootstrapSettingsInput = z.input<typeof bootstrapSettingsSchema>;
/** Validated bootstrap settings with defaults filled in. */
export type BootstrapSettings = z.output<typeof bootstrapSettingsSchema>;

/** What the bootstrap stack needs to know about one environment. */
export interface BootstrapEnvironment {
  /** Environment name; also the GitHub environment that may deploy it. */
  readonly name: string;
  /** Region of the environment's resources. */
  readonly region: string;
  /** Key of the environment's state object in the state bucket. */
  readonly stateKey: string;
  /** Buckets the environment stack creates (landing, and access logs when configured). */
  readonly bucketNames: readonly string[];
  /** Whether the environment holds production data: then it is never planned for pull requests. */
  readonly production: boolean;
  /** Prefix of every AWS name the environment stack creates (`sensors-dev-`). */
  readonly awsNamePrefix: string;
  /** The permissions boundary of every role the environment stack creates. */
  readonly permissionsBoundaryPolicyName: string;
  /**
   * IoT things the environment stack registers: its `streaming.gatewayIds` when streaming is on,
   * else none. Named by gateway id, not by the prefix, so the CI roles name each one.
   */
  readonly iotThingNames: readonly string[];
  /** Role deploys of this environment assume, from its GitHub environment only. */
  readonly deployRoleName: string;
  /** Role plans of this environment assume: pull requests (non-production) or its GitHub environment. */
  readonly planRoleName: string;
}

/** Everything the bootstrap stack builds from: settings plus what the environments share. */
export interface BootstrapConfig extends BootstrapSettings {
  /** State bucket shared by all environments (`state.bucket`). */
  readonly stateBucketName: string;
  /** Region of the state bucket and of the bootstrap stack. */
  readonly region: string;
  readonly environments: readonly BootstrapEnvironment[];
}

/**
 * Validates the bootstrap settings and joins them with the environments. Throws one
 * {@link ConfigError} naming file, line, setting and fix for every problem, including environments
 * that disagree on the state bucket (one bootstrap creates one bucket).
 */
export function resolveBootstrapConfig(
  input: BootstrapSettingsInput,
  environments: readonly EnvironmentConfig[],
  sourceText = "",
): BootstrapConfig {
  const parsed = bootstrapSettingsSchema.safeParse(input);
  const source = readConfigSource(sourceText, "BOOTSTRAP_SETTINGS");
  const where = (path: readonly string[]) => {
    const line = source.lineOf(path);
    return line ? `${BOOTSTRAP_SETTINGS_FILE}:${line}` : BOOTSTRAP_SETTINGS_FILE;
  };
  // zod drops keys it does not know: a misspelled setting would silently keep its default.
  const unknown = unknownKeys(bootstrapSettingsSchema, input).map(({ path, validNames }) => {
    const suggestion = closestName(path[path.length - 1], validNames);
    return `${where(path)}: ${path.join(".")} is not a setting${suggestion ? `; did you mean ${suggestion}?` : "."}\n  Fix: ${suggestion ? `rename it to ${suggestion}` : `remove it; the settings here are ${validNames.join(", ")}`}.`;
  });
  if (!parsed.success || unknown.length > 0) {
    const problems = (parsed.error?.issues ?? []).map((issue) => {
      const setting = issue.path.map(String).join(".");
      return `${where(issue.path.map(String))}: ${setting} is invalid; it ${issue.message}.\n  Fix: change ${setting} in ${BOOTSTRAP_SETTINGS_FILE}.`;
    });
    throw new ConfigError(`Invalid bootstrap settings:\n${[...unknown, ...problems].join("\n")}`);
  }
  if (environments.length === 0) {
    throw new ConfigError(
      `${ENVIRONMENTS_FILE}: no environments.\n  Fix: declare at least one environment; the bootstrap stack serves them.`,
    );
  }
  const buckets = new Set(environments.map((env) => env.state.bucket));
  const regions = new Set(environments.map((env) => env.state.region ?? env.aws.region));
  if (buckets.size > 1 || regions.size > 1) {
    throw new ConfigError(
      `${ENVIRONMENTS_FILE}: the environments keep state in different buckets or regions (${[...buckets].join(", ")} in ${[...regions].join(", ")}).\n  Fix: give every environment the same state.bucket and state.region; one bootstrap stack creates one state bucket.`,
    );
  }
  const ciRoleBases = [parsed.data.roles.planRoleName, parsed.data.roles.deployRoleName];
  const clash = environments.find((env) =>
    ciRoleBases.some((base) => base.startsWith(environmentNames(env).aws.namePrefix)),
  );
  if (clash) {
    throw new ConfigError(
      `${BOOTSTRAP_SETTINGS_FILE}: the CI role names (${ciRoleBases.join(", ")}) start with "${environmentNames(clash).aws.namePrefix}", the prefix of the names environment ${clash.name} deploys, so its deploy role could manage the CI roles.\n  Fix: give roles.planRoleName and roles.deployRoleName another prefix (or rename the environment).`,
    );
  }
  const sharedThing = sharedIotThing(environments);
  if (sharedThing) {
    throw new ConfigError(
      `${ENVIRONMENTS_FILE}: gateway id "${sharedThing.gatewayId}" is in streaming.gatewayIds of both ${sharedThing.environments.join(" and ")} in ${sharedThing.region}; an IoT thing name is unique per account and region, so both stacks (and both deploy roles) would manage the same thing.\n  Fix: give each environment its own gateway ids, or put the environments in different regions.`,
    );
  }
  return {
    ...parsed.data,
    stateBucketName: [...buckets][0],
    region: [...regions][0],
    environments: environments.map((env) => ({
      name: env.name,
      region: env.aws.region,
      stateKey: environmentNames(env).stateKey,
      bucketNames: [env.landingBucket.name],
      production: env.production,
      awsNamePrefix: environmentNames(env).aws.namePrefix,
      permissionsBoundaryPolicyName: environmentNames(env).aws.permissionsBoundaryPolicy,
      iotThingNames: iotThingNamesOf(env),
      deployRoleName: `${parsed.data.roles.deployRoleName}-${env.name}`,
      planRoleName: `${parsed.data.roles.planRoleName}-${env.name}`,
    })),
  };
}

/** The things an environment stack creates (constructs/gateway-mqtt-access.ts). */
function iotThingNamesOf(env: EnvironmentConfig): readonly string[] {
  return env.streaming.enabled ? [...env.streaming.gatewayIds] : [];
}

/** A gateway id two environments of one region would both register, if any. */
function sharedIotThing(environments: readonly EnvironmentConfig[]) {
  const owners = new Map<string, string>();
  for (const env of environments) {
    for (const gatewayId of iotThingNamesOf(env)) {
      const key = `${env.aws.region}/${gatewayId}`;
      const owner = owners.get(key);
      if (owner !== undefined && owner !== env.name)
        return { gatewayId, region: env.aws.region, environments: [owner, env.name] };
      owners.set(key, env.name);
    }
  }
  return undefined;
}
