import type { S3Client } from "@aws-sdk/client-s3";
import type { FirehoseTransformationEvent } from "aws-lambda";
import { gunzipSync } from "node:zlib";
import { readSettings } from "../../../lambda/normalizer/settings";
import { transformRecords } from "../../../lambda/stream-normalizer/handler";

const RECEIVED_MS = Date.parse("2026-11-26T10:15:30.123Z");

/** One Firehose record as the IoT rule's SQL builds it. */
function record(recordId: string, gatewayId: string, payload: string) {
  const envelope = {
    gateway_id: gatewayId,
    received_at_ms: RECEIVED_MS,
    message_id: `uuid-${recordId}`,
    payload: Buffer.from(payload).toString("base64"),
  };
  return {
    recordId,
    approximateArrivalTimestamp: RECEIVED_MS,
    data: Buffer.from(JSON.stringify(envelope)).toString("base64"),
  };
}

/** Records what the handler writes instead of sending it to S3. */
function capturingS3() {
  const puts: { Key: string; Body: Buffer }[] = [];
  const s3 = {
    send: async (command: { input: { Key: string; Body: Buffer } }) => puts.push(command.input),
  };
  return { s3: s3 as unknown as S3Client, puts };
}

const GOOD = JSON.stringify({
  readings: [
    {
      sensor_id: "th-01",
      metric: "temperature",
      value: 21.5,
      unit: "Cel",
      timestamp: "2026-11-26T10:15:00Z",
    },
    {
      sensor_id: "th-01",
      metric: "temperature",
      value: "n/a",
      unit: "Cel",
      timestamp: "2026-11-26T10:16:00Z",
    },
  ],
});

test("a message becomes one output record with its readings, its bad record a rejection in rejected/", async () => {
  // GIVEN a good message with one bad record, a broken message and a record not from the rule
  const { s3, puts } = capturingS3();
  const event = {
    invocationId: "inv-1",
    deliveryStreamArn: "arn:aws:firehose:eu-west-1:111122223333:deliverystream/s",
    region: "eu-west-1",
    records: [
      record("1", "gw-7", GOOD),
      record("2", "gw-7", "{not json"),
      {
        recordId: "3",
        approximateArrivalTimestamp: RECEIVED_MS,
        data: Buffer.from("x").toString("base64"),
      },
    ],
  } as FirehoseTransformationEvent;

  // WHEN the processing Lambda transforms them
  const result = await transformRecords(event, {
    s3,
    bucket: "landing",
    settings: readSettings({}),
  });

  // THEN the good message is one record holding its reading, with the streamed lineage
  expect(result.records.map((r) => [r.recordId, r.result])).toEqual([
    ["1", "Ok"],
    ["2", "Dropped"],
    ["3", "ProcessingFailed"],
  ]);
  const content = JSON.parse(Buffer.from(result.records[0].data ?? "", "base64").toString());
  const sourceKey = "stream/gw-7/20261126T101530123Z-uuid-1";
  expect(content).toEqual({
    file_name: sourceKey,
    uploaded_at: "2026-11-26T10:15:30.123Z",
    readings: [
      {
        sensor_id: "th-01",
        metric: "temperature",
        value: 21.5,
        unit: "Cel",
        observed_at: "2026-11-26T10:15:00.000Z",
        gateway_id: "gw-7",
        source_key: sourceKey,
        source_line: 1,
      },
    ],
  });
  // ...and both rejections went where the file path's go, with their reasons
  expect(puts).toHaveLength(1);
  expect(puts[0].Key).toMatch(/^rejected\/\d{4}\/\d{2}\/\d{2}\/gw-7\/stream-inv-1\.ndjson\.gz$/);
  const rejected = gunzipSync(puts[0].Body)
    .toString()
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(rejected.map((r) => [r.source_key.slice(0, 44), r.reason.code])).toEqual([
    [sourceKey.slice(0, 44), "NON_NUMERIC_VALUE"],
    ["stream/gw-7/20261126T101530123Z-uuid-2", expect.any(String)],
  ]);
});
