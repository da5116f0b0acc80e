-- Snowflake only: the body of the freshness task. Sends one message to the notification
-- integration when the newest load in READINGS crosses the threshold age, and stays quiet before
-- the first load and while the outage continues (the window is one check interval plus a minute of
-- schedule jitter, so a late run cannot skip the message; at worst it repeats once).
DECLARE
  seconds_since_last_load NUMBER;
  message VARCHAR;
BEGIN
  SELECT DATEDIFF('SECOND', MAX(LOADED_AT), CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP())::TIMESTAMP_NTZ)
    INTO :seconds_since_last_load
    FROM {{ CORE_SCHEMA }}.READINGS;
  IF (
    seconds_since_last_load >= {{ THRESHOLD_MINUTES }} * 60
    AND seconds_since_last_load < ({{ THRESHOLD_MINUTES }} + {{ CHECK_INTERVAL_MINUTES }} + 1) * 60
  ) THEN
    message := TO_JSON(OBJECT_CONSTRUCT(
      'alert', 'SENSOR_READINGS_STALE',
      'table', '{{ CORE_SCHEMA }}.READINGS',
      'thresholdMinutes', {{ THRESHOLD_MINUTES }},
      'minutesSinceLastLoad', FLOOR(seconds_since_last_load / 60)
    ));
    CALL SYSTEM$SEND_SNOWFLAKE_NOTIFICATION(
      SNOWFLAKE.NOTIFICATION.APPLICATION_JSON(:message),
      SNOWFLAKE.NOTIFICATION.INTEGRATION('{{ NOTIFICATION_INTEGRATION }}')
    );
  END IF;
END;
