/**
 * The Firehose processing Lambda of the streaming path (record mode). Each Firehose record is one
 * MQTT message as the IoT topic rule wrapped it ({@link StreamEnvelope}); its payload goes through
 * the normalizer's record mode, exactly the rules of the file path. Readings leave as one output
 * record per message, `{"file_name", "uploaded_at", "readings": [...]}`, which Firehose writes to
 * LANDING.READINGS_STREAMED's VARIANT column (one Snowflake row per message: Firehose bills each
 * record rounded up to 5 KB, so a row per reading would multiply the bill); rejections are written
 * where the file path's go, `rejected/…` in the landing bucket, before the records are returned.
 * A message with no reading left is "Dropped" (its rejections are already stored). An S3 failure
 * throws: Firehose retries the whole batch and finally backs the source records up to S3.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from "aws-lambda";
import { gzipSync } from "node:zlib";
import type { RejectedRecord } from "../../contract/reading";
import {
  streamedMessageId,
  streamedRejectedKey,
  streamedSourceKey,
} from "../../contract/streamed-rows";
import { NO_GATEWAY_SEGMENT } from "../normalizer/keys";
import { normalizeMessage } from "../normalizer/message";
import { optionsFromSettings } from "../normalizer/normalize";
import { rejectedLine } from "../normalizer/serialize";
import { readSettings, type NormalizerSettings } from "../normalizer/settings";
import { REJECTED_BUCKET_ENV } from "./settings";

/** What the topic rule's SQL selects for every message (constructs/readings-topic-rule.ts). */
export interface StreamEnvelope {
  /** The topic's gateway level. */
  readonly gateway_id: string;
  /** IoT Core's receive time, epoch ms (`timestamp()`). */
  readonly received_at_ms: number;
  /** Unique per message (`newuuid()`). */
  readonly message_id: string;
  /** The MQTT payload, base64 (`encode(*, 'base64')`), so any payload, even broken, arrives. */
  readonly payload: string;
}

/** The output record's JSON, one per message that kept at least one reading. */
export interface StreamedMessageContent {
  readonly file_name: string;
  /** The receive time, UTC ISO-8601: the streamed row's UPLOADED_AT. */
  readonly uploaded_at: string;
  readonly readings: readonly object[];
}

export interface StreamHandlerDependencies {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly settings: NormalizerSettings;
}

const GATEWAY = /^[A-Za-z0-9._-]{1,64}$/;

function envelopeOf(record: FirehoseTransformationEventRecord): StreamEnvelope | null {
  try {
    const value = JSON.parse(Buffer.from(record.data, "base64").toString("utf8")) as StreamEnvelope;
    if (typeof value.payload !== "string" || typeof value.received_at_ms !== "number") return null;
    return value;
  } catch {
    return null;
  }
}

/** Normalizes one batch of Firehose records; exported for tests with a local S3. */
export async function transformRecords(
  event: FirehoseTransformationEvent,
  deps: StreamHandlerDependencies,
): Promise<FirehoseTransformationResult> {
  const rejectedByGateway = new Map<string, RejectedRecord[]>();
  const records: FirehoseTransformationResultRecord[] = [];
  for (const record of event.records) {
    const envelope = envelopeOf(record);
    if (envelope === null) {
      // Not the topic rule's shape: a wiring fault, kept whole in the S3 backup's error prefix.
      records.push({ recordId: record.recordId, result: "ProcessingFailed", data: record.data });
      continue;
    }
    const gatewayId = GATEWAY.test(envelope.gateway_id ?? "") ? envelope.gateway_id : null;
    const gatewayKey = gatewayId ?? NO_GATEWAY_SEGMENT;
    const sourceKey = streamedSourceKey(
      gatewayKey,
      streamedMessageId(envelope.received_at_ms, String(envelope.message_id)),
    );
    const normalized = await normalizeMessage(Buffer.from(envelope.payload, "base64"), {
      sourceKey,
      gatewayId,
      options: {
        ...optionsFromSettings(deps.settings, new Date(envelope.received_at_ms)),
        fastLanes: false,
      },
    });
    if (normalized.rejections.length > 0) {
      const list = rejectedByGateway.get(gatewayKey) ?? [];
      list.push(...normalized.rejections);
      rejectedByGateway.set(gatewayKey, list);
    }
    if (normalized.readings.length === 0) {
      records.push({ recordId: record.recordId, result: "Dropped", data: record.data });
      continue;
    }
    const content: StreamedMessageContent = {
      file_name: sourceKey,
      uploaded_at: new Date(envelope.received_at_ms).toISOString(),
      readings: normalized.readings,
    };
    records.push({
      recordId: record.recordId,
      result: "Ok",
      data: Buffer.from(JSON.stringify(content)).toString("base64"),
    });
  }
  const at = new Date();
  await Promise.all(
    [...rejectedByGateway].map(([gatewayKey, rejections]) =>
      deps.s3.send(
        new PutObjectCommand({
          Bucket: deps.bucket,
          Key: streamedRejectedKey(gatewayKey, event.invocationId, at),
          Body: gzipSync(rejections.map(rejectedLine).join(""), { level: 1 }),
          ContentType: "application/x-ndjson",
          ContentEncoding: "gzip",
        }),
      ),
    ),
  );
  return { records };
}

let dependencies: StreamHandlerDependencies | undefined;

export async function handler(
  event: FirehoseTransformationEvent,
): Promise<FirehoseTransformationResult> {
  if (dependencies === undefined) {
    const bucket = process.env[REJECTED_BUCKET_ENV];
    if (!bucket) throw new Error(`${REJECTED_BUCKET_ENV} is not set`);
    dependencies = { s3: new S3Client({}), bucket, settings: readSettings() };
  }
  return transformRecords(event, dependencies);
}
