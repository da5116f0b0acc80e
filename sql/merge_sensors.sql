-- Folds a batch into SENSORS without rescanning READINGS: first and last observation widen, the
-- metric and gateway lists gain what is new, and GATEWAY_ID follows the sensor's latest
-- observation. Where sensor ids are global (SENSOR_KEY is the sensor id alone), a sensor
-- heard through another gateway keeps its row, and GATEWAYS lists every gateway it came through:
-- a move is visible, never silent. SENSORS holds one row per sensor, so its size follows the
-- fleet, not the history, and needs no window.
MERGE INTO {{ CORE_SCHEMA }}.SENSORS AS target
USING (
  SELECT
    batch.SENSOR_KEY,
    batch.SENSOR_ID,
    latest.GATEWAY_ID,
    batch.GATEWAYS,
    batch.METRICS,
    batch.FIRST_SEEN_AT,
    batch.LAST_SEEN_AT
  FROM (
    SELECT
      {{ SENSOR_KEY }} AS SENSOR_KEY,
      SENSOR_ID,
      ARRAY_AGG(DISTINCT GATEWAY_ID) AS GATEWAYS,
      ARRAY_AGG(DISTINCT METRIC) AS METRICS,
      MIN(OBSERVED_AT) AS FIRST_SEEN_AT,
      MAX(OBSERVED_AT) AS LAST_SEEN_AT
    FROM {{ CHANGES }}
    GROUP BY {{ SENSOR_KEY }}, SENSOR_ID
  ) AS batch
  INNER JOIN (
    SELECT {{ SENSOR_KEY }} AS SENSOR_KEY, GATEWAY_ID
    FROM {{ CHANGES }}
    QUALIFY ROW_NUMBER() OVER (
      PARTITION BY {{ SENSOR_KEY }}
      ORDER BY OBSERVED_AT DESC, UPLOADED_AT DESC, LOADED_AT DESC, FILE_NAME DESC, FILE_ROW DESC
    ) = 1
  ) AS latest
    ON latest.SENSOR_KEY = batch.SENSOR_KEY
) AS source
ON target.SENSOR_KEY = source.SENSOR_KEY
WHEN MATCHED THEN UPDATE SET
  GATEWAY_ID = CASE
    WHEN source.LAST_SEEN_AT >= target.LAST_SEEN_AT THEN source.GATEWAY_ID
    ELSE target.GATEWAY_ID
  END,
  GATEWAYS = ARRAY_TO_STRING(
    ARRAY_SORT(ARRAY_DISTINCT(ARRAY_CAT(SPLIT(target.GATEWAYS, ','), source.GATEWAYS))),
    ','
  ),
  METRICS = ARRAY_TO_STRING(
    ARRAY_SORT(ARRAY_DISTINCT(ARRAY_CAT(SPLIT(target.METRICS, ','), source.METRICS))),
    ','
  ),
  FIRST_SEEN_AT = LEAST(target.FIRST_SEEN_AT, source.FIRST_SEEN_AT),
  LAST_SEEN_AT = GREATEST(target.LAST_SEEN_AT, source.LAST_SEEN_AT)
WHEN NOT MATCHED THEN INSERT (
  SENSOR_KEY,
  SENSOR_ID,
  GATEWAY_ID,
  GATEWAYS,
  METRICS,
  FIRST_SEEN_AT,
  LAST_SEEN_AT
) VALUES (
  source.SENSOR_KEY,
  source.SENSOR_ID,
  source.GATEWAY_ID,
  ARRAY_TO_STRING(ARRAY_SORT(source.GATEWAYS), ','),
  ARRAY_TO_STRING(ARRAY_SORT(source.METRICS), ','),
  source.FIRST_SEEN_AT,
  source.LAST_SEEN_AT
)
