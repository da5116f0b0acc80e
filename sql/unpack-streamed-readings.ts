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

/** How each lineage column is filled for a streamed reading (contract/streamed-rows.ts). */
function lineageValue(column: string, content: string): string {
  switch (column) {
    case "file_name":
      return `${content}:file_name::VARCHAR`;
    case "file_row":
      return "reading.index + 1";
    case "loaded_at":
      return "CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP())::TIMESTAMP_NTZ(3)";
    case "uploaded_at":
      return `${content}:uploaded_at::TIMESTAMP_NTZ(3)`;
    default:
      throw new Error(
        `unpackStreamedReadingsSql: the lineage column ${column} has no meaning for streamed rows; define it in contract/streamed-rows.ts and here`,
      );
  }
}

export function unpackStreamedReadingsSql(names: UnpackNames): string {
  const content = `message.${names.contentColumn}`;
  const columns = [...READING_COLUMNS, ...LINEAGE_COLUMNS].map((c) => c.name.toUpperCase());
  const values = [
    ...READING_COLUMNS.map(
      (c) => `  reading.value:${c.name}::${c.snowflakeType} AS ${c.name.toUpperCase()}`,
    ),
    ...LINEAGE_COLUMNS.map((c) => `  ${lineageValue(c.name, content)} AS ${c.name.toUpperCase()}`),
  ];
  return [
    `INSERT INTO ${names.landingTable} (${columns.join(", ")})`,
    "SELECT",
    values.join(",\n"),
    `FROM ${names.streamedChanges} AS message,`,
    `  LATERAL FLATTEN(input => ${content}:readings) AS reading`,
  ].join("\n");
}
