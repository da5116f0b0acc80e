import { renderSql } from "./render";
import type { TransformNames } from "./merge-statements";
import { statementOf } from "./statement-text";

/** A column of a REPORTING view, as a report author sees it. */
export interface ReportingViewColumn {
  /** Upper-case column name. */
  readonly name: string;
  /** One sentence for the column comment; no commas or parentheses (the provider parses them). */
  readonly description: string;
}

/** A REPORTING view: its name, the file with its SELECT, and its columns in SELECT order. */
export interface ReportingView {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly columns: readonly ReportingViewColumn[];
}

const SENSOR_KEY = {
  name: "SENSOR_KEY",
  description: "The sensor's identity: gateway/sensor id or the sensor id where ids are global",
};
const SENSOR_ID = { name: "SENSOR_ID", description: "Sensor identifier as the gateway reports it" };
const METRIC = { name: "METRIC", description: "What was measured in lower snake case" };
const GATEWAY_ID = { name: "GATEWAY_ID", description: "Gateway that uploaded the reading" };
const LOADED_AT = { name: "LOADED_AT", description: "When Snowflake loaded the reading in UTC" };

/** The REPORTING views Power BI reads; see docs/power-bi.md for what each is for. */
export const REPORTING_VIEWS: readonly ReportingView[] = [
  {
    name: "READINGS",
    file: "views/readings.sql",
    description: "Every reading: one row per sensor and metric and observation time",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      METRIC,
      { name: "VALUE", description: "Measured value in the canonical unit" },
      { name: "UNIT", description: "Canonical unit or empty when the gateway sent none" },
      { name: "OBSERVED_AT", description: "When the value was measured in UTC" },
      { name: "OBSERVED_DATE", description: "UTC date of OBSERVED_AT for the date table" },
      GATEWAY_ID,
      LOADED_AT,
      { name: "UPLOADED_AT", description: "When the gateway uploaded the file holding it in UTC" },
    ],
  },
  {
    name: "READINGS_HOURLY",
    file: "views/readings_hourly.sql",
    description: "Hourly count and min and max and average and sum per sensor and metric",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      METRIC,
      { name: "HOUR_START", description: "Start of the UTC hour" },
      { name: "HOUR_DATE", description: "UTC date of HOUR_START for the date table" },
      { name: "READING_COUNT", description: "Number of readings in the hour" },
      { name: "VALUE_MIN", description: "Smallest value in the hour" },
      { name: "VALUE_MAX", description: "Largest value in the hour" },
      { name: "VALUE_AVG", description: "Mean value in the hour" },
      { name: "VALUE_SUM", description: "Sum of the values in the hour" },
    ],
  },
  {
    name: "SENSORS",
    file: "views/sensors.sql",
    description: "One row per sensor with its gateway and metrics and first and last observation",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      { name: "GATEWAY_ID", description: "Gateway of the latest observation" },
      {
        name: "GATEWAYS",
        description: "Every gateway the sensor reported through sorted and comma separated",
      },
      { name: "METRICS", description: "Metrics the sensor reports sorted and comma separated" },
      { name: "FIRST_SEEN_AT", description: "Earliest observation in UTC" },
      { name: "LAST_SEEN_AT", description: "Latest observation in UTC" },
    ],
  },
  {
    name: "LATEST_READINGS",
    file: "views/latest_readings.sql",
    description: "The most recent reading of every sensor and metric",
    columns: [
      SENSOR_KEY,
      SENSOR_ID,
      METRIC,
      { name: "VALUE", description: "Latest measured value in the canonical unit" },
      { name: "UNIT", description: "Canonical unit or empty when the gateway sent none" },
      { name: "OBSERVED_AT", description: "When the latest value was measured in UTC" },
      GATEWAY_ID,
      LOADED_AT,
    ],
  },
];

/** The SELECT of a REPORTING view, reading from `coreSchema` (qualify it fully in Snowflake). */
export function viewBody(view: ReportingView, names: Pick<TransformNames, "coreSchema">): string {
  return statementOf(renderSql(view.file, { CORE_SCHEMA: names.coreSchema }));
}

/** `CREATE OR REPLACE VIEW` statements of every REPORTING view, for the local pipeline. */
export function viewStatements(
  names: Pick<TransformNames, "coreSchema"> & { readonly reportingSchema: string },
): string[] {
  return REPORTING_VIEWS.map(
    (view) =>
      `CREATE OR REPLACE VIEW ${names.reportingSchema}.${view.name} (${view.columns
        .map((column) => column.name)
        .join(", ")}) AS\n${viewBody(view, names)}`,
  );
}
