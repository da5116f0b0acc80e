import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { batchWindowStatement } from "../../sql/batch-window";
import type { SensorIdentity } from "../../sql/sensor-identity";
import { createTableStatements } from "../../sql/table-ddl";
import { transformStatements } from "../../sql/merge-statements";
import { viewStatements } from "../../sql/reporting-views";

/**
 * Runs the transformation's exact text on DuckDB, the engine of the local pipeline: the same
 * statements the Snowflake task runs, with a table of new rows standing in for the stream.
 */

interface RawRow {
  sensor: string;
  metric?: string;
  value: number;
  observedAt: string;
  gateway?: string;
  file: string;
  row: number;
  loadedAt: string;
  /** The raw object's upload time. @default one instant shared by every row */
  uploadedAt?: string;
}

const SAME_UPLOAD = "2026-01-01 00:00:00";

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeEach(async () => {
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
  await connection.run("CREATE SCHEMA landing; CREATE SCHEMA core; CREATE SCHEMA reporting");
  for (const statement of createTableStatements("duckdb", {
    landingSchema: "landing",
    coreSchema: "core",
  })) {
    await connection.run(statement);
  }
  await connection.run(
    "CREATE TABLE landing.new_rows AS SELECT * FROM landing.readings_raw LIMIT 0",
  );
  for (const statement of viewStatements({ coreSchema: "core", reportingSchema: "reporting" })) {
    await connection.run(statement);
  }
});

