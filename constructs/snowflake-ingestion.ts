import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { FileFormat } from "@cdktf/provider-snowflake/lib/file-format";
import type { GrantPrivilegesToAccountRole } from "@cdktf/provider-snowflake/lib/grant-privileges-to-account-role";
import type { NotificationIntegration } from "@cdktf/provider-snowflake/lib/notification-integration";
import { Pipe } from "@cdktf/provider-snowflake/lib/pipe";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { Stage } from "@cdktf/provider-snowflake/lib/stage";
import type { StorageIntegration } from "@cdktf/provider-snowflake/lib/storage-integration";
import { Table, type TableColumn } from "@cdktf/provider-snowflake/lib/table";
import { type ContractColumn, LINEAGE_COLUMNS, READING_COLUMNS } from "../contract/reading";
import { COPY_INTO_READINGS_RAW_FILE } from "../sql/copy-statement";
import { renderSql } from "../sql/render";
import type { SnowflakeDatabase } from "./snowflake-database";
import { SnowflakeErrorNotifications } from "./snowflake-error-notifications";
import { SnowflakeStorageAccess } from "./snowflake-storage-access";
import { terraformAddress } from "./terraform-address";

/** Properties of {@link SnowflakeIngestion}. */
export interface SnowflakeIngestionProps {
  /** The environment's database; the file format, stage, table and pipe go in its LANDING schema. */
  readonly database: SnowflakeDatabase;
  /** The landing bucket. */
  readonly bucket: S3Bucket;
  /** Key prefix of the normalized files, the only one Snowflake may read. @default "normalized/" */
  readonly prefix?: string;
  /**
   * Further prefixes the storage integration may read, for other stages on it (the health pipes'
   * `rejected/` and `ledger/`). @default - none
   */
  readonly additionalReadPrefixes?: readonly string[];
  /** Customer key the bucket encrypts with (SSE-KMS). @default - SSE-S3: no KMS permission */
  readonly kmsKey?: KmsKey;
  /** Topic receiving the bucket's `ObjectCreated` events under the prefix; the pipe subscribes to it. */
  readonly ingestTopic: SnsTopic;
  /** Standard topic receiving the pipe's error notifications. */
  readonly alertsTopic: SnsTopic;
  /** Customer key the alerts topic encrypts with. @default - no KMS permission */
  readonly alertsTopicKmsKey?: KmsKey;
  /**
   * What must exist before CREATE PIPE subscribes Snowflake's queue to the ingest topic: at least
   * the topic policy that allows `snowflakeSubscriberArn` to `sns:Subscribe`.
   * @default - nothing beyond this construct's own resources
   */
  readonly pipeDependsOn?: ITerraformDependable[];
  /** Name of the storage integration (account level, upper case). */
  readonly storageIntegrationName: string;
  /** Name of the IAM role the storage integration assumes. */
  readonly storageRoleName: string;
  /** External ID of the storage integration, reused in its role's trust policy. */
  readonly storageExternalId: string;
  /** Name of the error notification integration (account level, upper case). */
  readonly errorIntegrationName: string;
  /** Name of the IAM role the error notification integration assumes. */
  readonly errorRoleName: string;
  /** Provider running as the pipeline owner role: creates (so owns) the database-level objects. */
  readonly ownerProvider: SnowflakeProvider;
  /** Provider running as the admin role: creates the integrations and grants USAGE on them. */
  readonly adminProvider: SnowflakeProvider;
}

/** Names of the ingestion objects inside the LANDING schema. */
export const LANDING_OBJECT_NAMES = {
  fileFormat: "NDJSON_GZ",
  stage: "NORMALIZED_STAGE",
  table: "READINGS_RAW",
  pipe: "READINGS_PIPE",
} as const;

/** The columns of LANDING.READINGS_RAW: the contract's reading, then the load lineage. */
export function landingTableColumns(
  columns: readonly ContractColumn[] = [...READING_COLUMNS, ...LINEAGE_COLUMNS],
): TableColumn[] {
  return columns.map((column) => ({
    name: column.name.toUpperCase(),
    type: column.snowflakeType,
    nullable: column.nullable,
    comment: column.description,
  }));
}

/**
 * Loads every file under `normalized/` into LANDING.READINGS_RAW once, automatically: storage
 * access and error notifications (account level, admin role), then the JSON file format, the
 * external stage, the staging table and the auto-ingest pipe (owner role, so the owner owns them
 * from creation and no ownership transfer ever touches the pipe).
 *
 * The pipe is near-immutable: its COPY text, auto-ingest flag and topic are ForceNew, and a new
 * pipe starts with an empty load history. So the COPY text is generated from the contract and
 * checked in, and `replace_triggered_by` recreates the pipe exactly when what it silently binds to
 * is replaced or repointed (stage, table, ingest topic), and the stage when its integration is
 * replaced (a stage links to an integration by a hidden ID).
 */
export class SnowflakeIngestion extends Construct {
  /** The storage integration and the IAM role it assumes. */
  readonly storageAccess: SnowflakeStorageAccess;
  /** The error notification integration and the IAM role it assumes. */
  readonly errorNotifications: SnowflakeErrorNotifications;
  /** The storage integration the stage reads through. */
  readonly storageIntegration: StorageIntegration;
  /** The notification integration for pipe (and task) errors. */
  readonly errorIntegration: NotificationIntegration;
  /** The owner role's USAGE on it: what names the integration must wait for it. */
  readonly errorIntegrationUsage: GrantPrivilegesToAccountRole;
  /** Snowflake's IAM user: the principal the ingest topic must allow to `sns:Subscribe`. */
  readonly snowflakeSubscriberArn: string;
  /** JSON file format of the normalized files (NDJSON, gzip). */
  readonly fileFormat: FileFormat;
  /** External stage on the normalized prefix. */
  readonly stage: Stage;
  /** LANDING.READINGS_RAW: contract columns plus FILE_NAME, FILE_ROW, LOADED_AT. */
  readonly landingTable: Table;
  /** The auto-ingest pipe. */
  readonly pipe: Pipe;
  /** The pipe's COPY statement, rendered from `sql/copy_into_readings_raw.sql`. */
  readonly copyStatement: string;

