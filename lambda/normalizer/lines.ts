/**
 * Splits a byte stream into lines without ever holding more than one line: text is decoded a block
 * at a time (fast), and only a block that contains a replacement character is re-checked line by
 * line with a strict decoder, so invalid UTF-8 rejects exactly its lines.
 */
import { reason, type Reason } from "./reasons";
import { growHead, lossyText, RAW_HEAD_BYTES } from "./raw-text";

/** Receives every line (blank ones too, so line numbers stay physical). */
export interface LineHandler {
  line(text: string, lineNumber: number): void;
  badLine(lineNumber: number, why: Reason, raw: string): void;
}

const NEWLINE = 0x0a;
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class LineSplitter {
  private lineNumber = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while a line longer than the limit is being skipped; holds its first bytes for the raw text. */
  private tooLongHead: Buffer | null = null;

  constructor(
    private readonly maxLineBytes: number,
    private readonly handler: LineHandler,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.pendingBytes > 0 || this.tooLongHead) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.addPending(chunk);
        return;
      }
      this.addPending(chunk.subarray(0, newline));
      this.finishPending();
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      this.block(chunk, start, last);
      start = last + 1;
    }
    if (start < chunk.length) this.addPending(chunk.subarray(start));
  }

  /** The last line, which has no newline after it. */
  end(): void {
    if (this.pendingBytes > 0 || this.tooLongHead) this.finishPending();
  }

  /** Forgets the unfinished last line and returns its text (for a stream that was cut short). */
  takePending(): string {
    const bytes = this.tooLongHead ?? Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.tooLongHead = null;
    return lossyText(bytes);
  }

  private addPending(bytes: Buffer): void {
    if (this.tooLongHead) {
      this.tooLongHead = growHead(this.tooLongHead, bytes);
      return;
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes > this.maxLineBytes) {
      this.tooLongHead = Buffer.concat(this.pending).subarray(0, RAW_HEAD_BYTES);
      this.pending = [];
      this.pendingBytes = 0;
    }
  }

  private finishPending(): void {
    if (this.tooLongHead) {
      const head = this.tooLongHead;
      this.tooLongHead = null;
      this.handler.badLine(++this.lineNumber, reason("LINE_TOO_LONG"), lossyText(head));
      return;
    }
    const bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.strictLine(bytes);
  }

  /** Lines in chunk[from, to): `to` is the index of a newline. */
  private block(chunk: Buffer, from: number, to: number): void {
    const text = chunk.toString("utf8", from, to);
    if (text.includes("\uFFFD")) {
      let start = from;
      while (start <= to) {
        const newline = chunk.indexOf(NEWLINE, start);
        this.strictLine(chunk.subarray(start, newline));
        start = newline + 1;
      }
      return;
    }
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      if (newline === -1) {
        this.textLine(text.slice(start));
        return;
      }
      this.textLine(text.slice(start, newline));
      start = newline + 1;
    }
  }

  private strictLine(bytes: Buffer): void {
    if (bytes.length > this.maxLineBytes) {
      this.handler.badLine(
        ++this.lineNumber,
        reason("LINE_TOO_LONG"),
        lossyText(bytes.subarray(0, RAW_HEAD_BYTES)),
      );
      return;
    }
    let text: string;
    try {
      text = strict.decode(bytes);
    } catch {
      this.handler.badLine(++this.lineNumber, reason("INVALID_UTF8"), lossyText(bytes));
      return;
    }
    this.textLine(text);
  }

  private textLine(line: string): void {
    const text = line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line;
    // A string is never longer than its UTF-8 bytes and at most three bytes a UTF-16 unit.
    if (
      text.length > this.maxLineBytes ||
      (text.length * 3 > this.maxLineBytes && Buffer.byteLength(text) > this.maxLineBytes)
    ) {
      this.handler.badLine(
        ++this.lineNumber,
        reason("LINE_TOO_LONG"),
        lossyText(Buffer.from(text.slice(0, RAW_HEAD_BYTES))),
      );
      return;
    }
    this.handler.line(text, ++this.lineNumber);
  }
}
