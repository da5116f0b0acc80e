-- Reference DDL of the tables Terraform creates in Snowflake. Generated from contract/reading.ts
-- by sql/core-model.ts (npm run generate:sql); do not edit by hand.

CREATE TABLE {{ LANDING_SCHEMA }}.READINGS_RAW (
  SENSOR_ID VARCHAR NOT NULL COMMENT 'Identifier of the sensor, as the gateway reports it.',
  METRIC VARCHAR NOT NULL COMMENT 'What was measured, in lower snake case (for example temperature, relative_humidity).',
  VALUE FLOAT NOT NULL COMMENT 'The measured value, a finite number in the canonical unit.',
  UNIT VARCHAR COMMENT 'Canonical unit spelling (see docs/units.md), or null when the gateway sent none.',
  OBSERVED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the value was measured, UTC with millisecond precision.',
  GATEWAY_ID VARCHAR NOT NULL COMMENT 'The gateway that uploaded the reading (from the raw object key).',
  SOURCE_KEY VARCHAR NOT NULL COMMENT 'S3 key of the raw object the reading came from.',
  SOURCE_LINE NUMBER(38,0) NOT NULL COMMENT '1-based line or record number of the reading in its raw object.',
  FILE_NAME VARCHAR NOT NULL COMMENT 'Stage-relative name of the normalized file the row was loaded from.',
  FILE_ROW NUMBER(38,0) NOT NULL COMMENT 'Row number of the reading in that normalized file.',
  LOADED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the load of that file started (METADATA$START_SCAN_TIME), UTC.',
  UPLOADED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the raw object was uploaded (S3 LastModified, whole seconds, UTC), from the normalized file name.'
)
CHANGE_TRACKING = TRUE
COMMENT = 'Every loaded reading with the file, row and time of its load; append-only';

CREATE TABLE {{ LANDING_SCHEMA }}.REJECTED_RECORDS (
  SOURCE_KEY VARCHAR NOT NULL COMMENT 'S3 key of the raw object the record came from.',
  SOURCE_LINE NUMBER(38,0) COMMENT '1-based line or record number in that object, or null for a whole-file failure.',
  REASON_CODE VARCHAR NOT NULL COMMENT 'Stable rejection code (see docs/operations.md, rejection reasons).',
  REASON_MESSAGE VARCHAR NOT NULL COMMENT 'What was wrong with the record, for a person.',
  RAW VARCHAR NOT NULL COMMENT 'The original text, truncated by the normalizer at MAX_REJECTED_RAW_CHARS.',
  FILE_NAME VARCHAR NOT NULL COMMENT 'Stage-relative name of the rejected/ file; the same path as its object''s normalized file.',
  FILE_ROW NUMBER(38,0) NOT NULL COMMENT 'Row number of the reading in that normalized file.',
  LOADED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the load of that file started (METADATA$START_SCAN_TIME), UTC.'
)
CHANGE_TRACKING = TRUE
COMMENT = 'Every rejected record with its reason and the file, row and time of its load';

CREATE TABLE {{ LANDING_SCHEMA }}.INGEST_LEDGER (
  SOURCE_KEY VARCHAR NOT NULL COMMENT 'S3 key of the raw object.',
  GATEWAY_ID VARCHAR COMMENT 'Gateway from the key (raw/<gateway_id>/...), or null when the key names none.',
  UPLOADED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the object was uploaded (S3 LastModified), UTC.',
  FORMAT VARCHAR NOT NULL COMMENT 'Format the normalizer detected: csv, ndjson, json or none.',
  GZIP BOOLEAN NOT NULL COMMENT 'Whether the object was gzip-compressed.',
  BYTES_READ NUMBER(38,0) NOT NULL COMMENT 'Bytes read from the object (compressed size for gzip).',
  RECORDS_READ NUMBER(38,0) NOT NULL COMMENT 'Records read; always records_accepted + records_rejected.',
  RECORDS_ACCEPTED NUMBER(38,0) NOT NULL COMMENT 'Records written to normalized/ as readings.',
  RECORDS_REJECTED NUMBER(38,0) NOT NULL COMMENT 'Records written to rejected/ with their reason.',
  NORMALIZED_KEY VARCHAR COMMENT 'Key of the object''s normalized file, or null when it had no accepted record.',
  REJECTED_KEY VARCHAR COMMENT 'Key of the object''s rejected file, or null when nothing was rejected.',
  FILE_NAME VARCHAR NOT NULL COMMENT 'Stage-relative name of the ledger/ file; the same path as its object''s normalized file.',
  LOADED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the load of that file started (METADATA$START_SCAN_TIME), UTC.'
)
CHANGE_TRACKING = TRUE
COMMENT = 'One row per raw object read: records read, accepted and rejected, and its format';

