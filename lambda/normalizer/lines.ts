/**
 * Splits a byte stream into lines without ever holding more than one line: text is decoded a block
 * at a time (fast), and only a block that contains a replacement character is re-checked line by
 * line with a strict decoder, so invalid UTF-8 rejects exactly its lines.
 */
import type { LaneRun } from "./lanes/fast-lane";
import { reason, type Reason } from "./reasons";
import { growHead, lossyText, RAW_HEAD_BYTES } from "./raw-text";

/** Receives every line (blank ones too, so line numbers stay physical). */
export interface LineHandler {
  line(text: string, lineNumber: number): void;
  badLine(lineNumber: number, why: Reason, raw: string): void;
  /**
   * Optional fast lane: handles whole lines of chunk[from, to) itself (`to` is just after a
   * newline; `lineNumber` is the number of the line at `from`) and returns where it stopped, or
   * null when it cannot run now. The line where it stopped comes to `line` as usual.
   */
  fastLines?(chunk: Buffer, from: number, to: number, lineNumber: number): LaneRun | null;
}

const NEWLINE = 0x0a;
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class LineSplitter {
  private lineNumber = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while a line longer than the limit is being skipped; holds its first bytes for the raw text. */
  private tooLongHead: Buffer | null = null;
  /** All bytes of the line being skipped, to tell whether tooLongHead holds the whole line. */
  private tooLongBytes = 0;

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
    this.tooLongBytes = 0;
    return lossyText(bytes);
  }

  private addPending(bytes: Buffer): void {
    if (this.tooLongHead) {
      this.tooLongHead = growHead(this.tooLongHead, bytes);
      this.tooLongBytes += bytes.length;
      return;
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    // One byte over the limit may still be the CR of a CRLF, which does not count.
    if (this.pendingBytes > this.maxLineBytes + 1) {
      this.tooLongHead = Buffer.concat(this.pending).subarray(0, RAW_HEAD_BYTES);
      this.tooLongBytes = this.pendingBytes;
      this.pending = [];
      this.pendingBytes = 0;
    }
  }

  private finishPending(): void {
    if (this.tooLongHead) {
      let head = this.tooLongHead;
      // The raw text never includes a CRLF's CR, wherever the chunks were cut.
      if (this.tooLongBytes === head.length) head = withoutCr(head);
      this.tooLongHead = null;
      this.tooLongBytes = 0;
      this.handler.badLine(++this.lineNumber, reason("LINE_TOO_LONG"), lossyText(head));
      return;
    }
    const bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.strictLine(bytes);
  }

  /** Lines in chunk[from, to]: `to` is the index of a newline. */
  private block(chunk: Buffer, from: number, to: number): void {
    let start = from;
    if (this.handler.fastLines) {
      // A fast lane takes what it can; each line it stops at is read here, exactly as below.
      while (start <= to) {
        const run = this.handler.fastLines(chunk, start, to + 1, this.lineNumber + 1);
        if (run === null) break;
        this.lineNumber += run.lines;
        if (run.next > to) return;
        const newline = chunk.indexOf(NEWLINE, run.next);
        this.decodedLines(chunk, run.next, newline);
        start = newline + 1;
      }
      if (start > to) return;
    }
    this.decodedLines(chunk, start, to);
  }

  /** Lines in chunk[from, to], decoded at once; a block with invalid UTF-8 is re-read line by line. */
  private decodedLines(chunk: Buffer, from: number, to: number): void {
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

  /** One line from bytes: decoded strictly, so invalid UTF-8 rejects exactly this line. */
  private strictLine(line: Buffer): void {
    const bytes = withoutCr(line);
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
    this.checkedLine(text);
  }

  private textLine(line: string): void {
    this.checkedLine(line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line);
  }

  /** A decoded line without its CR: too long, or on to the handler. */
  private checkedLine(text: string): void {
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

/** The bytes without one trailing CR (of a CRLF line end). */
function withoutCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
}
