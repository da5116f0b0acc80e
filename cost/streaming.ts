/**
 * The real-time (MQTT) path's monthly bill for a fleet, beside the file path's (model.ts): IoT Core
 * messages and connection time, Firehose ingestion rounded up to 5 KB per record, the stream
 * normalizer Lambda, Snowpipe Streaming per uncompressed GB, the serverless unpack task, and the S3
 * backup. Gateways publish one message per batch every `messageIntervalSeconds`; `perReading`
 * prices the same fleet publishing one message per reading, the anti-pattern docs/gateways.md
 * warns against.
 */
import {
  type CostLine,
  DAYS_PER_MONTH,
  type Fleet,
  NORMALIZED_BYTES_PER_ROW,
  monthlyVolumes,
} from "./model";
import type { Prices } from "./prices";

/** How gateways publish, and the streaming path's own settings. */
export interface StreamingAssumptions {
  /** Seconds between two messages of one gateway (each holds that many seconds of readings). */
  readonly messageIntervalSeconds: number;
  /** One message per reading instead of one per batch. */
  readonly perReading: boolean;
  /** The unpack task's schedule, seconds. */
  readonly unpackScheduleSeconds: number;
}

export const STREAMING_DEFAULTS: StreamingAssumptions = {
  messageIntervalSeconds: 10,
  perReading: false,
  unpackScheduleSeconds: 30,
};

/** Prices of the streaming path, with where each comes from. */
export interface StreamingPrices {
  /** USD per million IoT Core messages; each 5 KB (or part) of a message counts as one. */
  readonly iotUsdPerMillionMessages: number;
  /** USD per million connection-minutes. */
  readonly iotUsdPerMillionConnectionMinutes: number;
  /** USD per GB ingested by Firehose, each record rounded up to 5 KB. */
  readonly firehoseUsdPerGb: number;
  /** Snowflake credits per uncompressed GB written by Snowpipe Streaming. */
  readonly snowpipeStreamingCreditsPerGb: number;
}

export const STREAMING_PRICE_SOURCES: Readonly<Record<keyof StreamingPrices, string>> = {
  iotUsdPerMillionMessages:
    "aws.amazon.com/iot-core/pricing: messaging, first billion messages, metered in 5 KB increments",
  iotUsdPerMillionConnectionMinutes: "aws.amazon.com/iot-core/pricing: connectivity",
  firehoseUsdPerGb:
    "aws.amazon.com/firehose/pricing: Direct PUT ingestion (what an IoT rule's firehose action uses) is billed per GB in 5 KB increments, and delivery costs nothing extra without optional features (checked); the first-tier rate itself is not on the copies reachable here (unverified)",
  snowpipeStreamingCreditsPerGb:
    "docs.snowflake.com snowpipe-streaming-high-performance-cost: billed per uncompressed GB of data values (JSON keys are not counted, so this model, which counts whole rows, errs high); the rate is in Snowflake's Consumption Table, not reachable here, and is taken equal to Snowpipe's per-GB rate (unverified)",
};

export const STREAMING_LIST_PRICES: StreamingPrices = {
  iotUsdPerMillionMessages: 1.0,
  iotUsdPerMillionConnectionMinutes: 0.08,
  firehoseUsdPerGb: 0.029,
  snowpipeStreamingCreditsPerGb: 0.0037,
};

/** IoT Core and Firehose both meter in 5 KB steps. */
const METERING_BYTES = 5 * 1024;
const SECONDS_PER_MONTH = DAYS_PER_MONTH * 86_400;
const GB = 1e9;
/** The stream normalizer's memory (constructs/stream-normalizer-function.ts) and time per 1 MB batch. */
const PROCESSOR_MEMORY_GB = 256 / 1024;
const PROCESSOR_SECONDS_PER_MB = 0.5;
/** BufferIntervalInSeconds of the processor (constructs/streaming-delivery.ts). */
const PROCESSOR_INTERVAL_SECONDS = 10;
/** Fixed X-Small-equivalent seconds per unpack task run (one INSERT … FLATTEN). */
const UNPACK_SECONDS_PER_RUN = 1;

