-- Local stand-in for SYSTEM$PIPE_STATUS: a local pipe cannot be paused, so it is always RUNNING;
-- its last ingestion is the newest load in its history.
SELECT
  'READINGS_PIPE' AS PIPE_NAME,
  'RUNNING' AS EXECUTION_STATE,
  CAST(NULL AS BIGINT) AS PENDING_FILE_COUNT,
  (SELECT MAX(loaded_at) FROM local_state.load_history WHERE status = 'LOADED') AS LAST_INGESTED_AT,
  CAST(NULL AS VARCHAR) AS ERROR
UNION ALL
SELECT pipe, 'RUNNING', CAST(NULL AS BIGINT),
  (SELECT MAX(loaded_at) FROM local_state.health_load_history
   WHERE pipe_name = pipe AND status = 'LOADED'),
  CAST(NULL AS VARCHAR)
FROM (VALUES ('REJECTED_RECORDS_PIPE'), ('INGEST_LEDGER_PIPE')) AS names(pipe)
