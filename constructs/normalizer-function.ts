import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AwsAccount } from "./aws-account";
import { LANDING_PREFIXES, type LandingBucket } from "./landing-bucket";
import {
  NORMALIZER_ENV_DEFAULTS,
  OBJECT_LIMIT_RANGES,
  type NormalizerEnvName,
} from "../lambda/normalizer/settings";
import { lambdaZip } from "./lambda-zip";
import { policyJson } from "./policy-document";
import { lambdaTrustPolicyJson } from "./lambda-trust-policy";
import { Problems } from "./validation";

/** Entry file of the normalizer, relative to the repository root. */
export const NORMALIZER_ENTRY = "lambda/normalizer/handler.ts";

/** Properties of {@link NormalizerFunction}. */
export interface NormalizerFunctionProps {
  /** Function name; also names its role, log group and failure queue. */
  readonly functionName: string;
  /** The bucket whose raw/ uploads it reads and whose normalized/ and rejected/ it writes. */
  readonly landingBucket: LandingBucket;
  /** Memory in MB (128-10240). @default 512 */
  readonly memorySizeMb?: number;
  /** Timeout in seconds (1-900). @default 300 */
  readonly timeoutSeconds?: number;
  /** Reserved concurrency (1-1000): caps parallel runs and cost. @default 10 */
  readonly reservedConcurrency?: number;
  /** Days the logs are kept. @default 30 */
  readonly logRetentionInDays?: number;
  /** Retries of a failed event before it goes to the failure queue (0-2). @default 2 */
  readonly maxRetryAttempts?: number;
  /** Seconds an event may wait for a run (60-21600). @default 21600 */
  readonly maxEventAgeSeconds?: number;
  /** IANA time zone for timestamps without an offset. @default "UTC" */
  readonly defaultTimeZone?: string;
  /** Longest accepted line or record in bytes. @default 65536 */
  readonly maxLineBytes?: number;
  /** Oldest accepted reading, in days before upload. @default 365 */
  readonly timestampMaxAgeDays?: number;
  /** Latest accepted reading, in minutes after upload. @default 10 */
  readonly timestampMaxFutureMinutes?: number;
  /**
   * Largest raw object in bytes (S3 ContentLength; the compressed size for gzip) the function
   * reads; a larger one is rejected whole as OBJECT_TOO_LARGE before reading. Raise it only with
   * the memory and timeout (lambda/normalizer/README.md, Limits). 1 MiB to 5 TiB.
   * @default 2147483648 (2 GiB, NORMALIZER_ENV_DEFAULTS.MAX_OBJECT_BYTES)
   */
  readonly maxObjectBytes?: number;
  /**
   * Most bytes one object may decompress to (gzip bombs, runaway uploads); past it the object is
   * rejected whole. 1 MiB to 2^50.
   * @default 4294967296 (4 GiB, NORMALIZER_ENV_DEFAULTS.MAX_DECOMPRESSED_BYTES)
   */
  readonly maxDecompressedBytes?: number;
  /**
   * Most records one object may hold; past it the object is rejected whole. 1 to 10^12.
   * @default 20000000 (NORMALIZER_ENV_DEFAULTS.MAX_RECORDS_PER_OBJECT)
   */
  readonly maxRecordsPerObject?: number;
  /** Log level. @default "INFO" */
  readonly logLevel?: string;
  /** CloudWatch namespace of the function's own metrics. @default "SensorPipeline" */
  readonly metricsNamespace?: string;
}

/**
 * Defaults of {@link NormalizerFunctionProps} (the content settings default in the handler's
 * NORMALIZER_ENV_DEFAULTS); the one home of these values: stacks/config.ts fills its `.default(...)`s from here.
 */
export const NORMALIZER_FUNCTION_DEFAULTS = {
  memorySizeMb: 512,
  timeoutSeconds: 300,
  reservedConcurrency: 10,
  logRetentionInDays: 30,
  maxRetryAttempts: 2,
  maxEventAgeSeconds: 21600,
} as const;

