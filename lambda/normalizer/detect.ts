/**
 * Chooses the parser from the content, using the key's extension only to tell NDJSON from a JSON
 * document when the first line alone cannot: `[` starts a JSON document, `{` starts NDJSON when
 * the first line is a complete record (or the key says .ndjson/.jsonl), a first line (after `#`
 * comments) that parses as InfluxDB line protocol starts line protocol — a CSV header has no
 * `key=value` field set after a space — and anything else is CSV.
 * A UTF-8 byte order mark is dropped first.
 */
import { CsvParser } from "./parsers/csv";
import { JsonDocumentParser } from "./parsers/json-document";
import { batchOf } from "./parsers/json-record";
import { LineProtocolParser, parseLinePoint } from "./parsers/line-protocol";
import { NdjsonParser } from "./parsers/ndjson";
import type { ContentParser, ParserContext } from "./parsers/parser";

/** Which parser read an object ("none" when it had no content). */
export type DetectedFormat = "csv" | "ndjson" | "json" | "line-protocol" | "none";

const BOM = [0xef, 0xbb, 0xbf];
const NDJSON_NAME = /\.(ndjson|jsonl|ldjson)(\.gz)?$/i;

function firstContentByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return i;
  }
  return -1;
}

/** Buffers the first bytes until the format is clear, then hands everything to the chosen parser. */
export class DetectingParser implements ContentParser {
  private head: Buffer[] = [];
  private headBytes = 0;
  private parser: ContentParser | null = null;
  format: DetectedFormat = "none";

  constructor(
    private readonly context: ParserContext,
    private readonly sourceKey: string,
  ) {}

  push(chunk: Buffer): void {
    if (this.parser) {
      this.parser.push(chunk);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    const bytes = Buffer.concat(this.head);
    this.head = [bytes];
    const chosen = this.choose(bytes, false);
    if (chosen) this.start(chosen, bytes);
  }

  end(): void {
    if (!this.parser) {
      const bytes = Buffer.concat(this.head);
      this.head = [];
      const chosen = this.choose(bytes, true);
      if (!chosen) return;
      this.start(chosen, bytes);
    }
    this.parser?.end();
  }

  dispose(): void {
    this.parser?.dispose?.();
  }

  takePending(): string {
    if (this.parser) return this.parser.takePending();
    const text = Buffer.concat(this.head).toString("utf8");
    this.head = [];
    return text;
  }

  private start(format: Exclude<DetectedFormat, "none">, bytes: Buffer): void {
    this.format = format;
    this.head = [];
    this.parser =
      format === "csv"
        ? new CsvParser(this.context)
        : format === "line-protocol"
          ? new LineProtocolParser(this.context)
          : format === "ndjson"
            ? new NdjsonParser(this.context)
            : new JsonDocumentParser(this.context);
    const hasBom = BOM.every((byte, i) => bytes[i] === byte);
    this.parser.push(hasBom ? bytes.subarray(3) : bytes);
  }

  /** Line protocol when the first line that is not blank or a `#` comment is a point; null until it is whole. */
  private csvOrLineProtocol(
    body: Buffer,
    first: number,
    atEnd: boolean,
  ): "csv" | "line-protocol" | null {
    let start = first;
    for (;;) {
      const newline = body.indexOf(0x0a, start);
      const end = newline === -1 ? body.length : newline;
      if (end - start > this.context.maxLineBytes) return "csv";
      if (newline === -1 && !atEnd) return null;
      const line = body.toString("utf8", start, end).replace(/\r$/, "");
      if ((line.startsWith("#") || line.trim() === "") && newline !== -1) {
        start = newline + 1;
        continue;
      }
      return line.trim() !== "" && typeof parseLinePoint(line) !== "string"
        ? "line-protocol"
        : "csv";
    }
  }

  /** The format, or null while more bytes are needed (and at the end, when there is no content). */
  private choose(bytes: Buffer, atEnd: boolean): Exclude<DetectedFormat, "none"> | null {
    if (bytes.length < 3 && !atEnd) return null;
    const body = BOM.every((byte, i) => bytes[i] === byte) ? bytes.subarray(3) : bytes;
    const first = firstContentByte(body);
    if (first === -1)
      return atEnd || body.length > this.context.maxLineBytes ? (atEnd ? null : "csv") : null;
    if (body[first] === 0x5b) return "json";
    if (body[first] !== 0x7b) return this.csvOrLineProtocol(body, first, atEnd);
    if (NDJSON_NAME.test(this.sourceKey)) return "ndjson";
    // A first line longer than a line may be cannot be NDJSON: it goes to the document parser,
    // which streams. Counted from the same byte whether or not the newline has arrived yet.
    const newline = body.indexOf(0x0a, first);
    if (newline === -1)
      return atEnd || body.length - first > this.context.maxLineBytes ? "json" : null;
    if (newline - first > this.context.maxLineBytes) return "json";
    try {
      const value: unknown = JSON.parse(body.toString("utf8", first, newline));
      return batchOf(value) === null ? "ndjson" : "json";
    } catch {
      return "json";
    }
  }
}
