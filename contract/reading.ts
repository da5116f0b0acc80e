/**
 * The data contract: one definition of the canonical reading that drives the normalizer's output,
 * the Snowflake and DuckDB table columns, the COPY statement and the docs.
 *
 * Changing a column here is a contract change: see docs/operations.md ("adding a metric or a column").
 */

/** One column of a contract table, with its type in every engine that stores it. */
export interface ContractColumn {
  /** Lower snake case name, as it appears in the NDJSON rows. Engines upper-case it where they must. */
  readonly name: string;
  /** One sentence for docs and column comments. */
  readonly description: string;
  /** JSON type in the NDJSON row. */
  readonly jsonType: "string" | "number" | "integer";
  /** Whether the value may be null. */
  readonly nullable: boolean;
  /** Snowflake column type. */
  readonly snowflakeType: string;
  /** DuckDB column type, used by the local pipeline. */
  readonly duckdbType: string;
}

/** The canonical reading, in the key order of every NDJSON line the normalizer writes. */
export const READING_COLUMNS: readonly ContractColumn[] = [
  {
    name: "sensor_id",
    description: "Identifier of the sensor, as the gateway reports it.",
    jsonType: "string",
    nullable: false,
    snowflakeType: "VARCHAR",
    duckdbType: "VARCHAR",
  },
  {
    name: "metric",
    description:
      "What was measured, in lower snake case (for example temperature, relative_humidity).",
    jsonType: "string",
    nullable: false,
    snowflakeType: "VARCHAR",
    duckdbType: "VARCHAR",
  },
  {
    name: "value",
    description: "The measured value, a finite number in the canonical unit.",
    jsonType: "number",
    nullable: false,
    snowflakeType: "FLOAT",
    duckdbType: "DOUBLE",
  },
  {
    name: "unit",
    description: "Canonical unit spelling (see docs/units.md), or null when the gateway sent none.",
    jsonType: "string",
    nullable: true,
    snowflakeType: "VARCHAR",
    duckdbType: "VARCHAR",
  },
  {
    name: "observed_at",
    description: "When the value was measured, UTC with millisecond precision.",
    jsonType: "string",
    nullable: false,
    snowflakeType: "TIMESTAMP_NTZ(3)",
    duckdbType: "TIMESTAMP",
  },
  {
    name: "gateway_id",
    description: "The gateway that uploaded the reading (from the raw object key).",
    jsonType: "string",
    nullable: false,
    snowflakeType: "VARCHAR",
    duckdbType: "VARCHAR",
  },
  {
    name: "source_key",
    description: "S3 key of the raw object the reading came from.",
    jsonType: "string",
    nullable: false,
    snowflakeType: "VARCHAR",
    duckdbType: "VARCHAR",
  },
  {
    name: "source_line",
    description: "1-based line or record number of the reading in its raw object.",
    jsonType: "integer",
    nullable: false,
    snowflakeType: "NUMBER(38,0)",
    duckdbType: "BIGINT",
  },
];

/**
 * Load lineage the staging table adds to every reading: which file, which row, when it was loaded,
 * and when its raw object was uploaded (read from the normalized file's name, see
 * lambda/normalizer/keys.ts), which decides which of two rows for one reading wins.
 */
export const LINEAGE_COLUMNS: readonly ContractColumn[] = [
  {
    name: "file_name",
    description: "Stage-relative name of the normalized file the row was loaded from.",
    jsonType: "string",
    nullable: false,
    snowflakeType: "VARCHAR",
    duckdbType: "VARCHAR",
  },
  {
    name: "file_row",
    description: "Row number of the reading in that normalized file.",
    jsonType: "integer",
    nullable: false,
    snowflakeType: "NUMBER(38,0)",
    duckdbType: "BIGINT",
  },
  {
    name: "loaded_at",
    description: "When the load of that file started (METADATA$START_SCAN_TIME), UTC.",
    jsonType: "string",
    nullable: false,
    snowflakeType: "TIMESTAMP_NTZ(3)",
    duckdbType: "TIMESTAMP",
  },
  {
    name: "uploaded_at",
    description:
      "When the raw object was uploaded (S3 LastModified, whole seconds, UTC), from the normalized file name.",
    jsonType: "string",
    nullable: false,
    snowflakeType: "TIMESTAMP_NTZ(3)",
    duckdbType: "TIMESTAMP",
  },
];

/** A canonical reading as the normalizer emits it. Keys are in contract order. */
export interface CanonicalReading {
  readonly sensor_id: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string | null;
  readonly observed_at: string;
  readonly gateway_id: string;
  readonly source_key: string;
  readonly source_line: number;
}

/** A quarantined record, or a whole file (source_line null) that could not be read. */
export interface RejectedRecord {
  readonly source_key: string;
  readonly source_line: number | null;
  /** A stable code plus a human message, e.g. `{ code: "NON_NUMERIC_VALUE", message: "…" }`. */
  readonly reason: { readonly code: string; readonly message: string };
  /** The original text, truncated at MAX_REJECTED_RAW_CHARS. */
  readonly raw: string;
}

/** Longest original text kept in a rejected record; longer text is cut and marked with an ellipsis. */
export const MAX_REJECTED_RAW_CHARS = 4096;
