/**
 * The normalizer Lambda's settings: environment variable names, defaults and validation. The
 * infrastructure imports these names so the function's environment and this module cannot drift.
 */

/** Environment variables the handler reads, with the value used when a variable is unset. */
export const NORMALIZER_ENV_DEFAULTS = {
  /** IANA time zone for timestamps without an offset. */
  DEFAULT_TIME_ZONE: "UTC",
  /** Longest line (CSV, NDJSON) or JSON record, in bytes; longer ones are rejected. */
  MAX_LINE_BYTES: "65536",
  /** Oldest plausible observed_at, in days before the raw object was uploaded. */
  TIMESTAMP_MAX_AGE_DAYS: "365",
  /** Latest plausible observed_at, in minutes after the raw object was uploaded. */
  TIMESTAMP_MAX_FUTURE_MINUTES: "10",
  /**
   * Largest raw object (S3 ContentLength, compressed size for gzip) the function reads; a larger
   * one is rejected whole before reading (OBJECT_TOO_LARGE). 2 GiB: see README, "Limits".
   */
  MAX_OBJECT_BYTES: "2147483648",
  /** Most bytes one object may decompress to (gzip bombs, runaway uploads). 4 GiB. */
  MAX_DECOMPRESSED_BYTES: "4294967296",
  /** Most records one object may hold. 20 million: ~6 min of the slowest parsing at 512 MB. */
  MAX_RECORDS_PER_OBJECT: "20000000",
  /**
   * Where the per-object ledger goes (ledger.ts), e.g. `ledger/`; empty: no ledger. Off by
   * default so the function needs no write permission beyond normalized/ and rejected/.
   */
  LEDGER_PREFIX: "",
  /** Service name on every log line and metric. */
  POWERTOOLS_SERVICE_NAME: "sensor-normalizer",
  /** CloudWatch namespace of the per-file metrics. */
  POWERTOOLS_METRICS_NAMESPACE: "SensorPipeline",
  /** Log level: DEBUG, INFO, WARN or ERROR. */
  POWERTOOLS_LOG_LEVEL: "INFO",
} as const;

/** Name of one environment variable the normalizer reads. */
export type NormalizerEnvName = keyof typeof NORMALIZER_ENV_DEFAULTS;

/** Every environment variable the normalizer reads, in documentation order. */
export const NORMALIZER_ENV_NAMES = Object.keys(NORMALIZER_ENV_DEFAULTS) as NormalizerEnvName[];

/** Limits that keep a setting sane; a value outside them is a configuration error. */
const MAX_LINE_BYTES_RANGE = { min: 1024, max: 16 * 1024 * 1024 };
const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR", "SILENT"];
const MIB = 1024 * 1024;

/**
 * Ranges of the per-object limits, shared with the construct and the stack config so a value
 * that synthesizes is one the function accepts. S3's largest object is 5 TiB; below 1 MiB a
 * limit would reject ordinary uploads.
 */
export const OBJECT_LIMIT_RANGES = {
  MAX_OBJECT_BYTES: { min: MIB, max: 5 * 1024 ** 4 },
  MAX_DECOMPRESSED_BYTES: { min: MIB, max: 2 ** 50 },
  MAX_RECORDS_PER_OBJECT: { min: 1, max: 1e12 },
} as const;

/** The validated settings of the content rules (everything except the Powertools variables). */
export interface NormalizerSettings {
  readonly defaultTimeZone: string;
  readonly maxLineBytes: number;
  readonly timestampMaxAgeDays: number;
  readonly timestampMaxFutureMinutes: number;
  readonly maxObjectBytes: number;
  readonly maxDecompressedBytes: number;
  readonly maxRecordsPerObject: number;
  /** Ledger key prefix ending in `/`, or "" for no ledger. */
  readonly ledgerPrefix: string;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: string;
}

/** A setting has a value the normalizer cannot use; the message names the variable and the fix. */
export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function fail(name: NormalizerEnvName, value: string, rule: string): never {
  throw new SettingsError(
    `${name}=${JSON.stringify(value)} is invalid; it ${rule}. Fix: set ${name} in the function's environment (default ${NORMALIZER_ENV_DEFAULTS[name]}).`,
  );
}

function limit(
  env: Readonly<Record<string, string | undefined>>,
  name: keyof typeof OBJECT_LIMIT_RANGES,
): number {
  return integer(env, name, OBJECT_LIMIT_RANGES[name].min, OBJECT_LIMIT_RANGES[name].max);
}

function integer(
  env: Readonly<Record<string, string | undefined>>,
  name: NormalizerEnvName,
  min: number,
  max: number,
): number {
  const text = (env[name] ?? "").trim() || NORMALIZER_ENV_DEFAULTS[name];
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    fail(name, text, `must be a whole number from ${min} to ${max}`);
  return value;
}

/**
 * Reads and validates the settings from an environment (the process environment by default).
 * Throws SettingsError naming the first bad variable, so a misconfigured function fails at cold
 * start instead of misreading data.
 */
export function readSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): NormalizerSettings {
  const text = (name: NormalizerEnvName) =>
    (env[name] ?? "").trim() || NORMALIZER_ENV_DEFAULTS[name];
  const defaultTimeZone = text("DEFAULT_TIME_ZONE");
  if (!isKnownTimeZone(defaultTimeZone))
    fail(
      "DEFAULT_TIME_ZONE",
      defaultTimeZone,
      "must be an IANA time zone such as UTC or Europe/Berlin",
    );
  const ledgerPrefix = (env.LEDGER_PREFIX ?? "").trim();
  if (ledgerPrefix !== "" && !/^[a-z0-9][a-z0-9_-]*\/$/.test(ledgerPrefix))
    fail(
      "LEDGER_PREFIX",
      ledgerPrefix,
      "must be empty (no ledger) or one lower-case path segment ending in /, such as ledger/",
    );
  const logLevel = text("POWERTOOLS_LOG_LEVEL").toUpperCase();
  if (!LOG_LEVELS.includes(logLevel))
    fail("POWERTOOLS_LOG_LEVEL", logLevel, `must be one of ${LOG_LEVELS.join(", ")}`);
  return {
    defaultTimeZone,
    maxLineBytes: integer(
      env,
      "MAX_LINE_BYTES",
      MAX_LINE_BYTES_RANGE.min,
      MAX_LINE_BYTES_RANGE.max,
    ),
    timestampMaxAgeDays: integer(env, "TIMESTAMP_MAX_AGE_DAYS", 1, 36500),
    timestampMaxFutureMinutes: integer(env, "TIMESTAMP_MAX_FUTURE_MINUTES", 0, 7 * 24 * 60),
    maxObjectBytes: limit(env, "MAX_OBJECT_BYTES"),
    maxDecompressedBytes: limit(env, "MAX_DECOMPRESSED_BYTES"),
    maxRecordsPerObject: limit(env, "MAX_RECORDS_PER_OBJECT"),
    ledgerPrefix,
    serviceName: text("POWERTOOLS_SERVICE_NAME"),
    metricsNamespace: text("POWERTOOLS_METRICS_NAMESPACE"),
    logLevel,
  };
}
