import type { Fleet } from "./model";

/** Settings shared by the example fleets: the defaults of stacks/config.ts and DESIGN.md. */
const PIPELINE_DEFAULTS = {
  readingIntervalSeconds: 10,
  sensorsPerGateway: 100,
  uploadIntervalSeconds: 60,
  rawBytesPerReading: 60,
  normalizedGzipRatio: 10,
  lambdaMemoryMb: 512,
  lambdaOverheadMs: 120,
  lambdaMbPerSecond: 20,
  logBytesPerInvocation: 1_000,
  taskScheduleSeconds: 60,
  taskOverheadSecondsPerRun: 2,
  mergeRowsPerXsSecond: 50_000,
  freshnessCheckIntervalMinutes: 10,
  freshnessCheckSecondsPerRun: 1,
  snowflakeBytesPerReading: 40,
  rawRetentionDays: 30,
  normalizedRetentionDays: 30,
  // Six single-metric alarms, and the rejected-records alarm whose metric math reads two metrics.
  alarms: 8,
  dashboards: 1,
  kmsKeys: 1,
} as const;

/** The three example fleets of docs/cost.md: 100, 10,000 and 1,000,000 sensors at one reading per 10 s. */
export const EXAMPLE_FLEETS: readonly Fleet[] = [
  {
    ...PIPELINE_DEFAULTS,
    name: "100 sensors",
    sensors: 100,
    biWarehouseCreditsPerHour: 1,
    biActiveHoursPerDay: 1,
  },
  {
    ...PIPELINE_DEFAULTS,
    name: "10,000 sensors",
    sensors: 10_000,
    biWarehouseCreditsPerHour: 1,
    biActiveHoursPerDay: 4,
  },
  {
    ...PIPELINE_DEFAULTS,
    name: "1,000,000 sensors",
    sensors: 1_000_000,
    biWarehouseCreditsPerHour: 2,
    biActiveHoursPerDay: 10,
  },
];
