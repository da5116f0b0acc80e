import { Construct } from "constructs";
import { Database } from "@cdktf/provider-snowflake/lib/database";
import { Schema } from "@cdktf/provider-snowflake/lib/schema";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { Problems } from "./validation";

/** Properties of {@link SnowflakeDatabase}. */
export interface SnowflakeDatabaseProps {
  /** Database name, upper case (`SENSORS_<ENV>`). */
  readonly databaseName: string;
  /** Days of Time Travel on the database and its schemas (1-90). */
  readonly dataRetentionTimeInDays: number;
  /** Provider (role) that creates and therefore owns the database and schemas. */
  readonly provider: SnowflakeProvider;
  /**
   * Whether destroying or replacing the database (and with it every table) is refused
   * (prevent_destroy); turn off only to tear an environment down. @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * The environment's database with its three schemas: LANDING (raw loads), CORE (the curated model)
 * and REPORTING (what Power BI reads). The PUBLIC schema is dropped so nothing lands there by
 * accident.
 */
export class SnowflakeDatabase extends Construct {
  /** The database resource. */
  readonly database: Database;
  /** Schema receiving Snowpipe loads. */
  readonly landing: Schema;
  /** Schema holding the curated tables. */
  readonly core: Schema;
  /** Schema holding the views Power BI reads. */
  readonly reporting: Schema;

  constructor(scope: Construct, id: string, props: SnowflakeDatabaseProps) {
    super(scope, id);
    const { databaseName, dataRetentionTimeInDays, provider } = props;
    new Problems("SnowflakeDatabase").identifier("databaseName", databaseName).throwIfAny();
    this.database = new Database(this, "Resource", {
      provider,
      name: databaseName,
      dataRetentionTimeInDays,
      dropPublicSchemaOnCreation: true,
      comment: "Sensor readings pipeline (managed by CDKTF)",
      lifecycle: props.preventDestroy === false ? undefined : { preventDestroy: true },
    });
    const schema = (name: string, comment: string) =>
      new Schema(this, name, {
        provider,
        database: this.database.name,
        name,
        dataRetentionTimeInDays,
        withManagedAccess: "true",
        comment,
      });
    this.landing = schema("LANDING", "Snowpipe loads of normalized files, append-only");
    this.core = schema("CORE", "Curated, deduplicated readings, sensors and hourly aggregates");
    this.reporting = schema("REPORTING", "Views for Power BI (DirectQuery)");
  }
}
