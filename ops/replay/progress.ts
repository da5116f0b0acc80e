import type { Clock } from "../clock";

/** Where progress goes: stderr in the CLI, a buffer in tests. */
export interface ProgressSink {
  write(text: string): void;
  /** True when the sink is a terminal: the bar is redrawn in place instead of printed per step. */
  readonly isTTY?: boolean;
}

const BAR_WIDTH = 30;

/**
 * A progress bar over a known number of objects and bytes. On a terminal it redraws one line; in
 * a log it prints a line at every tenth of the work, so CI logs stay short.
 */
export class ProgressBar {
  private doneObjects = 0;
  private doneBytes = 0;
  private lastTenth = -1;
  private readonly startedMs: number;

  constructor(
    private readonly sink: ProgressSink,
    private readonly clock: Clock,
    private readonly totalObjects: number,
    private readonly totalBytes: number,
  ) {
    this.startedMs = clock.now();
  }

  /** Records one finished object of `bytes` bytes and redraws. */
  advance(bytes: number): void {
    this.doneObjects += 1;
    this.doneBytes += bytes;
    const fraction = this.totalObjects === 0 ? 1 : this.doneObjects / this.totalObjects;
    const line = this.render(fraction);
    if (this.sink.isTTY) {
      this.sink.write(`\r${line}`);
      if (this.doneObjects === this.totalObjects) this.sink.write("\n");
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.sink.write(`${line}\n`);
    }
  }

  private render(fraction: number): string {
    const filled = Math.round(fraction * BAR_WIDTH);
    const elapsedMs = this.clock.now() - this.startedMs;
    const etaMs = fraction > 0 ? (elapsedMs / fraction) * (1 - fraction) : 0;
    return (
      `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ` +
      `${this.doneObjects}/${this.totalObjects} objects ` +
      `${formatBytes(this.doneBytes)}/${formatBytes(this.totalBytes)} ` +
      `eta ${Math.ceil(etaMs / 1000)} s`
    );
  }
}

/** Bytes in the largest binary unit that keeps the number at least 1. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
