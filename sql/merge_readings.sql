-- Upserts a batch of loaded rows into READINGS: one row per sensor, metric and observation time.
-- The latest load wins, by (LOADED_AT, FILE_NAME, FILE_ROW), whether the competing row is in the
-- same batch (deduplicated first: MERGE with duplicate source keys is nondeterministic) or already
-- in the table (load order is not guaranteed, so an older load arriving late must not win).
MERGE INTO {{ CORE_SCHEMA }}.READINGS AS target
USING (
  SELECT
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
    LOADED_AT
  FROM {{ CHANGES }}
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY SENSOR_ID, METRIC, OBSERVED_AT
    ORDER BY LOADED_AT DESC, FILE_NAME DESC, FILE_ROW DESC
  ) = 1
) AS source
ON target.SENSOR_ID = source.SENSOR_ID
  AND target.METRIC = source.METRIC
  AND target.OBSERVED_AT = source.OBSERVED_AT
WHEN MATCHED AND (
  source.LOADED_AT > target.LOADED_AT
  OR (source.LOADED_AT = target.LOADED_AT AND source.FILE_NAME > target.FILE_NAME)
  OR (
    source.LOADED_AT = target.LOADED_AT
    AND source.FILE_NAME = target.FILE_NAME
    AND source.FILE_ROW > target.FILE_ROW
  )
) THEN UPDATE SET
  VALUE = source.VALUE,
  UNIT = source.UNIT,
  GATEWAY_ID = source.GATEWAY_ID,
  SOURCE_KEY = source.SOURCE_KEY,
  SOURCE_LINE = source.SOURCE_LINE,
  FILE_NAME = source.FILE_NAME,
  FILE_ROW = source.FILE_ROW,
  LOADED_AT = source.LOADED_AT
WHEN NOT MATCHED THEN INSERT (
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
  LOADED_AT
) VALUES (
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
  source.LOADED_AT
)
