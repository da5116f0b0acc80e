import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { FileFormat } from "@cdktf/provider-snowflake/lib/file-format";
import { Pipe } from "@cdktf/provider-snowflake/lib/pipe";
import { Stage } from "@cdktf/provider-snowflake/lib/stage";
import { StreamOnTable } from "@cdktf/provider-snowflake/lib/stream-on-table";
import { Table } from "@cdktf/provider-snowflake/lib/table";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import {
  type HealthCopy,
  INGEST_LEDGER_COPY,
  REJECTED_RECORDS_COPY,
  healthCopyTemplate,
} from "../sql/health-copy-statements";
import { renderSqlText } from "../sql/render";
import { LANDING_PREFIXES } from "./landing-bucket";
import { snowflakeColumns } from "./snowflake-core-tables";
import type { SnowflakeDatabase } from "./snowflake-database";
import { type SnowflakeIngestion, LANDING_OBJECT_NAMES } from "./snowflake-ingestion";
import { schemaQualifier } from "./snowflake-schema-qualifier";
import { terraformAddress } from "./terraform-address";

/** Properties of {@link SnowflakeHealthIngestion}. */
export interface SnowflakeHealthIngestionProps {
  /** The environment's database: everything goes in LANDING. */
  readonly database: SnowflakeDatabase;
  /**
   * The readings ingestion: its storage integration (which must allow `rejected/` and `ledger/`,
   * see its `additionalReadPrefixes`), file format, error integration and owner provider.
   */
  readonly ingestion: SnowflakeIngestion;
  /** The ingest topic; both pipes subscribe to it as the readings pipe does. */
  readonly ingestTopic: SnsTopic;
  /** What must exist before CREATE PIPE subscribes to the topic (its policy). @default - none */
  readonly pipeDependsOn?: ITerraformDependable[];
}

/** Names of the health objects in LANDING. */
export const HEALTH_OBJECT_NAMES = {
  rejectedStage: "REJECTED_STAGE",
  rejectedTable: REJECTED_RECORDS_COPY.table.name,
  rejectedPipe: "REJECTED_RECORDS_PIPE",
  ledgerStage: "LEDGER_STAGE",
  ledgerTable: INGEST_LEDGER_COPY.table.name,
  ledgerPipe: "INGEST_LEDGER_PIPE",
  ledgerStream: "INGEST_LEDGER_CHANGES",
  ledgerFileFormat: "LEDGER_JSON",
} as const;

/** One loaded prefix: its stage, table and auto-ingest pipe. */
export interface HealthLoad {
  readonly stage: Stage;
  readonly table: Table;
  readonly pipe: Pipe;
  /** The pipe's COPY statement, rendered from its checked-in template. */
  readonly copyStatement: string;
}

/**
 * Loads the normalizer's rejected records (`rejected/`) and per-object ledger (`ledger/`) into
 * LANDING.REJECTED_RECORDS and LANDING.INGEST_LEDGER, each through its own stage and auto-ingest
 * pipe on the **same** SNS topic as the readings pipe: Snowflake's one SQS queue per account and
 * region receives every event of the topic, and each pipe loads only the files under its stage's
 * path (the bucket sends `rejected/` and `ledger/` events to the topic with their own prefix rules).
 * Same idempotency as readings: a pipe loads a file name once (14-day load history) and the
 * normalizer rewrites the same bytes to the same key on a retry.
 *
 * An append-only stream on the ledger lets the gateway health check run only when an upload has
 * been accounted for (constructs/gateway-health-alert.ts).
 */
export class SnowflakeHealthIngestion extends Construct {
  /** `rejected/` → LANDING.REJECTED_RECORDS. */
  readonly rejected: HealthLoad;
  /** `ledger/` → LANDING.INGEST_LEDGER. */
  readonly ledger: HealthLoad;
  /** Append-only stream on LANDING.INGEST_LEDGER: new ledger rows since the health check last ran. */
  readonly ledgerStream: StreamOnTable;
  /** The ledger lines' format: one JSON object per file, not compressed (they are tiny). */
  readonly ledgerFileFormat: FileFormat;

