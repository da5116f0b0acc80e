import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import type { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Token } from "cdktf";
import { AwsAccount } from "./aws-account";
import { LANDING_PREFIXES, type LandingBucket } from "./landing-bucket";
import { policyJson } from "./policy-document";
import type { StreamNormalizerFunction } from "./stream-normalizer-function";

/** Properties of {@link StreamingDelivery}. */
export interface StreamingDeliveryProps {
  /** Delivery stream name; also names its role and log group. */
  readonly streamName: string;
  /** `<account>.snowflakecomputing.com` URL of the Snowflake account. */
  readonly snowflakeAccountUrl: string;
  /** Database, schema and table Firehose writes to (unquoted identifiers). */
  readonly database: string;
  readonly schema: string;
  readonly table: string;
  /** The VARIANT column that receives each record's JSON. */
  readonly contentColumnName: string;
  /** Secret holding the Snowflake user and private key (value set outside Terraform). */
  readonly snowflakeSecret: SecretsmanagerSecret;
  /** The processing Lambda: the normalizer in record mode. */
  readonly processor: StreamNormalizerFunction;
  /** The bucket that keeps every source record under `stream/` (the system of record). */
  readonly landingBucket: LandingBucket;
  /** Seconds Firehose buffers before writing to Snowflake (0-60 here; Firehose allows 900). @default 30 */
  readonly bufferingIntervalSeconds?: number;
  /** MB Firehose buffers before writing to Snowflake (1-128). @default 1 */
  readonly bufferingSizeMb?: number;
  /** Seconds Firehose retries Snowflake before backing records up as failed (0-7200). @default 300 */
  readonly retryDurationSeconds?: number;
  /** Days the delivery logs are kept. @default 30 */
  readonly logRetentionInDays?: number;
}

/** The S3 key prefixes of the delivery stream's backup, under the landing bucket's `stream/`. */
export const STREAM_BACKUP_PREFIXES = {
  /** Every source record (the IoT rule's envelope of each message), by arrival hour. */
  all: `${LANDING_PREFIXES.stream}backup/`,
  /** Records that failed processing or delivery, with Firehose's error. */
  failed: `${LANDING_PREFIXES.stream}failed/!{firehose:error-output-type}/`,
} as const;

/**
 * Amazon Data Firehose into Snowflake (Snowpipe Streaming): the processing Lambda normalizes each
 * message, Firehose writes one row per message into the VARIANT column of the streaming landing
 * table, every source record is backed up to S3 (`AllData`: "all your source data",
 * docs.aws.amazon.com/firehose/latest/dev/create-configure-backup.html), and delivery is logged to
 * CloudWatch. The Snowflake key is read from Secrets Manager at run time; no key is in the
 * configuration, the plan or the state (terraform-provider-aws #42611).
 */
export class StreamingDelivery extends Construct {
  /** The delivery stream. */
  readonly stream: KinesisFirehoseDeliveryStream;
  /** The role Firehose assumes. */
  readonly role: IamRole;
  /** Delivery and backup errors. */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: StreamingDeliveryProps) {
    super(scope, id);
    const { streamName, landingBucket, processor } = props;
    const bufferingInterval = props.bufferingIntervalSeconds ?? 30;
    const bufferingSize = props.bufferingSizeMb ?? 1;
    const retryDuration = props.retryDurationSeconds ?? 300;
    check("bufferingIntervalSeconds", bufferingInterval, 0, 60);
    check("bufferingSizeMb", bufferingSize, 1, 128);
    check("retryDurationSeconds", retryDuration, 0, 7200);
    const account = AwsAccount.of(this);

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/kinesisfirehose/${streamName}`,
      retentionInDays: props.logRetentionInDays ?? 30,
    });
    const destinationLog = new CloudwatchLogStream(this, "DestinationLog", {
      name: "DestinationDelivery",
      logGroupName: this.logGroup.name,
    });
    const backupLog = new CloudwatchLogStream(this, "BackupLog", {
      name: "BackupDelivery",
      logGroupName: this.logGroup.name,
    });

    this.role = new IamRole(this, "FirehoseRole", {
      name: streamName,
      assumeRolePolicy: policyJson([
        {
          Effect: "Allow",
          Principal: { Service: "firehose.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
        },
      ]),
    });
    const writeBackup = landingBucket.grantWrite(this.role, LANDING_PREFIXES.stream);
    const runtime = new IamRolePolicy(this, "RuntimePolicy", {
      name: "process-read-key-log",
      role: this.role.name,
      policy: policyJson([
        {
          Sid: "InvokeProcessor",
          Effect: "Allow",
          Action: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"],
          Resource: processor.function.arn,
        },
        {
          Sid: "ReadSnowflakeKey",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: props.snowflakeSecret.arn,
        },
        {
          Sid: "WriteDeliveryLogs",
          Effect: "Allow",
          Action: "logs:PutLogEvents",
          Resource: `${this.logGroup.arn}:*`,
        },
      ]),
    });

    const logging = (stream: CloudwatchLogStream) => ({
      enabled: true,
      logGroupName: this.logGroup.name,
      logStreamName: stream.name,
    });
    this.stream = new KinesisFirehoseDeliveryStream(this, "Resource", {
      name: streamName,
      destination: "snowflake",
      snowflakeConfiguration: {
        // The protocol is optional (Firehose API, SnowflakeDestinationConfiguration.AccountUrl).
        accountUrl: props.snowflakeAccountUrl,
        database: props.database,
        schema: props.schema,
        table: props.table,
        roleArn: this.role.arn,
        // The user's default role (INSERT on this table only) authorizes the writes.
        snowflakeRoleConfiguration: { enabled: false },
        secretsManagerConfiguration: {
          enabled: true,
          secretArn: props.snowflakeSecret.arn,
          roleArn: this.role.arn,
        },
        dataLoadingOption: "VARIANT_CONTENT_MAPPING",
        contentColumnName: props.contentColumnName,
        bufferingInterval,
        // Set explicitly: the API and the Terraform docs disagree on the default.
        bufferingSize,
        retryDuration,
        s3BackupMode: "AllData",
        s3Configuration: {
          bucketArn: landingBucket.bucketArn,
          roleArn: this.role.arn,
          prefix: STREAM_BACKUP_PREFIXES.all,
          errorOutputPrefix: STREAM_BACKUP_PREFIXES.failed,
          compressionFormat: "GZIP",
          bufferingInterval: 300,
          bufferingSize: 5,
          cloudwatchLoggingOptions: logging(backupLog),
        },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: "Lambda",
              parameters: [
                { parameterName: "LambdaArn", parameterValue: `${processor.function.arn}:$LATEST` },
                // 1 MB of messages in keeps the response (normalized rows) under Lambda's 6 MB.
                { parameterName: "BufferSizeInMBs", parameterValue: "1" },
                { parameterName: "BufferIntervalInSeconds", parameterValue: "10" },
              ],
            },
          ],
        },
        cloudwatchLoggingOptions: logging(destinationLog),
      },
      dependsOn: [writeBackup, runtime],
    });
  }
}

function check(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(
      `StreamingDelivery: ${prop} ${value} must be a whole number from ${min} to ${max}.`,
    );
}
