import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { batchWindowStatement } from "../sql/batch-window";
import { createTableStatements } from "../sql/table-ddl";
import { TRANSFORM_FILES, transformStatements } from "../sql/merge-statements";
import { report } from "./report";

/**
 * `npm run bench -- transform-scale`: does a MERGE cost follow the batch or the history? The same
 * 100,000-row batch (nine tenths new readings, one tenth newer uploads of the latest readings) runs
 * through the task's statements against CORE.READINGS holding 1M, 10M and 50M rows, on DuckDB with
 * the local pipeline's DDL and SQL. Each size is measured `BENCH_REPEATS` times, interleaved, and
 * rolled back, so every run sees the same table; the figures are medians. For each size it reports
 * the seconds of the whole task transaction and of merge_readings alone, and the READINGS rows each
 * statement's table scans read (EXPLAIN ANALYZE's operator_rows_scanned, before filters).
 *
 * The fleet: 1,000 sensors behind 10 gateways, one reading a minute, in time order, so 1M rows are
 * 16 hours of history and 50M rows about 35 days; a batch spans about 100 minutes.
 *
 * Target: from 1M to 50M rows the task's time grows by less than 1.5x.
 */
const SIZES = (process.env.BENCH_SIZES ?? "1000000,10000000,50000000").split(",").map(Number);
const BATCH_ROWS = 100_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const MEMORY_LIMIT = process.env.BENCH_MEMORY_LIMIT ?? "3GB";
const THREADS = process.env.BENCH_THREADS ?? "2";
const SENSORS = 1000;
const STEP_SECONDS = 60;
const GROW_CHUNK = 5_000_000;

/** Reading `i` of the fleet: sensor i % SENSORS, one reading a minute per sensor, in time order. */
function readingsSql(from: number, to: number, uploadedAt: string, file: string): string {
  return `SELECT
    'gw-' || (i % ${SENSORS} % 10) AS GATEWAY_ID,
    's-' || (i % ${SENSORS}) AS SENSOR_ID,
    'temperature' AS METRIC,
    (i % 400) / 10.0 AS VALUE,
    'Cel' AS UNIT,
    TIMESTAMP '2026-01-01' + to_seconds(CAST(i // ${SENSORS} AS BIGINT) * ${STEP_SECONDS}) AS OBSERVED_AT,
    'raw/gw/${file}' AS SOURCE_KEY,
    i % 1000 + 1 AS SOURCE_LINE,
    '${file}-' || (i // 1000) AS FILE_NAME,
    i % 1000 + 1 AS FILE_ROW,
    TIMESTAMP '${uploadedAt}' AS LOADED_AT,
    TIMESTAMP '${uploadedAt}' AS UPLOADED_AT
  FROM range(${from}, ${to}) AS t(i)`;
}

/** Grows READINGS (and the hourly table it implies) from `from` to `to` rows. */
async function grow(connection: DuckDBConnection, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += GROW_CHUNK) {
    const end = Math.min(to, start + GROW_CHUNK);
    await connection.run(
      `INSERT INTO core.readings BY NAME SELECT GATEWAY_ID || '/' || SENSOR_ID AS SENSOR_KEY, * FROM (${readingsSql(start, end, "2026-01-01 00:00:00", "history")})`,
    );
    // The hours this chunk touched, recomputed as the task would have left them.
    const chunkStart = new Date(
      Date.UTC(2026, 0, 1) + Math.floor(start / SENSORS) * STEP_SECONDS * 1000,
    );
    await connection.run(
      `INSERT OR REPLACE INTO core.readings_hourly
       SELECT SENSOR_KEY, SENSOR_ID, METRIC, DATE_TRUNC('HOUR', OBSERVED_AT), COUNT(*), MIN(VALUE), MAX(VALUE), AVG(VALUE), SUM(VALUE)
       FROM core.readings
       WHERE OBSERVED_AT >= DATE_TRUNC('HOUR', TIMESTAMP '${chunkStart.toISOString().slice(0, 19).replace("T", " ")}')
       GROUP BY ALL`,
    );
  }
}

/** The batch: readings size..size+90k (new), and newer uploads of the last 10k readings. */
async function stageBatch(connection: DuckDBConnection, size: number): Promise<void> {
  const fresh = BATCH_ROWS * 0.9;
  await connection.run("DROP TABLE IF EXISTS landing.batch");
  await connection.run(
    `CREATE TABLE landing.batch AS
     ${readingsSql(size, size + fresh, "2026-03-01 00:00:00", "new")}
     UNION ALL
     ${readingsSql(size - (BATCH_ROWS - fresh), size, "2026-03-01 00:00:00", "fix")}`,
  );
}

