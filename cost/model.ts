import type { CanonicalReading } from "../contract/reading";
import type { Prices } from "./prices";

/** A fleet and the pipeline settings that change what it costs. */
export interface Fleet {
  readonly name: string;
  readonly sensors: number;
  /** Seconds between two readings of one sensor. */
  readonly readingIntervalSeconds: number;
  /** Sensors behind one gateway (one raw upload carries all of them). */
  readonly sensorsPerGateway: number;
  /** Seconds between two uploads of one gateway: the batching knob. */
  readonly uploadIntervalSeconds: number;
  /** Bytes one reading takes in the raw upload (uncompressed CSV or JSON). */
  readonly rawBytesPerReading: number;
  /** Uncompressed over gzip-compressed size of normalized NDJSON. */
  readonly normalizedGzipRatio: number;
  /** Normalizer memory (config normalizer.memorySizeMb). */
  readonly lambdaMemoryMb: number;
  /** Fixed time per invocation: S3 round trips and setup, in ms. */
  readonly lambdaOverheadMs: number;
  /** Raw MB the function normalizes per second at that memory. */
  readonly lambdaMbPerSecond: number;
  /** Bytes of CloudWatch Logs per invocation (platform lines plus one summary line). */
  readonly logBytesPerInvocation: number;
  /** Seconds between task schedule ticks (each tick evaluates SYSTEM$STREAM_HAS_DATA). */
  readonly taskScheduleSeconds: number;
  /** Fixed X-Small-equivalent seconds per task run (transaction, three statements). */
  readonly taskOverheadSecondsPerRun: number;
  /** Rows one X-Small-equivalent second MERGEs (with the hourly recompute). */
  readonly mergeRowsPerXsSecond: number;
  /** Minutes between runs of CHECK_READINGS_FRESHNESS (config snowflake.freshness.checkIntervalMinutes). */
  readonly freshnessCheckIntervalMinutes: number;
  /** X-Small-equivalent seconds one freshness check bills (one aggregate and an IF). */
  readonly freshnessCheckSecondsPerRun: number;
  /** Credits per hour of the BI warehouse (X-Small 1, Small 2, Medium 4). */
  readonly biWarehouseCreditsPerHour: number;
  /** Hours a day the BI warehouse is resumed by DirectQuery users (auto-suspend ends the rest). */
  readonly biActiveHoursPerDay: number;
  /** Compressed bytes one reading takes in Snowflake (landing row plus curated row). */
  readonly snowflakeBytesPerReading: number;
  /** Days raw uploads are kept (config landingBucket.rawRetentionInDays). */
  readonly rawRetentionDays: number;
  /** Days normalized files are kept (config landingBucket.normalizedRetentionInDays). */
  readonly normalizedRetentionDays: number;
  /** CloudWatch alarm metrics the stack creates (a metric math alarm counts each metric it reads). */
  readonly alarms: number;
  /** CloudWatch dashboards the stack creates. */
  readonly dashboards: number;
  /** Customer-managed KMS keys (1 with SSE_KMS, 0 with SSE_S3). */
  readonly kmsKeys: number;
}

/** One line of a monthly bill. */
export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
  /** True when the line is billed even if no data arrives. */
  readonly idle: boolean;
}

/** Days in the model's month. */
export const DAYS_PER_MONTH = 30;
const SECONDS_PER_MONTH = DAYS_PER_MONTH * 86_400;
const GB = 1e9;

/**
 * A representative canonical row: its NDJSON size is the per-row byte count Snowpipe bills, so the
 * model follows the contract instead of a guessed constant.
 */
export const SAMPLE_ROW: CanonicalReading = {
  sensor_id: "sensor-000123",
  metric: "temperature",
  value: 21.375,
  unit: "Cel",
  observed_at: "2026-11-26T10:15:20.000Z",
  gateway_id: "gw-00042",
  source_key: "raw/gw-00042/2026-11-26T10-15-00Z.csv",
  source_line: 5412,
};

/** Bytes of one normalized NDJSON line, newline included. */
export const NORMALIZED_BYTES_PER_ROW = Buffer.byteLength(`${JSON.stringify(SAMPLE_ROW)}\n`);

/** Volumes per month that every cost line derives from. */
export interface Volumes {
  readonly readings: number;
  readonly gateways: number;
  /** Raw uploads, equal to normalizer invocations and normalized files. */
  readonly files: number;
  readonly rawBytes: number;
  readonly normalizedBytes: number;
  readonly taskTicks: number;
  readonly taskRuns: number;
  /** Freshness checks: they run on their schedule whether or not data arrives. */
  readonly freshnessChecks: number;
}