  constructor(scope: Construct, id: string, props: SnowflakeIngestionProps) {
    super(scope, id);
    const { database, ingestTopic, ownerProvider: provider } = props;
    const ownerRoleName = provider.role;
    if (ownerRoleName === undefined) {
      throw new Error(
        "SnowflakeIngestion: ownerProvider must set role: USAGE on the integrations is granted to the role that creates the stage and pipe.",
      );
    }

    this.storageAccess = new SnowflakeStorageAccess(this, "StorageAccess", {
      integrationName: props.storageIntegrationName,
      roleName: props.storageRoleName,
      bucket: props.bucket,
      prefix: props.prefix,
      additionalPrefixes: props.additionalReadPrefixes,
      kmsKey: props.kmsKey,
      externalId: props.storageExternalId,
      usageRoleName: ownerRoleName,
      provider: props.adminProvider,
    });
    this.errorNotifications = new SnowflakeErrorNotifications(this, "ErrorNotifications", {
      integrationName: props.errorIntegrationName,
      roleName: props.errorRoleName,
      topic: props.alertsTopic,
      topicKmsKey: props.alertsTopicKmsKey,
      usageRoleName: ownerRoleName,
      provider: props.adminProvider,
    });
    this.storageIntegration = this.storageAccess.integration;
    this.errorIntegration = this.errorNotifications.integration;
    this.errorIntegrationUsage = this.errorNotifications.usageGrant;
    this.snowflakeSubscriberArn = this.storageAccess.snowflakeSubscriberArn;

    const schema = database.landing;
    const inLanding = { provider, database: schema.database, schema: schema.name };
    const qualified = landingQualifier(database);

    this.fileFormat = new FileFormat(this, "FileFormat", {
      ...inLanding,
      name: LANDING_OBJECT_NAMES.fileFormat,
      formatType: "JSON",
      compression: "GZIP",
      comment: "Normalized readings: one JSON object per line, gzip",
    });

    // No file format, copy options or directory here: the COPY names the format, and stage
    // defaults read back as diffs that recreate the stage and stop the pipe (provider issues
    // 2679 and 4196).
    this.stage = new Stage(this, "Stage", {
      ...inLanding,
      name: LANDING_OBJECT_NAMES.stage,
      url: this.storageAccess.allowedLocation,
      storageIntegration: this.storageIntegration.name,
      comment: "Normalized files of the landing bucket",
      dependsOn: [this.storageAccess.usageGrant, this.storageAccess.rolePolicy],
      lifecycle: { replaceTriggeredBy: [terraformAddress(this.storageIntegration, "id")] },
    });

    this.landingTable = new Table(this, "LandingTable", {
      ...inLanding,
      name: LANDING_OBJECT_NAMES.table,
      column: landingTableColumns(),
      // The stream on this table turns change tracking on; declaring it keeps plans clean.
      changeTracking: true,
      comment: "Every loaded reading with the file, row and time of its load; append-only",
    });

    this.copyStatement = renderSql(COPY_INTO_READINGS_RAW_FILE, {
      TABLE: qualified(LANDING_OBJECT_NAMES.table),
      STAGE: qualified(LANDING_OBJECT_NAMES.stage),
      FILE_FORMAT: qualified(LANDING_OBJECT_NAMES.fileFormat),
    }).trimEnd();

    this.pipe = new Pipe(this, "Pipe", {
      ...inLanding,
      name: LANDING_OBJECT_NAMES.pipe,
      copyStatement: this.copyStatement,
      autoIngest: true,
      awsSnsTopicArn: ingestTopic.arn,
      errorIntegration: this.errorIntegration.name,
      comment: "Loads each new normalized file once",
      // The COPY names table, stage and format as text, so these edges are declared. CREATE PIPE
      // subscribes Snowflake's queue to the topic, so the topic policy must allow it first.
      dependsOn: [
        this.landingTable,
        this.fileFormat,
        this.stage,
        this.storageAccess.rolePolicy,
        this.errorNotifications.usageGrant,
        this.errorNotifications.rolePolicy,
        ...(props.pipeDependsOn ?? []),
      ],
      lifecycle: {
        replaceTriggeredBy: [
          terraformAddress(this.stage, "id"),
          terraformAddress(this.stage, "url"),
          terraformAddress(this.stage, "storage_integration"),
          terraformAddress(this.stage, "encryption"),
          terraformAddress(this.landingTable, "id"),
          // A topic recreated under the same ARN keeps no subscription: the pipe must resubscribe.
          terraformAddress(ingestTopic, "id"),
        ],
      },
    });
  }
}

/** Builds `DATABASE.LANDING.<name>`, unquoted: every identifier here is upper case. */
function landingQualifier(database: SnowflakeDatabase): (name: string) => string {
  const databaseName = database.database.nameInput;
  const schemaName = database.landing.nameInput;
  if (databaseName === undefined || schemaName === undefined) {
    throw new Error("SnowflakeIngestion: the database and its LANDING schema must have names.");
  }
  return (name) => `${databaseName}.${schemaName}.${name}`;
}
