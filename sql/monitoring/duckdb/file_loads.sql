-- Local stand-in for COPY_HISTORY: the load histories the local pipes keep in local_state.
SELECT
  'READINGS_RAW' AS TABLE_NAME,
  'READINGS_PIPE' AS PIPE_NAME,
  file_name AS FILE_NAME,
  status AS STATUS,
  row_count AS ROW_COUNT,
  CASE WHEN status = 'LOADED' THEN 0 ELSE 1 END AS ERROR_COUNT,
  error AS FIRST_ERROR_MESSAGE,
  loaded_at AS LAST_LOAD_AT
FROM local_state.load_history
WHERE loaded_at >= {{ NOW }} - INTERVAL '24 HOURS'
UNION ALL
SELECT
  CASE pipe_name WHEN 'REJECTED_RECORDS_PIPE' THEN 'REJECTED_RECORDS' ELSE 'INGEST_LEDGER' END,
  pipe_name, file_name, status, row_count, CASE WHEN status = 'LOADED' THEN 0 ELSE 1 END, error,
  loaded_at
FROM local_state.health_load_history
WHERE loaded_at >= {{ NOW }} - INTERVAL '24 HOURS'