/** The month's volumes for a fleet. */
export function monthlyVolumes(fleet: Fleet): Volumes {
  const readings = (fleet.sensors * SECONDS_PER_MONTH) / fleet.readingIntervalSeconds;
  const gateways = Math.ceil(fleet.sensors / fleet.sensorsPerGateway);
  const files = (gateways * SECONDS_PER_MONTH) / fleet.uploadIntervalSeconds;
  const taskTicks = SECONDS_PER_MONTH / fleet.taskScheduleSeconds;
  return {
    readings,
    gateways,
    files,
    rawBytes: readings * fleet.rawBytesPerReading,
    normalizedBytes: readings * NORMALIZED_BYTES_PER_ROW,
    taskTicks,
    // A tick runs the task only when the stream has data: at most one run per tick or per file.
    taskRuns: Math.min(taskTicks, files),
    freshnessChecks: SECONDS_PER_MONTH / (fleet.freshnessCheckIntervalMinutes * 60),
  };
}

/** The monthly bill of a fleet, line by line. */
export function monthlyCost(fleet: Fleet, prices: Prices): CostLine[] {
  const v = monthlyVolumes(fleet);
  const credits = (amount: number) => amount * prices.usdPerCredit;

  const snowpipeGb = v.normalizedBytes / GB;
  const taskXsHours =
    (v.taskRuns * fleet.taskOverheadSecondsPerRun + v.readings / fleet.mergeRowsPerXsSecond) / 3600;
  const taskCredits = taskXsHours * prices.serverlessTaskMultiplier;
  const freshnessCredits =
    ((v.freshnessChecks * fleet.freshnessCheckSecondsPerRun) / 3600) *
    prices.serverlessTaskMultiplier;
  const biCredits = fleet.biWarehouseCreditsPerHour * fleet.biActiveHoursPerDay * DAYS_PER_MONTH;
  const snowflakeTb = (v.readings * fleet.snowflakeBytesPerReading) / 1e12;

  const rawMbPerFile = v.files === 0 ? 0 : v.rawBytes / v.files / 1e6;
  const secondsPerInvocation =
    fleet.lambdaOverheadMs / 1000 + rawMbPerFile / fleet.lambdaMbPerSecond;
  const gbSeconds = v.files * secondsPerInvocation * (fleet.lambdaMemoryMb / 1024);

  // raw PUT by the gateway + normalized PUT by the function; GET by the function + GET by Snowpipe.
  const puts = 2 * v.files;
  const gets = 2 * v.files;
  const dailyRawGb = v.rawBytes / DAYS_PER_MONTH / GB;
  const dailyNormalizedGb = v.normalizedBytes / fleet.normalizedGzipRatio / DAYS_PER_MONTH / GB;
  const s3GbMonth =
    dailyRawGb * fleet.rawRetentionDays + dailyNormalizedGb * fleet.normalizedRetentionDays;
  const logGb = (v.files * fleet.logBytesPerInvocation) / GB;

  const line = (item: string, quantity: number, unit: string, usd: number, idle = false) => ({
    item,
    quantity,
    unit,
    usd,
    idle,
  });
  return [
    line(
      "Snowpipe (per uncompressed GB)",
      snowpipeGb,
      "GB",
      credits(snowpipeGb * prices.snowpipeCreditsPerGb),
    ),
    line("Serverless task (MERGE)", taskCredits, "credits", credits(taskCredits)),
    line(
      "Serverless task (freshness check)",
      freshnessCredits,
      "credits",
      credits(freshnessCredits),
      true,
    ),
    line("BI warehouse", biCredits, "credits", credits(biCredits)),
    line(
      "Snowflake storage, one month of readings",
      snowflakeTb,
      "TB",
      snowflakeTb * prices.snowflakeUsdPerTbMonth,
      true,
    ),
    line("Lambda duration", gbSeconds, "GB-s", gbSeconds * prices.lambdaUsdPerGbSecond),
    line(
      "Lambda requests",
      v.files,
      "requests",
      (v.files / 1e6) * prices.lambdaUsdPerMillionRequests,
    ),
    line("S3 PUT requests", puts, "requests", (puts / 1000) * prices.s3UsdPerThousandPuts),
    line("S3 GET requests", gets, "requests", (gets / 1000) * prices.s3UsdPerThousandGets),
    line(
      "S3 storage (raw + normalized, steady state)",
      s3GbMonth,
      "GB-month",
      s3GbMonth * prices.s3UsdPerGbMonth,
      true,
    ),
    line("SNS publishes", v.files, "publishes", (v.files / 1e6) * prices.snsUsdPerMillionPublishes),
    line("CloudWatch Logs", logGb, "GB", logGb * prices.logsUsdPerGbIngested),
    line("CloudWatch alarms", fleet.alarms, "alarms", fleet.alarms * prices.alarmUsdPerMonth, true),
    line(
      "CloudWatch dashboard",
      fleet.dashboards,
      "dashboards",
      fleet.dashboards * prices.dashboardUsdPerMonth,
      true,
    ),
    line("KMS keys", fleet.kmsKeys, "keys", fleet.kmsKeys * prices.kmsKeyUsdPerMonth, true),
  ];
}

/** Sum of the lines' USD. */
export function totalUsd(lines: readonly CostLine[]): number {
  return lines.reduce((sum, line) => sum + line.usd, 0);
}
