import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LEDGER_COLUMNS, REJECTED_RECORD_COLUMNS } from "../contract/health";
import { type ContractColumn, LINEAGE_COLUMNS, READING_COLUMNS } from "../contract/reading";
import { SQL_DIR } from "./render";

/** A column of a table the pipeline creates, typed for both engines that store it. */
export type TableColumnModel = Pick<
  ContractColumn,
  "name" | "description" | "nullable" | "snowflakeType" | "duckdbType"
>;

/** A table of the model: where it lives, its columns, its key and how it is clustered. */
export interface TableModel {
  /** Which schema holds it. */
  readonly schema: "LANDING" | "CORE";
  /** Upper-case table name. */
  readonly name: string;
  /** One sentence for the table comment. */
  readonly description: string;
  readonly columns: readonly TableColumnModel[];
  /** Lower-case column names that identify a row. @default - none (append-only) */
  readonly key?: readonly string[];
  /** Snowflake clustering expressions. @default - none */
  readonly clusterBy?: readonly string[];
}

function contractColumn(name: string): TableColumnModel {
  const column = [...READING_COLUMNS, ...LINEAGE_COLUMNS].find((c) => c.name === name);
  if (!column) throw new Error(`sql/core-model.ts: the contract has no column "${name}".`);
  return column;
}

const COUNT_TYPES = { snowflakeType: "NUMBER(38,0)", duckdbType: "BIGINT" } as const;
const NUMBER_TYPES = { snowflakeType: contractColumn("value").snowflakeType, duckdbType: "DOUBLE" };
const TIME_TYPES = {
  snowflakeType: contractColumn("observed_at").snowflakeType,
  duckdbType: contractColumn("observed_at").duckdbType,
};

/** The sensor's identity in every CORE table (sql/sensor-identity.ts). */
const SENSOR_KEY: TableColumnModel = {
  name: "sensor_key",
  description:
    "The sensor's identity: gateway_id/sensor_id, or sensor_id alone where the environment declares sensor ids global.",
  nullable: false,
  snowflakeType: "VARCHAR",
  duckdbType: "VARCHAR",
};

/** LANDING.READINGS_RAW: every loaded row, the contract's reading plus its load lineage. */
export const READINGS_RAW: TableModel = {
  schema: "LANDING",
  name: "READINGS_RAW",
  description: "Every loaded reading with the file, row and time of its load; append-only",
  columns: [...READING_COLUMNS, ...LINEAGE_COLUMNS],
};

/** CORE.READINGS: one row per sensor, metric and instant; the newest upload wins. */
export const READINGS: TableModel = {
  schema: "CORE",
  name: "READINGS",
  description: "One reading per sensor, metric and observation time; the newest upload wins",
  columns: [SENSOR_KEY, ...READING_COLUMNS, ...LINEAGE_COLUMNS],
  key: ["sensor_key", "metric", "observed_at"],
  // Day first: reports filter on time, and the task's MERGE bounds READINGS by the batch's window
  // of observation times, so both prune to the days they touch; then sensor, for per-sensor reports.
  clusterBy: ["TO_DATE(OBSERVED_AT)", "SENSOR_KEY"],
};

/** CORE.SENSORS: one row per sensor with its gateways, metrics and the span it reported over. */
export const SENSORS: TableModel = {
  schema: "CORE",
  name: "SENSORS",
  description:
    "One row per sensor: its latest gateway, every gateway and metric, first and last observation",
  columns: [
    SENSOR_KEY,
    contractColumn("sensor_id"),
    {
      ...contractColumn("gateway_id"),
      description: "Gateway of the sensor's latest observation.",
    },
    {
      name: "gateways",
      description:
        "Every gateway the sensor reported through, sorted and comma-separated (more than one only where sensor ids are global).",
      nullable: false,
      snowflakeType: "VARCHAR",
      duckdbType: "VARCHAR",
    },
    {
      name: "metrics",
      description: "The metrics the sensor has reported, sorted and comma-separated.",
      nullable: false,
      snowflakeType: "VARCHAR",
      duckdbType: "VARCHAR",
    },
    {
      name: "first_seen_at",
      description: "Earliest observation time, UTC.",
      nullable: false,
      ...TIME_TYPES,
    },
    {
      name: "last_seen_at",
      description: "Latest observation time, UTC.",
      nullable: false,
      ...TIME_TYPES,
    },
  ],
  key: ["sensor_key"],
};

/** CORE.READINGS_HOURLY: aggregates per sensor, metric and hour, recomputed for touched hours. */
export const READINGS_HOURLY: TableModel = {
  schema: "CORE",
  name: "READINGS_HOURLY",
  description: "Count, min, max, average and sum per sensor, metric and UTC hour",
  columns: [
    SENSOR_KEY,
    contractColumn("sensor_id"),
    contractColumn("metric"),
    { name: "hour_start", description: "Start of the UTC hour.", nullable: false, ...TIME_TYPES },
    {
      name: "reading_count",
      description: "Readings in the hour.",
      nullable: false,
      ...COUNT_TYPES,
    },
    {
      name: "value_min",
      description: "Smallest value in the hour.",
      nullable: false,
      ...NUMBER_TYPES,
    },
    {
      name: "value_max",
      description: "Largest value in the hour.",
      nullable: false,
      ...NUMBER_TYPES,
    },
    { name: "value_avg", description: "Mean value in the hour.", nullable: false, ...NUMBER_TYPES },
    {
      name: "value_sum",
      description: "Sum of the values in the hour.",
      nullable: false,
      ...NUMBER_TYPES,
    },
  ],
  key: ["sensor_key", "metric", "hour_start"],
};

