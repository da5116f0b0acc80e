import type { Clock } from "../../ops/clock";

/**
 * A clock that only moves when slept on. Scheduled events run, in time order, as the clock passes
 * them, so a test can say "the normalizer writes at +7 s" without waiting 7 seconds.
 */
export class FakeClock implements Clock {
  private current: number;
  private readonly events: Array<{ atMs: number; run: () => Promise<void> | void }> = [];
  /** Every sleep requested, in ms. */
  readonly sleeps: number[] = [];

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Runs `run` once the clock reaches `atMs`. */
  at(atMs: number, run: () => Promise<void> | void): void {
    this.events.push({ atMs, run });
    this.events.sort((a, b) => a.atMs - b.atMs);
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    const target = this.current + ms;
    while (this.events.length > 0 && this.events[0].atMs <= target) {
      const event = this.events.shift()!;
      this.current = Math.max(this.current, event.atMs);
      await event.run();
    }
    this.current = target;
  }
}