/** The streaming path's monthly bill for a fleet. */
export function monthlyStreamingCost(
  fleet: Fleet,
  prices: Prices,
  streaming: StreamingPrices,
  assumptions: StreamingAssumptions = STREAMING_DEFAULTS,
): CostLine[] {
  const { readings, gateways } = monthlyVolumes(fleet);
  const readingsPerBatch =
    (fleet.sensorsPerGateway * assumptions.messageIntervalSeconds) / fleet.readingIntervalSeconds;
  const readingsPerMessage = assumptions.perReading ? 1 : Math.max(1, readingsPerBatch);
  const messages = gateways === 0 ? 0 : readings / readingsPerMessage;
  const messageBytes = readingsPerMessage * fleet.rawBytesPerReading;
  const meteredPerMessage = Math.ceil(messageBytes / METERING_BYTES);
  const iotMessages = messages * meteredPerMessage;
  const connectionMinutes = (gateways * SECONDS_PER_MONTH) / 60;
  const firehoseGb = (messages * meteredPerMessage * METERING_BYTES) / GB;
  const rawGb = (readings * fleet.rawBytesPerReading) / GB;
  const streamedGb = (readings * NORMALIZED_BYTES_PER_ROW) / GB;
  // Firehose calls the processor per 1 MB of messages or every 10 s, whichever comes first.
  const lambdaBatches =
    readings > 0 ? Math.max(rawGb * 1000, SECONDS_PER_MONTH / PROCESSOR_INTERVAL_SECONDS) : 0;
  const lambdaGbSeconds = rawGb * 1000 * PROCESSOR_SECONDS_PER_MB * PROCESSOR_MEMORY_GB;
  const unpackRuns = readings > 0 ? SECONDS_PER_MONTH / assumptions.unpackScheduleSeconds : 0;
  const unpackCredits =
    ((unpackRuns * UNPACK_SECONDS_PER_RUN) / 3600) * prices.serverlessTaskMultiplier;
  const backupGbMonth =
    (rawGb / DAYS_PER_MONTH / fleet.normalizedGzipRatio) * fleet.rawRetentionDays;
  const line = (item: string, quantity: number, unit: string, usd: number): CostLine => ({
    item,
    quantity,
    unit,
    usd,
    idle: false,
  });
  return [
    line(
      "IoT Core messages (5 KB steps)",
      iotMessages,
      "messages",
      (iotMessages / 1e6) * streaming.iotUsdPerMillionMessages,
    ),
    line(
      "IoT Core connectivity",
      connectionMinutes,
      "connection-minutes",
      (connectionMinutes / 1e6) * streaming.iotUsdPerMillionConnectionMinutes,
    ),
    line(
      "Firehose ingestion (records rounded up to 5 KB)",
      firehoseGb,
      "GB",
      firehoseGb * streaming.firehoseUsdPerGb,
    ),
    line(
      "Stream normalizer Lambda",
      lambdaGbSeconds,
      "GB-s",
      lambdaGbSeconds * prices.lambdaUsdPerGbSecond +
        (lambdaBatches / 1e6) * prices.lambdaUsdPerMillionRequests,
    ),
    line(
      "Snowpipe Streaming (per uncompressed GB)",
      streamedGb,
      "GB",
      streamedGb * streaming.snowpipeStreamingCreditsPerGb * prices.usdPerCredit,
    ),
    line("Unpack task (serverless)", unpackCredits, "credits", unpackCredits * prices.usdPerCredit),
    line(
      "S3 backup (steady state)",
      backupGbMonth,
      "GB-month",
      backupGbMonth * prices.s3UsdPerGbMonth,
    ),
  ];
}