/** Days a failed event stays in the failure queue: SQS's maximum, so nothing expires unseen. */
const FAILURE_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * The Lambda that turns raw uploads into canonical rows: esbuild bundle as a TerraformAsset,
 * Node.js 22 on arm64, a role that reads only raw/ and writes only normalized/ and rejected/, a log
 * group with retention, async retries ending in an encrypted failure queue, and the permission for
 * this bucket (and account) to invoke it.
 */
export class NormalizerFunction extends Construct {
  /** The function. */
  readonly function: LambdaFunction;
  /** Its execution role. */
  readonly role: IamRole;
  /** Its log group, created before the function so Lambda never creates one without retention. */
  readonly logGroup: CloudwatchLogGroup;
  /** Where S3 events end up after the retries fail. */
  readonly failureQueue: SqsQueue;
  /** Lets the landing bucket invoke the function; the bucket notification depends on it. */
  readonly invokePermission: LambdaPermission;
  /** The bundled code. */
  readonly asset: TerraformAsset;
  /** Function name. */
  readonly functionName: string;
  /** Function ARN. */
  readonly functionArn: string;
  /** CloudWatch namespace of the function's own metrics (RecordsRead, ObjectsFailed, …). */
  readonly metricsNamespace: string;
  /** The `service` dimension Powertools puts on those metrics. */
  readonly metricsServiceName: string;

