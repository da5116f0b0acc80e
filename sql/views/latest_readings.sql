SELECT
  readings.SENSOR_KEY,
  readings.SENSOR_ID,
  readings.METRIC,
  readings.VALUE,
  readings.UNIT,
  readings.OBSERVED_AT,
  readings.GATEWAY_ID,
  readings.LOADED_AT
FROM {{ CORE_SCHEMA }}.READINGS AS readings
INNER JOIN (
  SELECT SENSOR_KEY, METRIC, MAX(HOUR_START) AS HOUR_START
  FROM {{ CORE_SCHEMA }}.READINGS_HOURLY
  GROUP BY SENSOR_KEY, METRIC
) AS last_hour
  ON readings.SENSOR_KEY = last_hour.SENSOR_KEY
  AND readings.METRIC = last_hour.METRIC
  AND readings.OBSERVED_AT >= last_hour.HOUR_START
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY readings.SENSOR_KEY, readings.METRIC
  ORDER BY readings.OBSERVED_AT DESC
) = 1
