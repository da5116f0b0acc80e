import type { CanonicalReading } from "../../../contract/reading";
import { READING_COLUMNS } from "../../../contract/reading";
import { ReadingSerializer, rejectedLine } from "../../../lambda/normalizer/serialize";

const reading: CanonicalReading = {
  sensor_id: 'quote " and \\ backslash',
  metric: "temperature",
  value: -0.5,
  unit: null,
  observed_at: "2026-11-26T10:00:00.000Z",
  gateway_id: "gw",
  source_key: "raw/gw/ü.csv",
  source_line: 3,
};

describe("serialization", () => {
  it("writes one line with the contract columns in contract order, values intact", () => {
    const line = new ReadingSerializer().line(reading);
    expect(line.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual(READING_COLUMNS.map((column) => column.name));
    expect(parsed).toEqual(reading);
  });

  it("refuses a reading whose keys are not in contract order", () => {
    const { sensor_id, ...rest } = reading;
    const shuffled = { ...rest, sensor_id } as CanonicalReading;
    expect(() => new ReadingSerializer().line(shuffled)).toThrow(/not the contract columns/);
  });

  it("writes rejected records with the contract's fields in order", () => {
    const line = rejectedLine({
      source_key: "raw/gw/a.csv",
      source_line: null,
      reason: { code: "EMPTY_FILE", message: "m" },
      raw: "",
    });
    expect(Object.keys(JSON.parse(line))).toEqual(["source_key", "source_line", "reason", "raw"]);
  });
});
