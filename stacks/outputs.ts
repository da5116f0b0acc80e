import { readFileSync } from "node:fs";
import { TerraformOutput, type TerraformStack } from "cdktf";
import { z } from "zod";

/**
 * The deployment's output contract: every name an operator tool (`sensorctl smoke`, `replay`) needs
 * from a deployed stack. The stack declares them with {@link declareDeploymentOutputs}; the tools
 * read them back from the JSON that `cdktf deploy --outputs-file outputs.json` or
 * `cdktf output --outputs-file outputs.json` writes (keyed by stack name, then output name).
 */
export const OUTPUT_NAMES = {
  /** Landing bucket (raw/, normalized/, rejected/). */
  landingBucketName: "landing_bucket_name",
  /** AWS region of the bucket, the function and the topics. */
  awsRegion: "aws_region",
  /** Name of the normalizer Lambda function (for log and failure-queue hints). */
  normalizerFunctionName: "normalizer_function_name",
  /**
   * The function's environment variables as JSON text (`Fn.jsonencode` of the same map), so a
   * replay normalizes with exactly the deployed settings.
   */
  normalizerEnvironmentJson: "normalizer_environment_json",
  /** SNS topic that carries normalized/ object events to Snowpipe. */
  ingestTopicArn: "ingest_topic_arn",
  /** Snowflake organization name. */
  snowflakeOrganizationName: "snowflake_organization_name",
  /** Snowflake account name (not the locator). */
  snowflakeAccountName: "snowflake_account_name",
  /** Storage integration the stage reads normalized/ through. */
  storageIntegrationName: "snowflake_storage_integration_name",
  /** Database `SENSORS_<ENV>`. */
  databaseName: "snowflake_database_name",
  /** Fully qualified auto-ingest pipe (LANDING.READINGS_PIPE). */
  pipeName: "snowflake_pipe_fqn",
  /** Fully qualified staging table Snowpipe loads (LANDING.READINGS_RAW). */
  landingTableName: "snowflake_landing_table_fqn",
  /** Fully qualified curated table the task merges into (CORE.READINGS). */
  coreReadingsTableName: "snowflake_core_readings_table_fqn",
  /** Fully qualified reporting view Power BI reads (REPORTING.READINGS). */
  reportingReadingsViewName: "snowflake_reporting_readings_view_fqn",
  /** Fully qualified task that merges the stream into CORE. */
  transformTaskName: "snowflake_transform_task_fqn",
  /** Role operators use: monitors the pipe and task, reads every schema (the engineer role). */
  operatorRoleName: "snowflake_operator_role_name",
  /** Warehouse operator queries run on. */
  queryWarehouseName: "snowflake_query_warehouse_name",
} as const;

/** The key of one output in {@link OUTPUT_NAMES}. */
export type DeploymentOutputKey = keyof typeof OUTPUT_NAMES;

/** Every output of one deployed stack, by its key in {@link OUTPUT_NAMES}. */
export type DeploymentOutputs = { readonly [K in DeploymentOutputKey]: string };

/** A fully qualified Snowflake name, each part upper case and optionally double-quoted. */
const QUALIFIED_NAME = /^("?[A-Z][A-Z0-9_$]*"?\.){2}"?[A-Z][A-Z0-9_$]*"?$/;
const IDENTIFIER = /^"?[A-Z][A-Z0-9_$]*"?$/;

