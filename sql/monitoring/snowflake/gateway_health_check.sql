-- Snowflake only: the body of the gateway health task, which runs only when the ledger stream has
-- rows (an upload was accounted for), so it costs nothing while no data arrives. One transaction:
-- record the run, reading the stream (a DML statement that reads a stream moves its offset when
-- it commits); record each gateway that is SILENT or has a REJECTION_SPIKE and was not alerted for
-- it yet (SILENT once per silence, a spike at most once an hour); then send one message listing
-- them through the notification integration. A silence is seen at the next upload of any gateway;
-- when every gateway is silent, the freshness alert reports it.
DECLARE
  run_at TIMESTAMP_NTZ;
  new_alerts NUMBER;
  message VARCHAR;
BEGIN
  run_at := CONVERT_TIMEZONE('UTC', CURRENT_TIMESTAMP())::TIMESTAMP_NTZ;
  BEGIN TRANSACTION;
  INSERT INTO {{ MONITORING_SCHEMA }}.HEALTH_CHECKS (CHECKED_AT, LEDGER_ROWS)
    SELECT :run_at, COUNT(*) FROM {{ LEDGER_STREAM }};
  INSERT INTO {{ MONITORING_SCHEMA }}.GATEWAY_ALERTS
      (GATEWAY_ID, STATUS, DETECTED_AT, LAST_UPLOAD_AT, REJECTION_RATE_PERCENT, TOP_REASON)
    SELECT health.GATEWAY_ID, health.STATUS, :run_at, health.LAST_UPLOAD_AT,
      health.REJECTION_RATE_PERCENT, health.TOP_REASON
    FROM {{ MONITORING_SCHEMA }}.GATEWAY_HEALTH AS health
    WHERE health.STATUS <> 'OK'
      AND NOT EXISTS (
        SELECT 1 FROM {{ MONITORING_SCHEMA }}.GATEWAY_ALERTS AS sent
        WHERE sent.GATEWAY_ID = health.GATEWAY_ID
          AND sent.STATUS = health.STATUS
          AND sent.DETECTED_AT >= CASE health.STATUS
            WHEN 'SILENT' THEN health.LAST_UPLOAD_AT
            ELSE DATEADD('HOUR', -1, :run_at)
          END
      );
  SELECT COUNT(*), TO_JSON(OBJECT_CONSTRUCT(
      'alert', 'SENSOR_GATEWAY_HEALTH',
      'database', '{{ DATABASE }}',
      'gateways', ARRAY_AGG(OBJECT_CONSTRUCT(
        'gateway', GATEWAY_ID,
        'status', STATUS,
        'lastUploadAt', LAST_UPLOAD_AT,
        'rejectionRatePercent', REJECTION_RATE_PERCENT,
        'topReason', TOP_REASON
      ))
    ))
    INTO :new_alerts, :message
    FROM {{ MONITORING_SCHEMA }}.GATEWAY_ALERTS
    WHERE DETECTED_AT = :run_at;
  COMMIT;
  IF (new_alerts > 0) THEN
    CALL SYSTEM$SEND_SNOWFLAKE_NOTIFICATION(
      SNOWFLAKE.NOTIFICATION.APPLICATION_JSON(:message),
      SNOWFLAKE.NOTIFICATION.INTEGRATION('{{ NOTIFICATION_INTEGRATION }}')
    );
  END IF;
EXCEPTION
  WHEN OTHER THEN
    ROLLBACK;
    RAISE;
END
