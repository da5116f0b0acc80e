/**
 * The health side of the data contract: what the normalizer writes about the records it could not
 * accept (`rejected/`) and about every object it read (`ledger/`), and how both load into LANDING.
 * With them, "records read = readings loaded + rejections loaded" is checkable per object, gateway
 * and hour (docs/monitoring.md).
 */
import type { ContractColumn } from "./reading";

const VARCHAR = { snowflakeType: "VARCHAR", duckdbType: "VARCHAR" } as const;
const COUNT = { snowflakeType: "NUMBER(38,0)", duckdbType: "BIGINT" } as const;
const TIME = { snowflakeType: "TIMESTAMP_NTZ(3)", duckdbType: "TIMESTAMP" } as const;

/**
 * LANDING.REJECTED_RECORDS: one row per rejected record, as the normalizer wrote it to
 * `rejected/` (`source_key`, `source_line`, `reason.code`, `reason.message`, `raw`), then the
 * load lineage. The gateway is not a column: it is derived from SOURCE_KEY where it is read
 * (the same rule as the normalizer's), so a key without a gateway segment stays visible.
 */
export const REJECTED_RECORD_COLUMNS: readonly ContractColumn[] = [
  {
    name: "source_key",
    description: "S3 key of the raw object the record came from.",
    jsonType: "string",
    nullable: false,
    ...VARCHAR,
  },
  {
    name: "source_line",
    description: "1-based line or record number in that object, or null for a whole-file failure.",
    jsonType: "integer",
    nullable: true,
    ...COUNT,
  },
  {
    name: "reason_code",
    description: "Stable rejection code (see docs/operations.md, rejection reasons).",
    jsonType: "string",
    nullable: false,
    ...VARCHAR,
  },
  {
    name: "reason_message",
    description: "What was wrong with the record, for a person.",
    jsonType: "string",
    nullable: false,
    ...VARCHAR,
  },
  {
    name: "raw",
    description: "The original text, truncated by the normalizer at MAX_REJECTED_RAW_CHARS.",
    jsonType: "string",
    nullable: false,
    ...VARCHAR,
  },
];

/**
 * LANDING.INGEST_LEDGER: one row per raw object version the normalizer finished, from its ledger
 * line (lambda/normalizer/ledger.ts, written last under `ledger/` when LEDGER_PREFIX is set). Every
 * field is a function of the object version, so a retry rewrites the same bytes and Snowpipe loads
 * it once. `source` names the ledger line's key where it differs from the column.
 */
export const LEDGER_COLUMNS: readonly (ContractColumn & { readonly source?: string })[] = [
  {
    name: "source_key",
    description: "S3 key of the raw object.",
    jsonType: "string",
    nullable: false,
    ...VARCHAR,
  },
  {
    name: "gateway_id",
    description: "Gateway from the key (raw/<gateway_id>/...), or null when the key names none.",
    jsonType: "string",
    nullable: true,
    ...VARCHAR,
  },
  {
    name: "uploaded_at",
    description: "When the object was uploaded (S3 LastModified), UTC.",
    jsonType: "string",
    nullable: false,
    ...TIME,
  },
  {
    name: "format",
    description: "Format the normalizer detected: csv, ndjson, json or none.",
    jsonType: "string",
    nullable: false,
    ...VARCHAR,
  },
  {
    name: "gzip",
    description: "Whether the object was gzip-compressed.",
    jsonType: "string",
    nullable: false,
    snowflakeType: "BOOLEAN",
    duckdbType: "BOOLEAN",
  },
  {
    name: "bytes_read",
    description: "Bytes read from the object (compressed size for gzip).",
    jsonType: "integer",
    nullable: false,
    ...COUNT,
  },
  {
    name: "records_read",
    source: "records",
    description: "Records read; always records_accepted + records_rejected.",
    jsonType: "integer",
    nullable: false,
    ...COUNT,
  },
  {
    name: "records_accepted",
    source: "accepted",
    description: "Records written to normalized/ as readings.",
    jsonType: "integer",
    nullable: false,
    ...COUNT,
  },
  {
    name: "records_rejected",
    source: "rejected",
    description: "Records written to rejected/ with their reason.",
    jsonType: "integer",
    nullable: false,
    ...COUNT,
  },
  {
    name: "normalized_key",
    description: "Key of the object's normalized file, or null when it had no accepted record.",
    jsonType: "string",
    nullable: true,
    ...VARCHAR,
  },
  {
    name: "rejected_key",
    description: "Key of the object's rejected file, or null when nothing was rejected.",
    jsonType: "string",
    nullable: true,
    ...VARCHAR,
  },
];
