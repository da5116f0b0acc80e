import { Construct } from "constructs";
import type { SnowflakeProvider } from "@cdktf/provider-snowflake/lib/provider";
import { View } from "@cdktf/provider-snowflake/lib/view";
import { REPORTING_VIEWS, viewBody } from "../sql/reporting-views";
import type { SnowflakeCoreTables } from "./snowflake-core-tables";
import type { SnowflakeDatabase } from "./snowflake-database";
import { schemaQualifier } from "./snowflake-schema-qualifier";

/** Properties of {@link SnowflakeReporting}. */
export interface SnowflakeReportingProps {
  /** The environment's database: the views go in REPORTING and read CORE. */
  readonly database: SnowflakeDatabase;
  /** The CORE tables the views read. */
  readonly coreTables: SnowflakeCoreTables;
  /**
   * Provider running as the pipeline owner role: the views run with its rights on CORE. Its
   * connection needs a warehouse, which the provider uses to read views back.
   */
  readonly provider: SnowflakeProvider;
}

/**
 * The REPORTING views Power BI reads (READINGS, READINGS_HOURLY, SENSORS, LATEST_READINGS), with
 * their SELECT from `sql/views/` and a comment on every column. Owned by the pipeline owner, so
 * readers need SELECT on the views only, never on CORE. `copy_grants` keeps the readers' grants
 * when a changed statement makes the provider CREATE OR REPLACE the view.
 */
export class SnowflakeReporting extends Construct {
  /** The views, by name. */
  readonly views: Readonly<Record<string, View>>;

  constructor(scope: Construct, id: string, props: SnowflakeReportingProps) {
    super(scope, id);
    const { database, provider } = props;
    const core = schemaQualifier(database, database.core);
    const views: Record<string, View> = {};
    for (const model of REPORTING_VIEWS) {
      views[model.name] = new View(this, model.name, {
        provider,
        database: database.reporting.database,
        schema: database.reporting.name,
        name: model.name,
        statement: viewBody(model, { coreSchema: core.schemaName }),
        column: model.columns.map((column) => ({
          columnName: column.name,
          comment: column.description,
        })),
        copyGrants: true,
        comment: model.description,
        // The statement names the tables as text: Terraform needs the edges spelled out.
        dependsOn: [...props.coreTables.all],
      });
    }
    this.views = views;
  }

  /** Every view, in the order of `REPORTING_VIEWS`. */
  get all(): View[] {
    return Object.values(this.views);
  }
}
