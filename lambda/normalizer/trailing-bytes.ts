/**
 * Plain bytes after the last gzip member (`cat a.csv.gz b.csv`): neither decompressed nor parsed,
 * since reading them as text would be a guess, yet nothing is dropped: each of their lines becomes
 * one rejected record carrying its raw text, and the message says how to get them loaded.
 */
import { MAX_REJECTED_RAW_CHARS } from "../../contract/reading";
import { growHead, RAW_HEAD_BYTES, truncateRaw } from "./raw-text";
import type { RecordSink } from "./reading";
import { reason } from "./reasons";

const LF = 0x0a;
const CR = 0x0d;

/** Rejects each line of the bytes after the gzip data, numbering the lines from 1. */
export class TrailingLines {
  /** The current line's first RAW_HEAD_BYTES bytes: enough for its raw text, bounded in memory. */
  private head: Buffer = Buffer.alloc(0);
  /** Whether the current line is longer than its head. */
  private cut = false;
  private line = 0;

  /** `offset`: where the bytes start in the object, for the message. */
  constructor(
    private readonly sink: RecordSink,
    private readonly offset: number,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
      this.append(chunk.subarray(start, end));
      this.finishLine();
      start = end + 1;
    }
    this.append(chunk.subarray(start));
  }

  /** The last line, which need not end in a line feed. */
  end(): void {
    this.finishLine();
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.head.length + bytes.length > RAW_HEAD_BYTES) this.cut = true;
    this.head = growHead(this.head, bytes);
  }

  private finishLine(): void {
    const head = this.head;
    const cut = this.cut;
    this.head = Buffer.alloc(0);
    this.cut = false;
    // An empty line holds no data, as in every parser; its bytes are the line ends around it.
    const length = !cut && head.at(-1) === CR ? head.length - 1 : head.length;
    if (length === 0) return;
    this.line++;
    const text = head.subarray(0, length).toString("utf8");
    const raw = cut ? `${text.slice(0, MAX_REJECTED_RAW_CHARS - 1)}…` : truncateRaw(text);
    this.sink.read(1);
    this.sink.reject(
      this.line,
      reason(
        "TRAILING_BYTES_AFTER_GZIP",
        `line ${this.line} of the text from byte ${this.offset} on; ` +
          "upload that text as its own object",
      ),
      raw,
    );
  }
}
