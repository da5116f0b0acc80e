/** NDJSON lines of the contract: canonical readings in READING_COLUMNS order, and rejected records. */
import {
  READING_COLUMNS,
  type CanonicalReading,
  type RejectedRecord,
} from "../../contract/reading";

const NAMES = READING_COLUMNS.map((column) => column.name as keyof CanonicalReading);
const PREFIXES = NAMES.map((name, i) => `${i === 0 ? "{" : ","}${JSON.stringify(name)}:`);

/**
 * Serializes readings of one object. Neighbouring rows repeat most values (gateway, key, sensor,
 * time), so each column remembers its last value's JSON and skips re-encoding it.
 */
export class ReadingSerializer {
  private readonly lastValue: unknown[] = NAMES.map(() => undefined);
  private readonly lastJson: string[] = NAMES.map(() => "");

  line(reading: CanonicalReading): string {
    let text = "";
    for (let i = 0; i < NAMES.length; i++) {
      const value = reading[NAMES[i]];
      if (value !== this.lastValue[i] || this.lastJson[i] === "") {
        this.lastValue[i] = value;
        this.lastJson[i] = PREFIXES[i] + JSON.stringify(value);
      }
      text += this.lastJson[i];
    }
    return `${text}}\n`;
  }
}

/** One rejected record as an NDJSON line, keys in RejectedRecord order. */
export function rejectedLine(record: RejectedRecord): string {
  return `${JSON.stringify({
    source_key: record.source_key,
    source_line: record.source_line,
    reason: { code: record.reason.code, message: record.reason.message },
    raw: record.raw,
  })}\n`;
}
