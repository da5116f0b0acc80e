import {
  NORMALIZER_ENV_DEFAULTS,
  NORMALIZER_ENV_NAMES,
  readSettings,
  SettingsError,
} from "../../../lambda/normalizer/settings";

describe("normalizer settings", () => {
  it("uses the documented defaults when no variable is set", () => {
    const settings = readSettings({});
    expect(settings).toEqual({
      defaultTimeZone: NORMALIZER_ENV_DEFAULTS.DEFAULT_TIME_ZONE,
      maxLineBytes: Number(NORMALIZER_ENV_DEFAULTS.MAX_LINE_BYTES),
      timestampMaxAgeDays: Number(NORMALIZER_ENV_DEFAULTS.TIMESTAMP_MAX_AGE_DAYS),
      timestampMaxFutureMinutes: Number(NORMALIZER_ENV_DEFAULTS.TIMESTAMP_MAX_FUTURE_MINUTES),
      maxObjectBytes: 2 * 1024 ** 3,
      maxDecompressedBytes: 4 * 1024 ** 3,
      maxRecordsPerObject: 20_000_000,
      ledgerPrefix: "",
      serviceName: NORMALIZER_ENV_DEFAULTS.POWERTOOLS_SERVICE_NAME,
      metricsNamespace: NORMALIZER_ENV_DEFAULTS.POWERTOOLS_METRICS_NAMESPACE,
      logLevel: NORMALIZER_ENV_DEFAULTS.POWERTOOLS_LOG_LEVEL,
    });
  });

  it("reads every variable the infrastructure sets", () => {
    const settings = readSettings({
      DEFAULT_TIME_ZONE: "Europe/Berlin",
      MAX_LINE_BYTES: "4096",
      TIMESTAMP_MAX_AGE_DAYS: "30",
      TIMESTAMP_MAX_FUTURE_MINUTES: "5",
      MAX_OBJECT_BYTES: "1048576",
      MAX_DECOMPRESSED_BYTES: "2097152",
      MAX_RECORDS_PER_OBJECT: "1000",
      LEDGER_PREFIX: "ledger/",
      POWERTOOLS_SERVICE_NAME: "svc",
      POWERTOOLS_METRICS_NAMESPACE: "Ns",
      POWERTOOLS_LOG_LEVEL: "debug",
    });
    expect(settings).toEqual({
      defaultTimeZone: "Europe/Berlin",
      maxLineBytes: 4096,
      timestampMaxAgeDays: 30,
      timestampMaxFutureMinutes: 5,
      maxObjectBytes: 1048576,
      maxDecompressedBytes: 2097152,
      maxRecordsPerObject: 1000,
      ledgerPrefix: "ledger/",
      serviceName: "svc",
      metricsNamespace: "Ns",
      logLevel: "DEBUG",
    });
  });

  it("lists exactly the eleven variables of the interface", () => {
    expect([...NORMALIZER_ENV_NAMES].sort()).toEqual(
      [
        "DEFAULT_TIME_ZONE",
        "MAX_LINE_BYTES",
        "TIMESTAMP_MAX_AGE_DAYS",
        "TIMESTAMP_MAX_FUTURE_MINUTES",
        "MAX_OBJECT_BYTES",
        "MAX_DECOMPRESSED_BYTES",
        "MAX_RECORDS_PER_OBJECT",
        "LEDGER_PREFIX",
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "POWERTOOLS_LOG_LEVEL",
      ].sort(),
    );
  });

  it.each(["Ledger/", "ledger", "a/b/", "/ledger/"])("rejects LEDGER_PREFIX=%j", (prefix) => {
    expect(() => readSettings({ LEDGER_PREFIX: prefix })).toThrow(/LEDGER_PREFIX.*ending in \//);
  });

  it.each([
    [
      "DEFAULT_TIME_ZONE",
      "Mars/Olympus",
      /DEFAULT_TIME_ZONE="Mars\/Olympus" is invalid; it must be an IANA time zone/,
    ],
    [
      "MAX_LINE_BYTES",
      "12kb",
      /MAX_LINE_BYTES="12kb" is invalid; it must be a whole number from 1024/,
    ],
    ["MAX_LINE_BYTES", "100", /MAX_LINE_BYTES="100" is invalid/],
    ["TIMESTAMP_MAX_AGE_DAYS", "-1", /TIMESTAMP_MAX_AGE_DAYS="-1" is invalid/],
    ["TIMESTAMP_MAX_FUTURE_MINUTES", "1.5", /TIMESTAMP_MAX_FUTURE_MINUTES="1.5" is invalid/],
    ["POWERTOOLS_LOG_LEVEL", "LOUD", /POWERTOOLS_LOG_LEVEL="LOUD" is invalid; it must be one of/],
  ])("rejects %s=%s with a message naming the variable and the fix", (name, value, message) => {
    const read = () => readSettings({ [name]: value });
    expect(read).toThrow(SettingsError);
    expect(read).toThrow(message);
    expect(read).toThrow(/Fix: set .+ in the function's environment/);
  });
});
