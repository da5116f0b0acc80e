-- Upserts a batch of loaded rows into READINGS: one row per sensor, metric and observation time,
-- where the sensor is SENSOR_KEY (see sql/sensor-identity.ts).
-- The newest upload wins, by (UPLOADED_AT, LOADED_AT, FILE_NAME, FILE_ROW), whether the competing
-- row is in the same batch (deduplicated first: MERGE with duplicate source keys is
-- nondeterministic) or already in the table (a retry, a replay or a late load of an older version
-- must not replace newer data). The same file row loaded again changes nothing.
-- The target is bounded by the batch's window (see sql/batch-window.ts): the bound cannot change
-- which rows match, since the key includes OBSERVED_AT, but it lets both engines skip the parts of
-- READINGS outside it, so the cost follows the batch, not the history.
MERGE INTO {{ CORE_SCHEMA }}.READINGS AS target
USING (
  SELECT
    {{ SENSOR_KEY }} AS SENSOR_KEY,
    SENSOR_ID,
    METRIC,
    VALUE,
    UNIT,
    OBSERVED_AT,
    GATEWAY_ID,
    SOURCE_KEY,
    SOURCE_LINE,
    FILE_NAME,
    FILE_ROW,
    LOADED_AT,
    UPLOADED_AT
  FROM {{ CHANGES }}
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY {{ SENSOR_KEY }}, METRIC, OBSERVED_AT
    ORDER BY UPLOADED_AT DESC, LOADED_AT DESC, FILE_NAME DESC, FILE_ROW DESC
  ) = 1
) AS source
ON target.SENSOR_KEY = source.SENSOR_KEY
  AND target.METRIC = source.METRIC
  AND target.OBSERVED_AT = source.OBSERVED_AT
  AND target.OBSERVED_AT >= {{ WINDOW_START }}
  AND target.OBSERVED_AT < {{ WINDOW_END }}
WHEN MATCHED AND (
  source.UPLOADED_AT > target.UPLOADED_AT
  OR (source.UPLOADED_AT = target.UPLOADED_AT AND source.LOADED_AT > target.LOADED_AT)
  OR (
    source.UPLOADED_AT = target.UPLOADED_AT
    AND source.LOADED_AT = target.LOADED_AT
    AND source.FILE_NAME > target.FILE_NAME
  )
  OR (
    source.UPLOADED_AT = target.UPLOADED_AT
    AND source.LOADED_AT = target.LOADED_AT
    AND source.FILE_NAME = target.FILE_NAME
    AND source.FILE_ROW > target.FILE_ROW
  )
) AND NOT (source.FILE_NAME = target.FILE_NAME AND source.FILE_ROW = target.FILE_ROW)
THEN UPDATE SET
  VALUE = source.VALUE,
  UNIT = source.UNIT,
  GATEWAY_ID = source.GATEWAY_ID,
  SOURCE_KEY = source.SOURCE_KEY,
  SOURCE_LINE = source.SOURCE_LINE,
  FILE_NAME = source.FILE_NAME,
  FILE_ROW = source.FILE_ROW,
  LOADED_AT = source.LOADED_AT,
  UPLOADED_AT = source.UPLOADED_AT
WHEN NOT MATCHED THEN INSERT (
  SENSOR_KEY,
  SENSOR_ID,
  METRIC,
  VALUE,
  UNIT,
  OBSERVED_AT,
  GATEWAY_ID,
  SOURCE_KEY,
  SOURCE_LINE,
  FILE_NAME,
  FILE_ROW,
  LOADED_AT,
  UPLOADED_AT
) VALUES (
  source.SENSOR_KEY,
  source.SENSOR_ID,
  source.METRIC,
  source.VALUE,
  source.UNIT,
  source.OBSERVED_AT,
  source.GATEWAY_ID,
  source.SOURCE_KEY,
  source.SOURCE_LINE,
  source.FILE_NAME,
  source.FILE_ROW,
  source.LOADED_AT,
  source.UPLOADED_AT
)