/** The load lineage of a health table, naming the prefix its files come from. */
function lineageFrom(prefix: string, names: readonly string[]): TableColumnModel[] {
  return names.map((name) => {
    const column = contractColumn(name);
    return name === "file_name"
      ? {
          ...column,
          description: `Stage-relative name of the ${prefix} file; the same path as its object's normalized file.`,
        }
      : column;
  });
}

/** LANDING.REJECTED_RECORDS: every rejected record the normalizer wrote, loaded by its own pipe. */
export const REJECTED_RECORDS: TableModel = {
  schema: "LANDING",
  name: "REJECTED_RECORDS",
  description: "Every rejected record with its reason and the file, row and time of its load",
  columns: [
    ...REJECTED_RECORD_COLUMNS,
    ...lineageFrom("rejected/", ["file_name", "file_row", "loaded_at"]),
  ],
};

/** LANDING.INGEST_LEDGER: one row per raw object version the normalizer finished. */
export const INGEST_LEDGER: TableModel = {
  schema: "LANDING",
  name: "INGEST_LEDGER",
  description: "One row per raw object read: records read, accepted and rejected, and its format",
  columns: [...LEDGER_COLUMNS, ...lineageFrom("ledger/", ["file_name", "loaded_at"])],
};

/** Every table of the model, in creation order. */
export const TABLES: readonly TableModel[] = [
  READINGS_RAW,
  REJECTED_RECORDS,
  INGEST_LEDGER,
  READINGS,
  SENSORS,
  READINGS_HOURLY,
];

/** The engines the DDL is generated for. */
export type SqlEngine = "snowflake" | "duckdb";

/** Checked-in DDL file of each engine, with `{{ LANDING_SCHEMA }}` and `{{ CORE_SCHEMA }}`. */
export const CREATE_TABLES_FILES: Readonly<Record<SqlEngine, string>> = {
  snowflake: "create_tables.sql",
  duckdb: "create_tables_duckdb.sql",
};

/**
 * The CREATE TABLE statements of the model for one engine. Snowflake's is the reference for what
 * Terraform creates (key informational, clustering, comments); DuckDB's is what the local pipeline
 * runs, with the key enforced.
 */
export function createTablesTemplate(engine: SqlEngine): string {
  const header =
    engine === "snowflake"
      ? "-- Reference DDL of the tables Terraform creates in Snowflake. Generated from contract/reading.ts\n-- by sql/core-model.ts (npm run generate:sql); do not edit by hand.\n"
      : "-- Tables of the local DuckDB pipeline. Generated from contract/reading.ts by sql/core-model.ts\n-- (npm run generate:sql); do not edit by hand.\n";
  return `${header}\n${TABLES.map((table) => createTable(table, engine)).join("\n\n")}\n`;
}

function createTable(table: TableModel, engine: SqlEngine): string {
  const lines = table.columns.map((column) => {
    const type = engine === "snowflake" ? column.snowflakeType : column.duckdbType;
    const nullability = column.nullable ? "" : " NOT NULL";
    const comment = engine === "snowflake" ? ` COMMENT ${quote(column.description)}` : "";
    return `  ${column.name.toUpperCase()} ${type}${nullability}${comment}`;
  });
  if (table.key) {
    // Informational in Snowflake (the MERGE keeps it true), enforced by DuckDB.
    lines.push(`  PRIMARY KEY (${table.key.map((name) => name.toUpperCase()).join(", ")})`);
  }
  const schema = `{{ ${table.schema}_SCHEMA }}`;
  const tail: string[] = [];
  if (engine === "snowflake") {
    if (table.clusterBy) tail.push(`CLUSTER BY (${table.clusterBy.join(", ")})`);
    if (table.schema === "LANDING") tail.push("CHANGE_TRACKING = TRUE");
    tail.push(`COMMENT = ${quote(table.description)}`);
  }
  const create = engine === "snowflake" ? "CREATE TABLE" : "CREATE TABLE IF NOT EXISTS";
  return [
    `${create} ${schema}.${table.name} (`,
    lines.join(",\n"),
    `)${tail.map((t) => `\n${t}`).join("")};`,
  ].join("\n");
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Rewrites both checked-in DDL files from the model: `npm run generate:sql`. */
export function writeCreateTablesFiles(): string[] {
  return (Object.keys(CREATE_TABLES_FILES) as SqlEngine[]).map((engine) => {
    const path = join(SQL_DIR, CREATE_TABLES_FILES[engine]);
    writeFileSync(path, createTablesTemplate(engine));
    return path;
  });
}

if (require.main === module) {
  for (const path of writeCreateTablesFiles()) process.stdout.write(`wrote ${path}\n`);
}