  constructor(scope: Construct, id: string, props: NormalizerFunctionProps) {
    super(scope, id);
    const { functionName, landingBucket } = props;
    const defaults = NORMALIZER_FUNCTION_DEFAULTS;
    const memorySizeMb = props.memorySizeMb ?? defaults.memorySizeMb;
    const timeoutSeconds = props.timeoutSeconds ?? defaults.timeoutSeconds;
    const reservedConcurrency = props.reservedConcurrency ?? defaults.reservedConcurrency;
    new Problems("NormalizerFunction")
      .wholeNumber("memorySizeMb", memorySizeMb, 128, 10240, "MB")
      .wholeNumber("timeoutSeconds", timeoutSeconds, 1, 900, "seconds")
      .wholeNumber(
        "reservedConcurrency",
        reservedConcurrency,
        1,
        1000,
        "(0 would disable the function)",
      )
      .wholeNumber("maxObjectBytes", ...limit(props.maxObjectBytes, "MAX_OBJECT_BYTES"), "bytes")
      .wholeNumber(
        "maxDecompressedBytes",
        ...limit(props.maxDecompressedBytes, "MAX_DECOMPRESSED_BYTES"),
        "bytes",
      )
      .wholeNumber(
        "maxRecordsPerObject",
        ...limit(props.maxRecordsPerObject, "MAX_RECORDS_PER_OBJECT"),
        "records",
      )
      .throwIfAny();
    const account = AwsAccount.of(this);

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionInDays ?? defaults.logRetentionInDays,
    });
    this.failureQueue = new SqsQueue(this, "FailureQueue", {
      name: `${functionName}-failures`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: FAILURE_RETENTION_SECONDS,
    });

    this.role = new IamRole(this, "Role", {
      name: functionName,
      assumeRolePolicy: lambdaTrustPolicyJson(account.accountId),
    });
    const readRaw = landingBucket.grantRead(this.role, LANDING_PREFIXES.raw);
    const writeNormalized = landingBucket.grantWrite(this.role, LANDING_PREFIXES.normalized);
    const writeRejected = landingBucket.grantWrite(this.role, LANDING_PREFIXES.rejected);
    const writeLedger = landingBucket.grantWrite(this.role, LANDING_PREFIXES.ledger);
    const runtimePolicy = new IamRolePolicy(this, "RuntimePolicy", {
      name: "logs-and-failure-queue",
      role: this.role.name,
      policy: policyJson([
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:*`,
        },
        {
          Sid: "SendFailedEvents",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: this.failureQueue.arn,
        },
      ]),
    });

    this.asset = new TerraformAsset(this, "Code", {
      path: lambdaZip(NORMALIZER_ENTRY, "normalizer"),
      type: AssetType.FILE,
    });
    this.function = new LambdaFunction(this, "Resource", {
      functionName,
      description: "Normalizes raw sensor uploads into canonical NDJSON rows",
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: this.asset.path,
      sourceCodeHash: this.asset.assetHash,
      memorySize: memorySizeMb,
      timeout: timeoutSeconds,
      reservedConcurrentExecutions: reservedConcurrency,
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      environment: {
        // Unset settings fall back to the normalizer's own defaults, so the two never disagree.
        variables: {
          ...NORMALIZER_ENV_DEFAULTS,
          ...definedSettings({
            DEFAULT_TIME_ZONE: props.defaultTimeZone,
            MAX_LINE_BYTES: props.maxLineBytes,
            TIMESTAMP_MAX_AGE_DAYS: props.timestampMaxAgeDays,
            TIMESTAMP_MAX_FUTURE_MINUTES: props.timestampMaxFutureMinutes,
            MAX_OBJECT_BYTES: props.maxObjectBytes,
            MAX_DECOMPRESSED_BYTES: props.maxDecompressedBytes,
            MAX_RECORDS_PER_OBJECT: props.maxRecordsPerObject,
            POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
            POWERTOOLS_LOG_LEVEL: props.logLevel,
          }),
          // The per-object ledger the health pipe loads (docs/monitoring.md); the role may write it.
          LEDGER_PREFIX: LANDING_PREFIXES.ledger,
        },
      },
      // Without its permissions in place the first events would fail; without the log group Lambda
      // would create one that keeps logs forever.
      dependsOn: [
        this.logGroup,
        readRaw,
        writeNormalized,
        writeRejected,
        writeLedger,
        runtimePolicy,
      ],
    });
    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;
    this.metricsNamespace =
      props.metricsNamespace ?? NORMALIZER_ENV_DEFAULTS.POWERTOOLS_METRICS_NAMESPACE;
    this.metricsServiceName = NORMALIZER_ENV_DEFAULTS.POWERTOOLS_SERVICE_NAME;

    new LambdaFunctionEventInvokeConfig(this, "AsyncInvokeConfig", {
      functionName: this.function.functionName,
      maximumRetryAttempts: props.maxRetryAttempts ?? defaults.maxRetryAttempts,
      maximumEventAgeInSeconds: props.maxEventAgeSeconds ?? defaults.maxEventAgeSeconds,
      destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
      dependsOn: [runtimePolicy],
    });
    this.invokePermission = new LambdaPermission(this, "AllowBucketInvoke", {
      statementId: "AllowLandingBucketInvoke",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "s3.amazonaws.com",
      sourceArn: landingBucket.bucketArn,
      sourceAccount: account.accountId,
    });
  }
}

/** A limit prop (or its default) with the range the function accepts, for Problems.wholeNumber. */
function limit(
  value: number | undefined,
  name: keyof typeof OBJECT_LIMIT_RANGES,
): [number, number, number] {
  const { min, max } = OBJECT_LIMIT_RANGES[name];
  return [value ?? Number(NORMALIZER_ENV_DEFAULTS[name]), min, max];
}

/** The settings that are set, as environment variable strings. */
function definedSettings(
  settings: Partial<Record<NormalizerEnvName, string | number | undefined>>,
): Partial<Record<NormalizerEnvName, string>> {
  const defined: Partial<Record<NormalizerEnvName, string>> = {};
  for (const [name, value] of Object.entries(settings) as Array<[NormalizerEnvName, unknown]>) {
    if (value !== undefined) defined[name] = String(value);
  }
  return defined;
}
