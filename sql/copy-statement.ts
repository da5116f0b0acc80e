import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ContractColumn, LINEAGE_COLUMNS, READING_COLUMNS } from "../contract/reading";
import { UPLOAD_TIME_IN_KEY } from "../lambda/normalizer/keys";
import { SQL_DIR } from "./render";

/** The checked-in COPY template, rendered by the ingestion construct with `renderSql`. */
export const COPY_INTO_READINGS_RAW_FILE = "copy_into_readings_raw.sql";

/**
 * Where each lineage column's value comes from during a Snowpipe load. The load time is the scan
 * start, never CURRENT_TIMESTAMP (which Snowflake warns can be hours off inside a pipe), converted
 * to UTC explicitly because METADATA$START_SCAN_TIME is TIMESTAMP_LTZ and the column has no zone.
 *
 * The upload time is the raw object's, which the normalizer writes into the file name; REGEXP_SUBSTR
 * and TO_TIMESTAMP_NTZ are among the functions COPY transformations support
 * (docs.snowflake.com user-guide/data-load-transform, "Supported functions"). A name without it
 * gives NULL, the NOT NULL column fails the file, and the pipe's error notification says so: a file
 * the normalizer did not write is never loaded with a guessed upload time.
 */
const LINEAGE_SOURCES: Readonly<Record<string, string>> = {
  file_name: "METADATA$FILENAME",
  file_row: "METADATA$FILE_ROW_NUMBER",
  loaded_at: "CONVERT_TIMEZONE('UTC', METADATA$START_SCAN_TIME)",
  uploaded_at: `TO_TIMESTAMP_NTZ(REGEXP_SUBSTR(METADATA$FILENAME, '${UPLOAD_TIME_IN_KEY}', 1, 1, 'e'), 'YYYYMMDD"T"HH24MISS')`,
};

/**
 * The COPY statement of the READINGS_RAW pipe, built from the data contract with `{{ TABLE }}`,
 * `{{ STAGE }}` and `{{ FILE_FORMAT }}` placeholders for the environment's fully qualified names.
 *
 * The text must be byte-stable: a pipe's COPY statement is ForceNew in provider 2.11, and replacing
 * the pipe drops its 14-day load history. So: one column per line in contract order, two-space
 * indents, upper-case keywords, no comments, no timestamps, a single trailing newline.
 *
 * `ON_ERROR = SKIP_FILE` is Snowpipe's default, written out because error notifications fire only
 * with it; the normalizer has already quarantined bad rows, so a failing file means a contract bug.
 */
export function copyIntoReadingsRawTemplate(
  readingColumns: readonly ContractColumn[] = READING_COLUMNS,
  lineageColumns: readonly ContractColumn[] = LINEAGE_COLUMNS,
): string {
  const columns = [...readingColumns, ...lineageColumns];
  const targets = columns.map((column) => column.name.toUpperCase());
  const sources = [
    ...readingColumns.map((column) => `$1:${column.name}::${column.snowflakeType}`),
    ...lineageColumns.map((column) => `${lineageSource(column)}::${column.snowflakeType}`),
  ];
  return copyFromStageTemplate(targets, sources);
}

/**
 * `COPY INTO {{ TABLE }} (targets) FROM (SELECT sources FROM @{{ STAGE }})` with the named file
 * format, skipping a file that fails: the one shape every COPY of this project takes (the
 * readings here, the health tables in health-copy-statements.ts).
 */
export function copyFromStageTemplate(
  targets: readonly string[],
  sources: readonly string[],
): string {
  return [
    "COPY INTO {{ TABLE }} (",
    list(targets, "  "),
    ")",
    "FROM (",
    "  SELECT",
    list(sources, "    "),
    "  FROM @{{ STAGE }}",
    ")",
    "FILE_FORMAT = (FORMAT_NAME = '{{ FILE_FORMAT }}')",
    "ON_ERROR = SKIP_FILE",
    "",
  ].join("\n");
}

function lineageSource(column: ContractColumn): string {
  const source = LINEAGE_SOURCES[column.name];
  if (source === undefined) {
    throw new Error(
      `sql/copy-statement.ts: lineage column "${column.name}" has no load-time source.\n` +
        `  Fix: add it to LINEAGE_SOURCES (known: ${Object.keys(LINEAGE_SOURCES).join(", ")}).`,
    );
  }
  return source;
}

function list(items: readonly string[], indent: string): string {
  return items
    .map((item, index) => `${indent}${item}${index < items.length - 1 ? "," : ""}`)
    .join("\n");
}

/** Rewrites the checked-in template from the contract: `npm run generate:copy-sql`. */
export function writeCopyIntoReadingsRawTemplate(): string {
  const path = join(SQL_DIR, COPY_INTO_READINGS_RAW_FILE);
  writeFileSync(path, copyIntoReadingsRawTemplate());
  return path;
}

if (require.main === module) {
  process.stdout.write(`wrote ${writeCopyIntoReadingsRawTemplate()}\n`);
}
