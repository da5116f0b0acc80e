/**
 * A gzip NDJSON output opened only when its first line arrives, so an object without rejections
 * writes no rejected object. Lines are batched into large writes; the caller awaits `flush()` after
 * each input chunk, which is where backpressure from the destination (S3 upload, file) is felt.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip, type Gzip, type ZlibOptions } from "node:zlib";

/** Which output a line belongs to. */
export type OutputKind = "normalized" | "rejected";

/** Opens the destination of one output; called at most once per kind, on its first line. */
export type OpenOutput = (kind: OutputKind) => Writable;

const BATCH_CHARS = 256 * 1024;

/**
 * The gzip settings of both outputs. 256 KiB chunks: with zlib's default 16 KiB, its JavaScript
 * side runs once per 16 KiB of compressed output, a visible cost at lane speed.
 */
export function gzipOptions(level: number): ZlibOptions {
  return { level, chunkSize: 256 * 1024 };
}

export class LazyGzipOutput {
  /**
   * Lines not yet written: whole parts (text, or already-encoded bytes with the call to make once
   * the gzip stream has consumed them), then the open text in `pending`.
   */
  private parts: { readonly chunk: string | Buffer; readonly release?: () => void }[] = [];
  private partsLength = 0;
  private pending = "";
  private gzip: Gzip | null = null;
  private done: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly kind: OutputKind,
    private readonly open: OpenOutput,
    private readonly level: number,
  ) {}

  /** Whether any line was written (and so the destination was opened). */
  get opened(): boolean {
    return this.gzip !== null || this.pending !== "" || this.parts.length > 0;
  }

  add(line: string): void {
    this.pending += line;
  }

  /**
   * Lines already encoded as UTF-8 NDJSON, kept in order with those added as text. `release` is
   * called once the gzip stream no longer needs the bytes (they may be a view of reused memory).
   */
  addBytes(lines: Buffer, release: () => void): void {
    if (lines.length === 0) {
      release();
      return;
    }
    if (this.pending !== "") {
      this.parts.push({ chunk: this.pending });
      this.partsLength += this.pending.length;
      this.pending = "";
    }
    this.parts.push({ chunk: lines, release });
    this.partsLength += lines.length;
  }

  /** Whether enough lines wait that the caller should flush before reading more. */
  get full(): boolean {
    return this.partsLength + this.pending.length >= BATCH_CHARS;
  }

  async flush(): Promise<void> {
    if (this.pending === "" && this.parts.length === 0) return;
    const gzip = this.ensureOpen();
    const parts = this.parts;
    if (this.pending !== "") parts.push({ chunk: this.pending });
    this.parts = [];
    this.partsLength = 0;
    this.pending = "";
    this.check();
    let flowing = true;
    // The write callback runs once zlib has consumed the chunk (or the stream failed).
    for (const { chunk, release } of parts)
      flowing = release ? gzip.write(chunk, () => release()) : gzip.write(chunk);
    if (!flowing) await this.drained(gzip);
  }

  /** Writes what is left, ends the gzip stream and waits for the destination to finish. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.gzip || !this.done) return;
    this.gzip.end();
    await this.done;
  }

  private ensureOpen(): Gzip {
    if (this.gzip) return this.gzip;
    const gzip = createGzip(gzipOptions(this.level));
    const destination = this.open(this.kind);
    this.gzip = gzip;
    this.done = pipeline(gzip, destination);
    this.done.catch((error: unknown) => {
      this.failure = error;
    });
    return gzip;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private async drained(gzip: Gzip): Promise<void> {
    if (gzip.destroyed) {
      await this.done;
      return;
    }
    // Either the stream drains or the pipeline fails (and then `done` rejects).
    const drain = once(gzip, "drain");
    drain.catch(() => undefined);
    await Promise.race([drain, this.done]);
    this.check();
  }
}
