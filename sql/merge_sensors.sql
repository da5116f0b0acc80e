-- Folds a batch into SENSORS without rescanning READINGS: first and last observation widen, the
-- metric list gains what is new, and the gateway follows the sensor's latest observation.
MERGE INTO {{ CORE_SCHEMA }}.SENSORS AS target
USING (
  SELECT
    batch.SENSOR_ID,
    latest.GATEWAY_ID,
    batch.METRICS,
    batch.FIRST_SEEN_AT,
    batch.LAST_SEEN_AT
  FROM (
    SELECT
      SENSOR_ID,
      ARRAY_AGG(DISTINCT METRIC) AS METRICS,
      MIN(OBSERVED_AT) AS FIRST_SEEN_AT,
      MAX(OBSERVED_AT) AS LAST_SEEN_AT
    FROM {{ CHANGES }}
    GROUP BY SENSOR_ID
  ) AS batch
  INNER JOIN (
    SELECT SENSOR_ID, GATEWAY_ID
    FROM {{ CHANGES }}
    QUALIFY ROW_NUMBER() OVER (
      PARTITION BY SENSOR_ID
      ORDER BY OBSERVED_AT DESC, LOADED_AT DESC, FILE_NAME DESC, FILE_ROW DESC
    ) = 1
  ) AS latest
    ON latest.SENSOR_ID = batch.SENSOR_ID
) AS source
ON target.SENSOR_ID = source.SENSOR_ID
WHEN MATCHED THEN UPDATE SET
  GATEWAY_ID = CASE
    WHEN source.LAST_SEEN_AT >= target.LAST_SEEN_AT THEN source.GATEWAY_ID
    ELSE target.GATEWAY_ID
  END,
  METRICS = ARRAY_TO_STRING(
    ARRAY_SORT(ARRAY_DISTINCT(ARRAY_CAT(SPLIT(target.METRICS, ','), source.METRICS))),
    ','
  ),
  FIRST_SEEN_AT = LEAST(target.FIRST_SEEN_AT, source.FIRST_SEEN_AT),
  LAST_SEEN_AT = GREATEST(target.LAST_SEEN_AT, source.LAST_SEEN_AT)
WHEN NOT MATCHED THEN INSERT (
  SENSOR_ID,
  GATEWAY_ID,
  METRICS,
  FIRST_SEEN_AT,
  LAST_SEEN_AT
) VALUES (
  source.SENSOR_ID,
  source.GATEWAY_ID,
  ARRAY_TO_STRING(ARRAY_SORT(source.METRICS), ','),
  source.FIRST_SEEN_AT,
  source.LAST_SEEN_AT
)