  constructor(scope: Construct, id: string, props: SnowflakeHealthIngestionProps) {
    super(scope, id);
    const { database, ingestion, ingestTopic } = props;
    const landing = schemaQualifier(database, database.landing);
    this.ledgerFileFormat = new FileFormat(this, "LedgerFileFormat", {
      provider: ingestion.fileFormat.provider,
      database: database.landing.database,
      schema: database.landing.name,
      name: HEALTH_OBJECT_NAMES.ledgerFileFormat,
      formatType: "JSON",
      compression: "NONE",
      comment: "Normalizer ledger lines: one JSON object per file, not compressed",
    });
    const load = (
      name: string,
      prefix: string,
      copy: HealthCopy,
      stageName: string,
      pipeName: string,
      fileFormat: FileFormat,
      fileFormatName: string,
    ): HealthLoad => {
      const provider = ingestion.fileFormat.provider;
      const inLanding = {
        provider,
        database: database.landing.database,
        schema: database.landing.name,
      };
      const location = ingestion.storageAccess.allowedLocations.find((each) =>
        each.endsWith(`/${prefix}`),
      );
      if (location === undefined) {
        throw new Error(
          `SnowflakeHealthIngestion: the storage integration does not allow ${prefix}. Fix: pass "${prefix}" in the ingestion's additionalReadPrefixes.`,
        );
      }
      const stage = new Stage(this, `${name}Stage`, {
        ...inLanding,
        name: stageName,
        url: location,
        storageIntegration: ingestion.storageIntegration.name,
        comment: `${prefix} files of the landing bucket`,
        dependsOn: [ingestion.storageAccess.usageGrant, ingestion.storageAccess.rolePolicy],
        lifecycle: { replaceTriggeredBy: [terraformAddress(ingestion.storageIntegration, "id")] },
      });
      const table = new Table(this, `${name}Table`, {
        ...inLanding,
        name: copy.table.name,
        column: snowflakeColumns(copy.table),
        changeTracking: true,
        comment: copy.table.description,
      });
      const copyStatement = renderSqlText(
        healthCopyTemplate(copy),
        {
          TABLE: landing.qualify(copy.table.name),
          STAGE: landing.qualify(stageName),
          FILE_FORMAT: landing.qualify(fileFormatName),
        },
        `sql/${copy.file}`,
      ).trimEnd();
      const pipe = new Pipe(this, `${name}Pipe`, {
        ...inLanding,
        name: pipeName,
        copyStatement,
        autoIngest: true,
        awsSnsTopicArn: ingestTopic.arn,
        errorIntegration: ingestion.errorIntegration.name,
        comment: `Loads each new ${prefix} file once`,
        dependsOn: [
          table,
          fileFormat,
          stage,
          ingestion.storageAccess.rolePolicy,
          ingestion.errorNotifications.usageGrant,
          ingestion.errorNotifications.rolePolicy,
          ...(props.pipeDependsOn ?? []),
        ],
        lifecycle: {
          replaceTriggeredBy: [
            terraformAddress(stage, "id"),
            terraformAddress(stage, "url"),
            terraformAddress(stage, "storage_integration"),
            terraformAddress(table, "id"),
            terraformAddress(ingestTopic, "id"),
          ],
        },
      });
      return { stage, table, pipe, copyStatement };
    };
    this.rejected = load(
      "Rejected",
      LANDING_PREFIXES.rejected,
      REJECTED_RECORDS_COPY,
      HEALTH_OBJECT_NAMES.rejectedStage,
      HEALTH_OBJECT_NAMES.rejectedPipe,
      ingestion.fileFormat,
      LANDING_OBJECT_NAMES.fileFormat,
    );
    this.ledger = load(
      "Ledger",
      LANDING_PREFIXES.ledger,
      INGEST_LEDGER_COPY,
      HEALTH_OBJECT_NAMES.ledgerStage,
      HEALTH_OBJECT_NAMES.ledgerPipe,
      this.ledgerFileFormat,
      HEALTH_OBJECT_NAMES.ledgerFileFormat,
    );
    this.ledgerStream = new StreamOnTable(this, "LedgerStream", {
      provider: ingestion.fileFormat.provider,
      database: database.landing.database,
      schema: database.landing.name,
      name: HEALTH_OBJECT_NAMES.ledgerStream,
      table: this.ledger.table.fullyQualifiedName,
      appendOnly: "true",
      comment: "Ledger rows since the gateway health check last ran",
    });
  }

  /** The health tables, stages, pipes and stream: what grants on current objects must wait for. */
  get all(): ITerraformDependable[] {
    return [
      this.rejected.table,
      this.rejected.pipe,
      this.ledger.table,
      this.ledger.pipe,
      this.ledgerStream,
    ];
  }
}
