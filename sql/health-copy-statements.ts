import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LEDGER_COLUMNS } from "../contract/health";
import { copyFromStageTemplate } from "./copy-statement";
import { INGEST_LEDGER, REJECTED_RECORDS, type TableModel } from "./core-model";
import { SQL_DIR } from "./render";

/**
 * The COPY statements of the two health pipes (rejected records, ingest ledger), generated from
 * their table models and checked in like `copy_into_readings_raw.sql`: a pipe's COPY text is
 * ForceNew, so it must be byte-stable. Same shape as the readings COPY: one column per line, the
 * lineage from the file's metadata, `ON_ERROR = SKIP_FILE` (the error integration fires only then).
 */
export interface HealthCopy {
  /** The table the pipe loads. */
  readonly table: TableModel;
  /** The checked-in template in `sql/`. */
  readonly file: string;
  /** Where each column's value comes from, by lower-case column name. */
  readonly sources: Readonly<Record<string, string>>;
}

/** Load-time lineage, as the readings COPY takes it (see sql/copy-statement.ts for why). */
const LINEAGE = {
  file_name: "METADATA$FILENAME",
  file_row: "METADATA$FILE_ROW_NUMBER",
  loaded_at: "CONVERT_TIMEZONE('UTC', METADATA$START_SCAN_TIME)",
};

/** The rejected-record lines: `{source_key, source_line, reason: {code, message}, raw}`. */
export const REJECTED_RECORDS_COPY: HealthCopy = {
  table: REJECTED_RECORDS,
  file: "copy_into_rejected_records.sql",
  sources: {
    source_key: "$1:source_key",
    source_line: "$1:source_line",
    reason_code: "$1:reason.code",
    reason_message: "$1:reason.message",
    raw: "$1:raw",
    ...LINEAGE,
  },
};

/** The ledger lines (lambda/normalizer/ledger.ts): by key, renamed where the column says so. */
export const INGEST_LEDGER_COPY: HealthCopy = {
  table: INGEST_LEDGER,
  file: "copy_into_ingest_ledger.sql",
  sources: {
    ...Object.fromEntries(
      LEDGER_COLUMNS.map((column) => [column.name, `$1:${column.source ?? column.name}`]),
    ),
    ...LINEAGE,
  },
};

/** Both health COPY statements. */
export const HEALTH_COPIES: readonly HealthCopy[] = [REJECTED_RECORDS_COPY, INGEST_LEDGER_COPY];

/** The COPY template of a health pipe, with `{{ TABLE }}`, `{{ STAGE }}` and `{{ FILE_FORMAT }}`. */
export function healthCopyTemplate(copy: HealthCopy): string {
  const sources = copy.table.columns.map((column) => {
    const source = copy.sources[column.name];
    if (source === undefined) {
      throw new Error(
        `sql/health-copy-statements.ts: column "${column.name}" of ${copy.table.name} has no source.\n` +
          `  Fix: add it to the sources of ${copy.file}.`,
      );
    }
    return `${source}::${column.snowflakeType}`;
  });
  return copyFromStageTemplate(
    copy.table.columns.map((column) => column.name.toUpperCase()),
    sources,
  );
}

export function writeHealthCopyTemplates(): string[] {
  return HEALTH_COPIES.map((copy) => {
    const path = join(SQL_DIR, copy.file);
    writeFileSync(path, healthCopyTemplate(copy));
    return path;
  });
}

if (require.main === module) {
  for (const path of writeHealthCopyTemplates()) process.stdout.write(`wrote ${path}\n`);
}