afterEach(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Runs the task's statements on `changes` in one transaction, window first, as the task does. */
async function transform(changes: string, sensorIdentity?: SensorIdentity): Promise<void> {
  await connection.run("BEGIN TRANSACTION");
  await connection.run(batchWindowStatement("duckdb", changes));
  for (const statement of transformStatements(
    { changes, coreSchema: "core", sensorIdentity },
    "duckdb",
  )) {
    await connection.run(statement);
  }
  await connection.run("COMMIT");
}

/** Loads one batch the way the stream presents it, then runs the task's statements in one transaction. */
async function runBatch(rows: readonly RawRow[], sensorIdentity?: SensorIdentity): Promise<void> {
  await connection.run("DELETE FROM landing.new_rows");
  for (const row of rows) {
    await connection.run(
      `INSERT INTO landing.new_rows VALUES ($sensor, $metric, $value, 'Cel', CAST($observed AS TIMESTAMP), $gateway, 'raw/' || $file, $row, $file, $row, CAST($loaded AS TIMESTAMP), CAST($uploaded AS TIMESTAMP))`,
      {
        sensor: row.sensor,
        metric: row.metric ?? "temperature",
        value: row.value,
        observed: row.observedAt,
        gateway: row.gateway ?? "g1",
        row: row.row,
        file: row.file,
        loaded: row.loadedAt,
        uploaded: row.uploadedAt ?? SAME_UPLOAD,
      },
    );
  }
  await transform("landing.new_rows", sensorIdentity);
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

describe("transformation statements on DuckDB", () => {
  test("keep one reading per sensor, metric and time when a batch holds duplicates of one upload, the latest load winning", async () => {
    await runBatch([
      {
        sensor: "s1",
        value: 1,
        observedAt: "2026-01-01 10:00:00",
        file: "a",
        row: 1,
        loadedAt: "2026-01-01 10:01:00",
      },
      {
        sensor: "s1",
        value: 2,
        observedAt: "2026-01-01 10:00:00",
        file: "b",
        row: 1,
        loadedAt: "2026-01-01 10:02:00",
      },
      {
        sensor: "s1",
        value: 3,
        observedAt: "2026-01-01 10:00:00",
        file: "a",
        row: 2,
        loadedAt: "2026-01-01 10:01:00",
      },
    ]);
    expect(await rows("SELECT VALUE, FILE_NAME FROM core.readings")).toEqual([
      { VALUE: 2, FILE_NAME: "b" },
    ]);
  });

  test("break a tie on upload and load time by file name, then by file row", async () => {
    await runBatch([
      {
        sensor: "s1",
        value: 1,
        observedAt: "2026-01-01 10:00:00",
        file: "a",
        row: 9,
        loadedAt: "2026-01-01 10:01:00",
      },
      {
        sensor: "s1",
        value: 2,
        observedAt: "2026-01-01 10:00:00",
        file: "b",
        row: 1,
        loadedAt: "2026-01-01 10:01:00",
      },
      {
        sensor: "s2",
        value: 3,
        observedAt: "2026-01-01 10:00:00",
        file: "c",
        row: 1,
        loadedAt: "2026-01-01 10:01:00",
      },
      {
        sensor: "s2",
        value: 4,
        observedAt: "2026-01-01 10:00:00",
        file: "c",
        row: 2,
        loadedAt: "2026-01-01 10:01:00",
      },
    ]);
    expect(await rows("SELECT SENSOR_ID, VALUE FROM core.readings ORDER BY SENSOR_ID")).toEqual([
      { SENSOR_ID: "s1", VALUE: 2 },
      { SENSOR_ID: "s2", VALUE: 4 },
    ]);
  });

  test("with equal upload times, let a later load correct a reading, but never let an older load that arrives late overwrite a newer one", async () => {
    const observedAt = "2026-01-01 10:00:00";
    await runBatch([
      { sensor: "s1", value: 1, observedAt, file: "a", row: 1, loadedAt: "2026-01-01 10:05:00" },
    ]);
    await runBatch([
      { sensor: "s1", value: 2, observedAt, file: "b", row: 1, loadedAt: "2026-01-01 10:06:00" },
    ]);
    await runBatch([
      { sensor: "s1", value: 3, observedAt, file: "c", row: 1, loadedAt: "2026-01-01 10:04:00" },
    ]);
    expect(await rows("SELECT VALUE FROM core.readings")).toEqual([{ VALUE: 2 }]);
  });

  test("recompute a touched hour from every reading in it, so late data joins the earlier ones", async () => {
    await runBatch([
      {
        sensor: "s1",
        value: 10,
        observedAt: "2026-01-01 10:10:00",
        file: "a",
        row: 1,
        loadedAt: "2026-01-01 10:11:00",
      },
      {
        sensor: "s1",
        value: 20,
        observedAt: "2026-01-01 11:10:00",
        file: "a",
        row: 2,
        loadedAt: "2026-01-01 11:11:00",
      },
    ]);
    // A late reading for 10:00-11:00 arrives with the next batch.
    await runBatch([
      {
        sensor: "s1",
        value: 30,
        observedAt: "2026-01-01 10:50:00",
        file: "b",
        row: 1,
        loadedAt: "2026-01-01 12:00:00",
      },
    ]);
    expect(
      await rows(
        "SELECT CAST(HOUR_START AS VARCHAR) AS HOUR, READING_COUNT, VALUE_MIN, VALUE_MAX, VALUE_AVG, VALUE_SUM FROM core.readings_hourly ORDER BY HOUR_START",
      ),
    ).toEqual([
      {
        HOUR: "2026-01-01 10:00:00",
        READING_COUNT: "2",
        VALUE_MIN: 10,
        VALUE_MAX: 30,
        VALUE_AVG: 20,
        VALUE_SUM: 40,
      },
      {
        HOUR: "2026-01-01 11:00:00",
        READING_COUNT: "1",
        VALUE_MIN: 20,
        VALUE_MAX: 20,
        VALUE_AVG: 20,
        VALUE_SUM: 20,
      },
    ]);
  });

  test("replace a corrected reading's old value in its hour instead of adding to it", async () => {
    const observedAt = "2026-01-01 10:00:00";
    await runBatch([
      { sensor: "s1", value: 5, observedAt, file: "a", row: 1, loadedAt: "2026-01-01 10:01:00" },
    ]);
    await runBatch([
      { sensor: "s1", value: 7, observedAt, file: "b", row: 1, loadedAt: "2026-01-01 10:02:00" },
    ]);
    expect(await rows("SELECT READING_COUNT, VALUE_SUM FROM core.readings_hourly")).toEqual([
      { READING_COUNT: "1", VALUE_SUM: 7 },
    ]);
  });

  test("where sensor ids are global, widen a sensor's first and last observation, merge its metrics and gateways and follow its latest gateway", async () => {
    await runBatch(
      [
        {
          sensor: "s1",
          metric: "temperature",
          value: 1,
          observedAt: "2026-01-02 10:00:00",
          gateway: "g1",
          file: "a",
          row: 1,
          loadedAt: "2026-01-02 10:01:00",
        },
      ],
      "global",
    );
    await runBatch(
      [
        {
          sensor: "s1",
          metric: "humidity",
          value: 50,
          observedAt: "2026-01-03 10:00:00",
          gateway: "g2",
          file: "b",
          row: 1,
          loadedAt: "2026-01-03 10:01:00",
        },
        {
          sensor: "s1",
          metric: "co2",
          value: 400,
          observedAt: "2026-01-01 10:00:00",
          gateway: "g3",
          file: "b",
          row: 2,
          loadedAt: "2026-01-03 10:01:00",
        },
      ],
      "global",
    );
    expect(
      await rows(
        "SELECT SENSOR_ID, GATEWAY_ID, GATEWAYS, METRICS, CAST(FIRST_SEEN_AT AS VARCHAR) AS FIRST, CAST(LAST_SEEN_AT AS VARCHAR) AS LAST FROM core.sensors",
      ),
    ).toEqual([
      {
        SENSOR_ID: "s1",
        GATEWAY_ID: "g2",
        GATEWAYS: "g1,g2,g3",
        METRICS: "co2,humidity,temperature",
        FIRST: "2026-01-01 10:00:00",
        LAST: "2026-01-03 10:00:00",
      },
    ]);
  });

  test("where sensor ids are global, keep a sensor's gateway when a batch holds only older observations", async () => {
    await runBatch(
      [
        {
          sensor: "s1",
          value: 1,
          observedAt: "2026-01-02 10:00:00",
          gateway: "g1",
          file: "a",
          row: 1,
          loadedAt: "2026-01-02 10:01:00",
        },
      ],
      "global",
    );
    await runBatch(
      [
        {
          sensor: "s1",
          value: 1,
          observedAt: "2026-01-01 10:00:00",
          gateway: "g9",
          file: "b",
          row: 1,
          loadedAt: "2026-01-02 11:00:00",
        },
      ],
      "global",
    );
    expect(await rows("SELECT GATEWAY_ID FROM core.sensors")).toEqual([{ GATEWAY_ID: "g1" }]);
  });

  test("change nothing when the same batch runs twice", async () => {
    const batch: RawRow[] = [
      {
        sensor: "s1",
        value: 1,
        observedAt: "2026-01-01 10:00:00",
        file: "a",
        row: 1,
        loadedAt: "2026-01-01 10:01:00",
      },
      {
        sensor: "s2",
        value: 2,
        observedAt: "2026-01-01 11:00:00",
        file: "a",
        row: 2,
        loadedAt: "2026-01-01 10:01:00",
      },
    ];
    const snapshot = async () => [
      await rows("SELECT * FROM core.readings ORDER BY ALL"),
      await rows("SELECT * FROM core.sensors ORDER BY ALL"),
      await rows("SELECT * FROM core.readings_hourly ORDER BY ALL"),
    ];
    await runBatch(batch);
    const first = await snapshot();
    await runBatch(batch);
    expect(await snapshot()).toEqual(first);
  });

  test("show the latest value of every sensor and metric in REPORTING.LATEST_READINGS", async () => {
    await runBatch([
      {
        sensor: "s1",
        value: 1,
        observedAt: "2026-01-01 09:59:00",
        file: "a",
        row: 1,
        loadedAt: "2026-01-01 10:01:00",
      },
      {
        sensor: "s1",
        value: 2,
        observedAt: "2026-01-01 10:20:00",
        file: "a",
        row: 2,
        loadedAt: "2026-01-01 10:21:00",
      },
      {
        sensor: "s1",
        value: 3,
        observedAt: "2026-01-01 10:10:00",
        file: "a",
        row: 3,
        loadedAt: "2026-01-01 10:21:00",
      },
      {
        sensor: "s1",
        metric: "humidity",
        value: 40,
        observedAt: "2026-01-01 08:00:00",
        file: "a",
        row: 4,
        loadedAt: "2026-01-01 10:21:00",
      },
    ]);
    expect(
      await rows("SELECT METRIC, VALUE FROM reporting.latest_readings ORDER BY METRIC"),
    ).toEqual([
      { METRIC: "humidity", VALUE: 40 },
      { METRIC: "temperature", VALUE: 2 },
    ]);
  });

  test("expose each reading with its UTC date in REPORTING.READINGS for the date table", async () => {
    await runBatch([
      {
        sensor: "s1",
        value: 1,
        observedAt: "2026-01-01 23:59:59.999",
        file: "a",
        row: 1,
        loadedAt: "2026-01-02 00:01:00",
      },
    ]);
    expect(
      await rows("SELECT CAST(OBSERVED_DATE AS VARCHAR) AS DAY FROM reporting.readings"),
    ).toEqual([{ DAY: "2026-01-01" }]);
  });

  test("accept a parenthesized query as the batch, as the local pipeline's stream offset needs", async () => {
    await runBatch([
      {
        sensor: "s1",
        value: 1,
        observedAt: "2026-01-01 10:00:00",
        file: "a",
        row: 1,
        loadedAt: "2026-01-01 10:01:00",
      },
    ]);
    await connection.run("INSERT INTO landing.readings_raw SELECT * FROM landing.new_rows");
    await connection.run(
      "UPDATE landing.new_rows SET VALUE = 9, FILE_ROW = 2, LOADED_AT = TIMESTAMP '2026-01-01 10:02:00'",
    );
    await connection.run("INSERT INTO landing.readings_raw SELECT * FROM landing.new_rows");
    const changes =
      "(SELECT * FROM landing.readings_raw WHERE LOADED_AT > TIMESTAMP '2026-01-01 10:01:00')";
    await transform(changes);
    expect(await rows("SELECT VALUE FROM core.readings")).toEqual([{ VALUE: 9 }]);
  });
  test("never let an older upload replace a newer one, whichever is loaded later", async () => {
    const observedAt = "2026-01-01 10:00:00";
    const newer = "2026-01-01 10:30:00";
    const older = "2026-01-01 10:10:00";
    await runBatch([
      {
        sensor: "s1",
        value: 2,
        observedAt,
        file: "b",
        row: 1,
        loadedAt: "2026-01-01 11:00:00",
        uploadedAt: newer,
      },
    ]);
    // The older version, normalized or loaded late (a throttled backlog, a retry, a replay).
    await runBatch([
      {
        sensor: "s1",
        value: 1,
        observedAt,
        file: "a",
        row: 1,
        loadedAt: "2026-01-01 12:00:00",
        uploadedAt: older,
      },
    ]);
    expect(
      await rows("SELECT VALUE, CAST(UPLOADED_AT AS VARCHAR) AS UPLOADED FROM core.readings"),
    ).toEqual([{ VALUE: 2, UPLOADED: newer }]);
    expect(await rows("SELECT READING_COUNT, VALUE_SUM FROM core.readings_hourly")).toEqual([
      { READING_COUNT: "1", VALUE_SUM: 2 },
    ]);
  });

  test("let the newest upload win inside one batch even when an older one was loaded after it", async () => {
    const observedAt = "2026-01-01 10:00:00";
    await runBatch([
      {
        sensor: "s1",
        value: 1,
        observedAt,
        file: "z-old",
        row: 1,
        loadedAt: "2026-01-01 12:00:00",
        uploadedAt: "2026-01-01 10:10:00",
      },
      {
        sensor: "s1",
        value: 2,
        observedAt,
        file: "a-new",
        row: 1,
        loadedAt: "2026-01-01 11:00:00",
        uploadedAt: "2026-01-01 10:30:00",
      },
    ]);
    expect(await rows("SELECT VALUE FROM core.readings")).toEqual([{ VALUE: 2 }]);
  });

  test("leave a reading untouched when the same file row is loaded again later", async () => {
    const row = { sensor: "s1", value: 1, observedAt: "2026-01-01 10:00:00", file: "a", row: 1 };
    await runBatch([{ ...row, loadedAt: "2026-01-01 10:01:00" }]);
    await runBatch([{ ...row, loadedAt: "2026-01-09 10:01:00" }]);
    expect(await rows("SELECT CAST(LOADED_AT AS VARCHAR) AS LOADED FROM core.readings")).toEqual([
      { LOADED: "2026-01-01 10:01:00" },
    ]);
  });

  test("keep the same sensor id behind three gateways as three sensors with all their readings", async () => {
    const observedAt = "2026-01-01 10:00:00";
    const loadedAt = "2026-01-01 10:01:00";
    await runBatch(
      ["g1", "g2", "g3"].map((gateway, index) => ({
        sensor: "th-01",
        gateway,
        value: index + 1,
        observedAt,
        file: gateway,
        row: 1,
        loadedAt,
      })),
    );
    expect(
      await rows(
        "SELECT SENSOR_KEY, SENSOR_ID, GATEWAY_ID, VALUE FROM reporting.readings ORDER BY ALL",
      ),
    ).toEqual([
      { SENSOR_KEY: "g1/th-01", SENSOR_ID: "th-01", GATEWAY_ID: "g1", VALUE: 1 },
      { SENSOR_KEY: "g2/th-01", SENSOR_ID: "th-01", GATEWAY_ID: "g2", VALUE: 2 },
      { SENSOR_KEY: "g3/th-01", SENSOR_ID: "th-01", GATEWAY_ID: "g3", VALUE: 3 },
    ]);
    expect(
      await rows("SELECT SENSOR_KEY, GATEWAY_ID, GATEWAYS FROM reporting.sensors ORDER BY ALL"),
    ).toEqual([
      { SENSOR_KEY: "g1/th-01", GATEWAY_ID: "g1", GATEWAYS: "g1" },
      { SENSOR_KEY: "g2/th-01", GATEWAY_ID: "g2", GATEWAYS: "g2" },
      { SENSOR_KEY: "g3/th-01", GATEWAY_ID: "g3", GATEWAYS: "g3" },
    ]);
    expect(
      await rows("SELECT SENSOR_KEY, VALUE_SUM FROM reporting.readings_hourly ORDER BY ALL"),
    ).toEqual([
      { SENSOR_KEY: "g1/th-01", VALUE_SUM: 1 },
      { SENSOR_KEY: "g2/th-01", VALUE_SUM: 2 },
      { SENSOR_KEY: "g3/th-01", VALUE_SUM: 3 },
    ]);
  });

  test("where sensor ids are global, accept a sensor's reading through another gateway and show the move", async () => {
    await runBatch(
      [
        {
          sensor: "tag-7",
          gateway: "g1",
          value: 1,
          observedAt: "2026-01-01 10:00:00",
          file: "a",
          row: 1,
          loadedAt: "2026-01-01 10:01:00",
        },
      ],
      "global",
    );
    await runBatch(
      [
        {
          sensor: "tag-7",
          gateway: "g2",
          value: 2,
          observedAt: "2026-01-01 10:05:00",
          file: "b",
          row: 1,
          loadedAt: "2026-01-01 10:06:00",
        },
        // The same reading heard through a second gateway is one reading, not two.
        {
          sensor: "tag-7",
          gateway: "g3",
          value: 2,
          observedAt: "2026-01-01 10:05:00",
          file: "c",
          row: 1,
          loadedAt: "2026-01-01 10:06:00",
        },
      ],
      "global",
    );
    expect(
      await rows(
        "SELECT SENSOR_KEY, GATEWAY_ID, VALUE FROM reporting.readings ORDER BY OBSERVED_AT",
      ),
    ).toEqual([
      { SENSOR_KEY: "tag-7", GATEWAY_ID: "g1", VALUE: 1 },
      { SENSOR_KEY: "tag-7", GATEWAY_ID: "g3", VALUE: 2 },
    ]);
    expect(await rows("SELECT SENSOR_KEY, GATEWAY_ID, GATEWAYS FROM reporting.sensors")).toEqual([
      { SENSOR_KEY: "tag-7", GATEWAY_ID: "g3", GATEWAYS: "g1,g2,g3" },
    ]);
  });

  test("bound the READINGS scan by the batch's whole hours, as a filter DuckDB prunes with", async () => {
    // A history of a few days, enough rows for DuckDB to plan a filtered scan.
    await connection.run(
      `INSERT INTO core.readings SELECT 'g1/s' || (i % 100), 's' || (i % 100), 'temperature', 1, 'Cel',
         TIMESTAMP '2026-01-01' + to_seconds(i), 'g1', 'raw/h', i, 'h', i, TIMESTAMP '2026-01-05', TIMESTAMP '2026-01-05'
       FROM range(0, 300000) AS t(i)`,
    );
    await connection.run(
      `INSERT INTO landing.new_rows VALUES
         ('s1', 'temperature', 2, 'Cel', TIMESTAMP '2026-01-02 10:20:00', 'g1', 'raw/a', 1, 'a', 1, TIMESTAMP '2026-01-05', TIMESTAMP '2026-01-05'),
         ('s1', 'temperature', 2, 'Cel', TIMESTAMP '2026-01-02 11:40:00', 'g1', 'raw/a', 2, 'a', 2, TIMESTAMP '2026-01-05', TIMESTAMP '2026-01-05')`,
    );
    const [mergeReadings] = transformStatements(
      { changes: "landing.new_rows", coreSchema: "core" },
      "duckdb",
    );
    await connection.run("BEGIN TRANSACTION");
    await connection.run(batchWindowStatement("duckdb", "landing.new_rows"));
    const plan = (await connection.runAndReadAll(`EXPLAIN ANALYZE ${mergeReadings}`))
      .getRows()
      .map((row) => String(row[1]))
      .join("\n")
      .replace(/[│\s]+/g, "");
    await connection.run("ROLLBACK");
    // The plan is drawn in boxes side by side; the scan's filter may wrap around a neighbour's text.
    expect(plan).toMatch(
      /Filters:OBSERVED_AT>='2026-01-0210:00:00'::TIMESTAMPANDOBSERVED_AT<'2026-01-02.{0,20}12:00:00'::TIMESTAMP/,
    );
  });
});