/** READINGS rows read by the table scans of one statement, from EXPLAIN ANALYZE's JSON. */
function readingsRowsScanned(profile: unknown): number {
  let total = 0;
  const visit = (node: Record<string, unknown>) => {
    const info = node.extra_info as Record<string, unknown> | undefined;
    if (node.operator_type === "TABLE_SCAN" && String(info?.Table ?? "").endsWith(".READINGS"))
      total += Number(node.operator_rows_scanned ?? 0);
    for (const child of (node.children as Record<string, unknown>[] | undefined) ?? [])
      visit(child);
  };
  visit(profile as Record<string, unknown>);
  return total;
}

interface Run {
  readonly taskSeconds: number;
  readonly mergeReadingsSeconds: number;
  readonly rowsScanned: Record<string, number>;
}

/** The task's transaction on the staged batch, profiled, then rolled back. */
async function runTask(connection: DuckDBConnection): Promise<Run> {
  const names = { changes: "landing.batch", coreSchema: "core" };
  const statements = transformStatements(names, "duckdb");
  const rowsScanned: Record<string, number> = {};
  let mergeReadingsSeconds = 0;
  await connection.run("BEGIN TRANSACTION");
  const started = process.hrtime.bigint();
  await connection.run(batchWindowStatement("duckdb", names.changes));
  for (const [index, statement] of statements.entries()) {
    const statementStarted = process.hrtime.bigint();
    const result = await connection.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement}`);
    if (index === 0)
      mergeReadingsSeconds = Number(process.hrtime.bigint() - statementStarted) / 1e9;
    rowsScanned[TRANSFORM_FILES[index].replace(/\.sql$/, "")] = readingsRowsScanned(
      JSON.parse(String(result.getRows()[0][1])),
    );
  }
  const taskSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await connection.run("ROLLBACK");
  return { taskSeconds, mergeReadingsSeconds, rowsScanned };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "transform-scale-"));
  const connections: { size: number; instance: DuckDBInstance; connection: DuckDBConnection }[] =
    [];
  try {
    // One database per size, built once, so the sizes can be measured interleaved.
    for (const size of SIZES) {
      const instance = await DuckDBInstance.create(join(dir, `${size}.duckdb`), {
        memory_limit: MEMORY_LIMIT,
        threads: THREADS,
        temp_directory: join(dir, `${size}.tmp`),
      });
      const connection = await instance.connect();
      await connection.run("SET TimeZone = 'UTC'");
      await connection.run("CREATE SCHEMA landing; CREATE SCHEMA core");
      for (const statement of createTableStatements("duckdb", {
        landingSchema: "landing",
        coreSchema: "core",
      }))
        await connection.run(statement);
      const built = process.hrtime.bigint();
      await grow(connection, 0, size);
      await connection.run("CHECKPOINT");
      await stageBatch(connection, size);
      process.stdout.write(
        `built READINGS with ${size.toLocaleString("en-US")} rows in ${(Number(process.hrtime.bigint() - built) / 1e9).toFixed(0)} s\n`,
      );
      connections.push({ size, instance, connection });
    }
    const runs = new Map<number, Run[]>(SIZES.map((size) => [size, []]));
    for (let repeat = 0; repeat < REPEATS; repeat++)
      for (const { size, connection } of connections)
        runs.get(size)!.push(await runTask(connection));
    const perSize = SIZES.map((size) => {
      const list = runs.get(size)!;
      return {
        readingsRows: size,
        taskSeconds: Number(median(list.map((run) => run.taskSeconds)).toFixed(3)),
        mergeReadingsSeconds: Number(
          median(list.map((run) => run.mergeReadingsSeconds)).toFixed(3),
        ),
        readingsRowsScanned: list[0].rowsScanned,
      };
    });
    const first = perSize[0];
    const last = perSize[perSize.length - 1];
    const growth = last.taskSeconds / first.taskSeconds;
    report("transform-scale", {
      batchRows: BATCH_ROWS,
      repeats: REPEATS,
      memoryLimit: MEMORY_LIMIT,
      threads: Number(THREADS),
      perSize,
      taskTimeGrowth: Number(growth.toFixed(2)),
      target: "taskTimeGrowth < 1.5 from the smallest to the largest READINGS",
      targetMet: growth < 1.5,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    });
    if (growth >= 1.5) process.exitCode = 1;
  } finally {
    for (const { connection, instance } of connections) {
      connection.closeSync();
      instance.closeSync();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
