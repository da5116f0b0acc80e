import { DuckDBInstance } from "@duckdb/node-api";
import { batchWindowStatement } from "../sql/batch-window";
import { createTableStatements } from "../sql/table-ddl";
import { transformStatements } from "../sql/merge-statements";
import { report } from "./report";

/**
 * Throughput of the transformation statements on DuckDB (the local pipeline's engine): a first
 * batch of new readings, then a batch of the same size where a tenth are corrections of earlier
 * readings (late loads of existing keys), each through the three statements in one transaction.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);
const SENSORS = 1000;

async function main(): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("CREATE SCHEMA landing; CREATE SCHEMA core");
  for (const statement of createTableStatements("duckdb", {
    landingSchema: "landing",
    coreSchema: "core",
  })) {
    await connection.run(statement);
  }
  const batch = async (offset: number, loadedAt: string) => {
    await connection.run("DROP TABLE IF EXISTS landing.new_rows");
    await connection.run(`
      CREATE TABLE landing.new_rows AS
      SELECT
        'sensor-' || (i % ${SENSORS}) AS SENSOR_ID,
        CASE WHEN i % 2 = 0 THEN 'temperature' ELSE 'relative_humidity' END AS METRIC,
        random() * 40 AS VALUE,
        'Cel' AS UNIT,
        TIMESTAMP '2026-01-01' + to_seconds(CAST(i // ${SENSORS} AS BIGINT) * 10) AS OBSERVED_AT,
        'gw-' || (i % 10) AS GATEWAY_ID,
        'raw/file-' || (i // 1000) AS SOURCE_KEY,
        i % 1000 + 1 AS SOURCE_LINE,
        'normalized/file-' || (i // 1000) AS FILE_NAME,
        i % 1000 + 1 AS FILE_ROW,
        TIMESTAMP '${loadedAt}' AS LOADED_AT,
        TIMESTAMP '${loadedAt}' AS UPLOADED_AT
      FROM range(${offset}, ${offset + ROWS}) AS t(i)`);
    const started = process.hrtime.bigint();
    await connection.run("BEGIN TRANSACTION");
    await connection.run(batchWindowStatement("duckdb", "landing.new_rows"));
    for (const statement of transformStatements(
      { changes: "landing.new_rows", coreSchema: "core" },
      "duckdb",
    )) {
      await connection.run(statement);
    }
    await connection.run("COMMIT");
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const firstSeconds = await batch(0, "2026-02-01 00:00:00");
  // Nine tenths new keys, one tenth overlapping the first batch's last keys (corrections).
  const secondSeconds = await batch(Math.floor(ROWS * 0.9), "2026-02-02 00:00:00");
  const counts = (
    await connection.runAndReadAll(
      "SELECT (SELECT COUNT(*) FROM core.readings) AS readings, (SELECT COUNT(*) FROM core.readings_hourly) AS hours",
    )
  ).getRowObjectsJson()[0];
  report("transform-duckdb", {
    rowsPerBatch: ROWS,
    firstBatchSeconds: Number(firstSeconds.toFixed(2)),
    firstBatchRowsPerSecond: Math.round(ROWS / firstSeconds),
    secondBatchSeconds: Number(secondSeconds.toFixed(2)),
    secondBatchRowsPerSecond: Math.round(ROWS / secondSeconds),
    readingsAfter: counts.readings,
    hourlyRowsAfter: counts.hours,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  });
  connection.closeSync();
  instance.closeSync();
}

void main();
