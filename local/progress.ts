/**
 * Progress on stderr for long runs: one line rewritten in place on a terminal, a line every few
 * seconds otherwise (CI logs), nothing at all for runs shorter than the first interval.
 */
const EVERY_MS = 2000;

export class ProgressLine {
  private lastMs: number;
  private shown = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.lastMs = now();
  }

  /** Shows `text` if the last update is at least the interval old. */
  update(text: string): void {
    const now = this.now();
    if (now - this.lastMs < EVERY_MS) return;
    this.lastMs = now;
    this.shown = true;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[K${this.label}: ${text}`);
    else this.stream.write(`${this.label}: ${text}\n`);
  }

  /** Ends the in-place line so the summary starts on a fresh line. */
  done(): void {
    if (this.shown && this.stream.isTTY) this.stream.write("\n");
  }
}
