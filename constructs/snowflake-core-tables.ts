import { Construct } from "constructs";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { Table, type TableColumn } from "@cdktf/provider-snowflake/lib/table";
import { READINGS, READINGS_HOURLY, SENSORS, type TableModel } from "../sql/core-model";
import type { SnowflakeDatabase } from "./snowflake-database";

/** Properties of {@link SnowflakeCoreTables}. */
export interface SnowflakeCoreTablesProps {
  /** The environment's database; the tables go in its CORE schema. */
  readonly database: SnowflakeDatabase;
  /** Provider running as the pipeline owner role, so that role owns the tables. */
  readonly provider: SnowflakeProvider;
}

/** The Snowflake table columns of a model table: upper-case names, Snowflake types, comments. */
export function snowflakeColumns(table: TableModel): TableColumn[] {
  return table.columns.map((column) => ({
    name: column.name.toUpperCase(),
    type: column.snowflakeType,
    nullable: column.nullable,
    comment: column.description,
  }));
}

/**
 * The curated model in CORE, declared from `sql/core-model.ts` (itself built on the data
 * contract): READINGS, unique per sensor, metric and observation time and clustered by day for
 * time-range queries; SENSORS; READINGS_HOURLY. Only the transformation task writes them.
 */
export class SnowflakeCoreTables extends Construct {
  /** CORE.READINGS. */
  readonly readings: Table;
  /** CORE.SENSORS. */
  readonly sensors: Table;
  /** CORE.READINGS_HOURLY. */
  readonly readingsHourly: Table;
  /** The three tables, in creation order. */
  readonly all: readonly Table[];

  constructor(scope: Construct, id: string, props: SnowflakeCoreTablesProps) {
    super(scope, id);
    const { database, provider } = props;
    const table = (model: TableModel) =>
      new Table(this, model.name, {
        provider,
        database: database.core.database,
        schema: database.core.name,
        name: model.name,
        column: snowflakeColumns(model),
        // Informational in Snowflake: the MERGE keeps it true; tools read it as the row identity.
        primaryKey: model.key ? { keys: model.key.map((key) => key.toUpperCase()) } : undefined,
        clusterBy: model.clusterBy ? [...model.clusterBy] : undefined,
        comment: model.description,
      });
    this.readings = table(READINGS);
    this.sensors = table(SENSORS);
    this.readingsHourly = table(READINGS_HOURLY);
    this.all = [this.readings, this.sensors, this.readingsHourly];
  }
}
