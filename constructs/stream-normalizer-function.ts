import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { suppressGuardrail } from "../guardrails/suppressions";
import { REJECTED_BUCKET_ENV } from "../lambda/stream-normalizer/settings";
import { NORMALIZER_ENV_DEFAULTS } from "../lambda/normalizer/settings";
import { AwsAccount } from "./aws-account";
import { LANDING_PREFIXES, type LandingBucket } from "./landing-bucket";
import { lambdaZip } from "./lambda-zip";
import { policyJson } from "./policy-document";
import { lambdaTrustPolicyJson } from "./lambda-trust-policy";

/** Entry file of the Firehose processing Lambda, relative to the repository root. */
export const STREAM_NORMALIZER_ENTRY = "lambda/stream-normalizer/handler.ts";

/** Properties of {@link StreamNormalizerFunction}. */
export interface StreamNormalizerFunctionProps {
  /** Function name; also names its role and log group. */
  readonly functionName: string;
  /** The bucket whose rejected/ receives the messages' rejected records. */
  readonly landingBucket: LandingBucket;
  /** Memory in MB (128-10240). @default 256 */
  readonly memorySizeMb?: number;
  /** Reserved concurrency (1-1000): caps parallel runs and cost. @default 5 */
  readonly reservedConcurrency?: number;
  /** Days the logs are kept. @default 30 */
  readonly logRetentionInDays?: number;
}

/**
 * Firehose invokes a processing Lambda synchronously for at most 5 minutes per batch
 * (docs.aws.amazon.com/firehose/latest/dev/data-transformation.html); one minute covers a 1 MB
 * batch with room to spare.
 */
const TIMEOUT_SECONDS = 60;

/**
 * The normalizer core in record mode as Firehose's processing Lambda: the file path's rules and
 * rejection reasons for MQTT messages. Its role writes only `rejected/` of the landing bucket and
 * its own log group; Firehose alone invokes it (the delivery stream's role holds the permission).
 */
export class StreamNormalizerFunction extends Construct {
  /** The function. */
  readonly function: LambdaFunction;
  /** Its execution role. */
  readonly role: IamRole;
  /** Its log group, created before the function so Lambda never creates one without retention. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: StreamNormalizerFunctionProps) {
    super(scope, id);
    const { functionName, landingBucket } = props;
    const account = AwsAccount.of(this);
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionInDays ?? 30,
    });
    this.role = new IamRole(this, "StreamNormalizerRole", {
      name: functionName,
      assumeRolePolicy: lambdaTrustPolicyJson(account.accountId),
    });
    const writeRejected = landingBucket.grantWrite(this.role, LANDING_PREFIXES.rejected);
    const logs = new IamRolePolicy(this, "LogsPolicy", {
      name: "logs",
      role: this.role.name,
      policy: policyJson([
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:*`,
        },
      ]),
    });
    const asset = new TerraformAsset(this, "Code", {
      path: lambdaZip(STREAM_NORMALIZER_ENTRY, "stream-normalizer"),
      type: AssetType.FILE,
    });
    this.function = new LambdaFunction(this, "Resource", {
      functionName,
      description: "Normalizes MQTT messages for Firehose (record mode of the normalizer)",
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      memorySize: props.memorySizeMb ?? 256,
      timeout: TIMEOUT_SECONDS,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 5,
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      environment: {
        variables: { ...NORMALIZER_ENV_DEFAULTS, [REJECTED_BUCKET_ENV]: landingBucket.bucketName },
      },
      dependsOn: [this.logGroup, writeRejected, logs],
    });
    suppressGuardrail(
      this.function,
      "Lambda.FailureDestination",
      "Firehose invokes this function synchronously and retries it; records it cannot process go to the delivery stream's S3 backup, so an on-failure destination would never fire",
    );
  }
}
