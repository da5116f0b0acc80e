/**
 * The statement that moves streamed messages' readings from LANDING.READINGS_STREAMED (one VARIANT
 * row per MQTT message, as Firehose writes it) into LANDING.READINGS_RAW (one row per reading),
 * with the lineage columns contract/streamed-rows.ts defines. From there the existing stream, task,
 * CORE tables and views take streamed readings exactly as they take loaded files. The reading
 * columns come from the contract, so a contract change reaches this statement too.
 */
import { LINEAGE_COLUMNS, READING_COLUMNS } from "../contract/reading";

/** The objects the statement reads and writes, fully qualified. */
export interface UnpackNames {
  /** The append-only stream on READINGS_STREAMED. */
  readonly streamedChanges: string;
  /** LANDING.READINGS_RAW. */
  readonly landingTable: string;
  /** The VARIANT column Firehose writes each message's JSON to. */
  readonly contentColumn: string;
}

export function unpackStreamedReadingsSql(names: UnpackNames): string {
  const columns = [...READING_COLUMNS, ...LINEAGE_COLUMNS].map((c) => c.name.toUpperCase());
  const readings = READING_COLUMNS.map(
    (c) => `  reading.value:${c.name}::${c.snowflakeType} AS ${c.name.toUpperCase()}`,
  );
  const content = `message.${names.contentColumn}`;
  return [
    `INSERT INTO ${names.landingTable} (${columns.join(", ")})`,
    "SELECT",
    `${readings.join(",\n")},`,
    `  ${content}:file_name::VARCHAR AS FILE_NAME,`,
    "  reading.index + 1 AS FILE_ROW,",
    "  CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP())::TIMESTAMP_NTZ(3) AS LOADED_AT",
    `FROM ${names.streamedChanges} AS message,`,
    `  LATERAL FLATTEN(input => ${content}:readings) AS reading`,
  ].join("\n");
}
