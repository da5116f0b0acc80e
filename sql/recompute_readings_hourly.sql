-- Recomputes READINGS_HOURLY for exactly the sensor, metric and hour keys the batch touched, from
-- READINGS as merged (run it after merge_readings.sql in the same transaction), so late and
-- corrected readings land in the right hour. Readings are never deleted, so a touched hour always
-- has rows and MERGE never needs to delete. Both tables are bounded by the batch's window, whose
-- whole hours hold every touched hour (see sql/batch-window.ts).
MERGE INTO {{ CORE_SCHEMA }}.READINGS_HOURLY AS target
USING (
  SELECT
    readings.SENSOR_KEY,
    readings.SENSOR_ID,
    readings.METRIC,
    touched.HOUR_START,
    COUNT(*) AS READING_COUNT,
    MIN(readings.VALUE) AS VALUE_MIN,
    MAX(readings.VALUE) AS VALUE_MAX,
    AVG(readings.VALUE) AS VALUE_AVG,
    SUM(readings.VALUE) AS VALUE_SUM
  FROM (
    SELECT DISTINCT
      {{ SENSOR_KEY }} AS SENSOR_KEY,
      METRIC,
      DATE_TRUNC('HOUR', OBSERVED_AT) AS HOUR_START
    FROM {{ CHANGES }}
  ) AS touched
  INNER JOIN {{ CORE_SCHEMA }}.READINGS AS readings
    ON readings.SENSOR_KEY = touched.SENSOR_KEY
    AND readings.METRIC = touched.METRIC
    AND readings.OBSERVED_AT >= touched.HOUR_START
    AND readings.OBSERVED_AT < touched.HOUR_START + INTERVAL '1 HOUR'
    AND readings.OBSERVED_AT >= {{ WINDOW_START }}
    AND readings.OBSERVED_AT < {{ WINDOW_END }}
  GROUP BY readings.SENSOR_KEY, readings.SENSOR_ID, readings.METRIC, touched.HOUR_START
) AS source
ON target.SENSOR_KEY = source.SENSOR_KEY
  AND target.METRIC = source.METRIC
  AND target.HOUR_START = source.HOUR_START
  AND target.HOUR_START >= {{ WINDOW_START }}
  AND target.HOUR_START < {{ WINDOW_END }}
WHEN MATCHED THEN UPDATE SET
  READING_COUNT = source.READING_COUNT,
  VALUE_MIN = source.VALUE_MIN,
  VALUE_MAX = source.VALUE_MAX,
  VALUE_AVG = source.VALUE_AVG,
  VALUE_SUM = source.VALUE_SUM
WHEN NOT MATCHED THEN INSERT (
  SENSOR_KEY,
  SENSOR_ID,
  METRIC,
  HOUR_START,
  READING_COUNT,
  VALUE_MIN,
  VALUE_MAX,
  VALUE_AVG,
  VALUE_SUM
) VALUES (
  source.SENSOR_KEY,
  source.SENSOR_ID,
  source.METRIC,
  source.HOUR_START,
  source.READING_COUNT,
  source.VALUE_MIN,
  source.VALUE_MAX,
  source.VALUE_AVG,
  source.VALUE_SUM
)