CREATE TABLE {{ CORE_SCHEMA }}.READINGS (
  SENSOR_KEY VARCHAR NOT NULL COMMENT 'The sensor''s identity: gateway_id/sensor_id, or sensor_id alone where the environment declares sensor ids global.',
  SENSOR_ID VARCHAR NOT NULL COMMENT 'Identifier of the sensor, as the gateway reports it.',
  METRIC VARCHAR NOT NULL COMMENT 'What was measured, in lower snake case (for example temperature, relative_humidity).',
  VALUE FLOAT NOT NULL COMMENT 'The measured value, a finite number in the canonical unit.',
  UNIT VARCHAR COMMENT 'Canonical unit spelling (see docs/units.md), or null when the gateway sent none.',
  OBSERVED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the value was measured, UTC with millisecond precision.',
  GATEWAY_ID VARCHAR NOT NULL COMMENT 'The gateway that uploaded the reading (from the raw object key).',
  SOURCE_KEY VARCHAR NOT NULL COMMENT 'S3 key of the raw object the reading came from.',
  SOURCE_LINE NUMBER(38,0) NOT NULL COMMENT '1-based line or record number of the reading in its raw object.',
  FILE_NAME VARCHAR NOT NULL COMMENT 'Stage-relative name of the normalized file the row was loaded from.',
  FILE_ROW NUMBER(38,0) NOT NULL COMMENT 'Row number of the reading in that normalized file.',
  LOADED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the load of that file started (METADATA$START_SCAN_TIME), UTC.',
  UPLOADED_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'When the raw object was uploaded (S3 LastModified, whole seconds, UTC), from the normalized file name.',
  PRIMARY KEY (SENSOR_KEY, METRIC, OBSERVED_AT)
)
CLUSTER BY (TO_DATE(OBSERVED_AT), SENSOR_KEY)
COMMENT = 'One reading per sensor, metric and observation time; the newest upload wins';

CREATE TABLE {{ CORE_SCHEMA }}.SENSORS (
  SENSOR_KEY VARCHAR NOT NULL COMMENT 'The sensor''s identity: gateway_id/sensor_id, or sensor_id alone where the environment declares sensor ids global.',
  SENSOR_ID VARCHAR NOT NULL COMMENT 'Identifier of the sensor, as the gateway reports it.',
  GATEWAY_ID VARCHAR NOT NULL COMMENT 'Gateway of the sensor''s latest observation.',
  GATEWAYS VARCHAR NOT NULL COMMENT 'Every gateway the sensor reported through, sorted and comma-separated (more than one only where sensor ids are global).',
  METRICS VARCHAR NOT NULL COMMENT 'The metrics the sensor has reported, sorted and comma-separated.',
  FIRST_SEEN_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'Earliest observation time, UTC.',
  LAST_SEEN_AT TIMESTAMP_NTZ(3) NOT NULL COMMENT 'Latest observation time, UTC.',
  PRIMARY KEY (SENSOR_KEY)
)
COMMENT = 'One row per sensor: its latest gateway, every gateway and metric, first and last observation';

CREATE TABLE {{ CORE_SCHEMA }}.READINGS_HOURLY (
  SENSOR_KEY VARCHAR NOT NULL COMMENT 'The sensor''s identity: gateway_id/sensor_id, or sensor_id alone where the environment declares sensor ids global.',
  SENSOR_ID VARCHAR NOT NULL COMMENT 'Identifier of the sensor, as the gateway reports it.',
  METRIC VARCHAR NOT NULL COMMENT 'What was measured, in lower snake case (for example temperature, relative_humidity).',
  HOUR_START TIMESTAMP_NTZ(3) NOT NULL COMMENT 'Start of the UTC hour.',
  READING_COUNT NUMBER(38,0) NOT NULL COMMENT 'Readings in the hour.',
  VALUE_MIN FLOAT NOT NULL COMMENT 'Smallest value in the hour.',
  VALUE_MAX FLOAT NOT NULL COMMENT 'Largest value in the hour.',
  VALUE_AVG FLOAT NOT NULL COMMENT 'Mean value in the hour.',
  VALUE_SUM FLOAT NOT NULL COMMENT 'Sum of the values in the hour.',
  PRIMARY KEY (SENSOR_KEY, METRIC, HOUR_START)
)
COMMENT = 'Count, min, max, average and sum per sensor, metric and UTC hour';
