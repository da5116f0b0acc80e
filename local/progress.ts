/**
 * Progress on stderr for long runs: one line rewritten in place on a terminal, a line every few
 * seconds otherwise (CI logs), nothing at all for work shorter than the first interval.
 */
const EVERY_MS = 2000;

/** Where progress goes: stderr, or anything with the same two members (tests). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressLine {
  /** When the current piece of work sent its first update; null between pieces of work. */
  private startedMs: number | null = null;
  private lastMs = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {}

  /** Shows `text` once the work has run for an interval and the last line is an interval old. */
  update(text: string): void {
    const now = this.now();
    if (this.startedMs === null) {
      this.startedMs = now;
      this.lastMs = now;
      return;
    }
    if (now - this.lastMs < EVERY_MS) return;
    this.lastMs = now;
    this.shown = true;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[K${this.label}: ${text}`);
    else this.stream.write(`${this.label}: ${text}\n`);
  }

  /** Ends the piece of work: the in-place line is closed so the summary starts on a fresh line. */
  done(): void {
    if (this.shown && this.stream.isTTY) this.stream.write("\n");
    this.startedMs = null;
    this.shown = false;
  }
}