const shapes: Record<DeploymentOutputKey, z.ZodString> = {
  landingBucketName: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name"),
  awsRegion: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region"),
  normalizerFunctionName: z.string().min(1, "must name the function"),
  normalizerEnvironmentJson: z
    .string()
    .refine(isJsonObjectOfStrings, "must be JSON text of an object of strings (Fn.jsonencode)"),
  ingestTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[^:]+:\d{12}:[^:]+$/, "must be an SNS ARN"),
  snowflakeOrganizationName: z.string().regex(IDENTIFIER, "must be a Snowflake identifier"),
  snowflakeAccountName: z.string().regex(IDENTIFIER, "must be a Snowflake identifier"),
  storageIntegrationName: z.string().regex(IDENTIFIER, "must be a Snowflake identifier"),
  databaseName: z.string().regex(IDENTIFIER, "must be a Snowflake identifier"),
  pipeName: z.string().regex(QUALIFIED_NAME, "must be a fully qualified name DB.SCHEMA.NAME"),
  landingTableName: z.string().regex(QUALIFIED_NAME, "must be a fully qualified name"),
  coreReadingsTableName: z.string().regex(QUALIFIED_NAME, "must be a fully qualified name"),
  reportingReadingsViewName: z.string().regex(QUALIFIED_NAME, "must be a fully qualified name"),
  transformTaskName: z.string().regex(QUALIFIED_NAME, "must be a fully qualified name"),
  operatorRoleName: z.string().regex(IDENTIFIER, "must be a Snowflake identifier"),
  queryWarehouseName: z.string().regex(IDENTIFIER, "must be a Snowflake identifier"),
};

/**
 * Declares every deployment output on the stack, named as in {@link OUTPUT_NAMES}. Call it once in
 * the environment stack with the resources' attributes (tokens are fine).
 */
export function declareDeploymentOutputs(stack: TerraformStack, values: DeploymentOutputs): void {
  for (const key of Object.keys(OUTPUT_NAMES) as DeploymentOutputKey[]) {
    new TerraformOutput(stack, OUTPUT_NAMES[key], {
      value: values[key],
      description: `sensorctl reads this (stacks/outputs.ts: ${key})`,
    });
  }
}

/**
 * Reads one stack's outputs from an outputs file. Errors name the file, the stack, each missing or
 * malformed output and the fix.
 */
export function readDeploymentOutputs(filePath: string, stackName: string): DeploymentOutputs {
  let text: string;
  try {
    text = readFileSync(filePath, "utf8");
  } catch (error) {
    throw new Error(
      `${filePath}: cannot read the outputs file (${(error as Error).message}).\n` +
        `  Fix: run \`npx cdktf output ${stackName} --outputs-file ${filePath}\` first.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${filePath}: not valid JSON (${(error as Error).message}).`);
  }
  return parseDeploymentOutputs(parsed, stackName, filePath);
}

/** Validates the parsed outputs-file JSON; `origin` names the file in errors. */
export function parseDeploymentOutputs(
  document: unknown,
  stackName: string,
  origin: string,
): DeploymentOutputs {
  const stacks = isRecord(document) ? document : {};
  const raw = stacks[stackName];
  if (!isRecord(raw)) {
    const found = Object.keys(stacks);
    throw new Error(
      `${origin}: has no outputs for stack "${stackName}" (found: ${found.join(", ") || "none"}).\n` +
        `  Fix: deploy the stack, then run \`npx cdktf output ${stackName} --outputs-file ${origin}\`.`,
    );
  }
  const problems: string[] = [];
  const values: Partial<Record<DeploymentOutputKey, string>> = {};
  for (const key of Object.keys(OUTPUT_NAMES) as DeploymentOutputKey[]) {
    const name = OUTPUT_NAMES[key];
    const value = raw[name];
    if (value === undefined) {
      problems.push(`output ${name} is missing`);
      continue;
    }
    const result = shapes[key].safeParse(value);
    if (result.success) values[key] = result.data;
    else
      problems.push(`output ${name} = ${JSON.stringify(value)} ${result.error.issues[0].message}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `${origin} (stack ${stackName}): ${problems.join("; ")}.\n` +
        "  Fix: redeploy with a stack that declares every output of stacks/outputs.ts, then write the outputs file again.",
    );
  }
  return values as DeploymentOutputs;
}

function isJsonObjectOfStrings(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) && Object.values(value).every((item) => typeof item === "string");
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
