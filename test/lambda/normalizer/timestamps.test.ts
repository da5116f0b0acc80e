import { epochToMs, parseTimestamp } from "../../../lambda/normalizer/timestamps";

const iso = (ms: number) => new Date(ms).toISOString();

describe("timestamp parsing", () => {
  it.each([
    ["2026-11-26T10:00:00Z", "2026-11-26T10:00:00.000Z"],
    ["2026-11-26T10:00:00.123456Z", "2026-11-26T10:00:00.123Z"],
    ["2026-11-26T12:00:00+02:00", "2026-11-26T10:00:00.000Z"],
    ["2026-11-26T05:30:00-0430", "2026-11-26T10:00:00.000Z"],
    ["2026-11-26 10:00:00,5Z", "2026-11-26T10:00:00.500Z"],
    ["2026/11/26 10:00", "2026-11-26T10:00:00.000Z"],
    ["26.11.2026 10:00:00", "2026-11-26T10:00:00.000Z"],
  ])("reads %s as %s", (text, expected) => {
    expect(iso(parseTimestamp(text, "UTC"))).toBe(expected);
  });

  it("reads a naive time in the configured zone, summer and winter", () => {
    expect(iso(parseTimestamp("2026-07-01T12:00:00", "Europe/Berlin"))).toBe(
      "2026-07-01T10:00:00.000Z",
    );
    expect(iso(parseTimestamp("2026-01-01T12:00:00", "Europe/Berlin"))).toBe(
      "2026-01-01T11:00:00.000Z",
    );
  });

  it("reads a wall-clock time that occurs twice (clocks go back) as the earlier instant", () => {
    expect(iso(parseTimestamp("2026-10-25T02:30:00", "Europe/Berlin"))).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    expect(iso(parseTimestamp("2026-11-01T01:30:00", "America/New_York"))).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });

  it("reads a wall-clock time skipped by the clocks going forward with the offset before the change", () => {
    expect(iso(parseTimestamp("2026-03-29T02:30:00", "Europe/Berlin"))).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(iso(parseTimestamp("2026-03-08T02:30:00", "America/New_York"))).toBe(
      "2026-03-08T07:30:00.000Z",
    );
  });

  it("ignores the configured zone when the text has an offset", () => {
    expect(iso(parseTimestamp("2026-07-01T12:00:00Z", "America/New_York"))).toBe(
      "2026-07-01T12:00:00.000Z",
    );
  });

  it.each([
    [1_764_151_200, "seconds"],
    [1_764_151_200_000, "milliseconds"],
    [1_764_151_200_000_000, "microseconds"],
    [1_764_151_200_000_000_000, "nanoseconds"],
  ])("decides by magnitude that %d is in %s", (epoch) => {
    expect(iso(epochToMs(epoch))).toBe("2025-11-26T10:00:00.000Z");
  });

  it("keeps the written millisecond of a fractional epoch second", () => {
    expect(iso(parseTimestamp("1276020076.001", "UTC"))).toBe("2010-06-08T18:01:16.001Z");
  });

  it.each([
    "2026-02-30T10:00:00Z",
    "2025-02-29T00:00:00Z",
    "2026-11-26T24:00:00Z",
    "yesterday",
    "",
    "1e30",
    "2026-13-01",
  ])("refuses %j", (text) => {
    expect(parseTimestamp(text, "UTC")).toBeNaN();
  });

  it("accepts 29 February in a leap year", () => {
    expect(iso(parseTimestamp("2028-02-29T00:00:00Z", "UTC"))).toBe("2028-02-29T00:00:00.000Z");
  });
});
