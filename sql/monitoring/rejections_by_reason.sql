-- Rejected records per gateway, upload hour and reason code, the last 7 days, with one example.
SELECT
  COALESCE(ledger.GATEWAY_ID, '(none)') AS GATEWAY_ID,
  DATE_TRUNC('HOUR', ledger.UPLOADED_AT) AS HOUR_START,
  rejected.REASON_CODE AS REASON_CODE,
  COUNT(*) AS REJECTIONS,
  MIN(rejected.REASON_MESSAGE) AS EXAMPLE_MESSAGE,
  MIN(rejected.SOURCE_KEY) AS EXAMPLE_SOURCE_KEY
FROM {{ LANDING_SCHEMA }}.REJECTED_RECORDS AS rejected
JOIN {{ LANDING_SCHEMA }}.INGEST_LEDGER AS ledger
  ON ledger.REJECTED_KEY = 'rejected/' || rejected.FILE_NAME
WHERE ledger.UPLOADED_AT >= {{ NOW }} - INTERVAL '7 DAYS'
  AND rejected.LOADED_AT >= {{ NOW }} - INTERVAL '8 DAYS'
GROUP BY
  COALESCE(ledger.GATEWAY_ID, '(none)'),
  DATE_TRUNC('HOUR', ledger.UPLOADED_AT),
  rejected.REASON_CODE
