-- Local stand-in for TASK_HISTORY: the runs `sensorctl local` records (only runs that found data in
-- the stream, as Snowflake's SKIPPED runs are not worth keeping locally).
SELECT
  task_name AS TASK_NAME,
  'CORE' AS SCHEMA_NAME,
  state AS STATE,
  started_at AS SCHEDULED_AT,
  started_at AS STARTED_AT,
  completed_at AS COMPLETED_AT,
  error_message AS ERROR_MESSAGE
FROM local_state.task_runs
WHERE started_at >= {{ NOW }} - INTERVAL '6 DAYS'
