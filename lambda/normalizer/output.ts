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

/**
 * Opens the destination of one output, on its first line. When an object is rejected whole after
 * lines were written (corrupt gzip, a limit, a short read), the core destroys the destinations
 * with a `DiscardedOutput` error: the caller must not commit them (abort the multipart upload,
 * delete the file) and may treat that error as no failure. The core then opens `rejected` once
 * more, for the one whole-object rejection.
 */
export type OpenOutput = (kind: OutputKind) => Writable;

/** The error an output's destination is destroyed with when its lines must not be committed. */
export class DiscardedOutput extends Error {
  constructor(readonly kind: OutputKind) {
    super(`the ${kind} output is discarded: the object was rejected whole`);
    this.name = "DiscardedOutput";
  }
}

/** Whether an error means "discarded" (also across realms and SDK wrappers, by name). */
export function isDiscardedOutput(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "DiscardedOutput";
}

const BATCH_CHARS = 256 * 1024;
/**
 * Encoded parts at least this large are written as they are (a view of a lane's memory, not
 * copied); smaller ones are copied together with their neighbours into one write.
 */
const OWN_WRITE_BYTES = 64 * 1024;

interface Part {
  readonly chunk: string | Buffer;
  /** Called once the gzip stream no longer reads `chunk` (absent: nothing to release). */
  readonly release?: () => void;
}

/**
 * The parts as few writes as possible: each `gzip.write` is a round trip to zlib's thread pool
 * (~17 µs on one core, far more than a row costs), so a file whose lines alternate between a
 * fast lane and the general parser must not pay one per switch. Runs of small parts are copied
 * into one buffer (and released at once); large encoded parts keep their own zero-copy write.
 */
function coalesced(parts: readonly Part[]): Part[] {
  const writes: Part[] = [];
  let run: Part[] = [];
  const endRun = (): void => {
    if (run.length === 1) writes.push(run[0]);
    else if (run.length > 1) {
      // Buffer.concat copies, so each part's memory is free again right after it.
      writes.push({ chunk: Buffer.concat(run.map(({ chunk }) => toBuffer(chunk))) });
      for (const { release } of run) release?.();
    }
    run = [];
  };
  for (const part of parts) {
    if (typeof part.chunk !== "string" && part.chunk.length >= OWN_WRITE_BYTES) {
      endRun();
      writes.push(part);
    } else run.push(part);
  }
  endRun();
  return writes;
}

function toBuffer(chunk: string | Buffer): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

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
  private parts: Part[] = [];
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

  /**
   * Drops every line so far: the destination, if open, is destroyed with DiscardedOutput (so it
   * is never committed) and this waits until it has closed. The output is then unopened again: a
   * later line opens a new destination.
   */
  async discard(): Promise<void> {
    for (const { release } of this.parts) release?.();
    this.parts = [];
    this.partsLength = 0;
    this.pending = "";
    const { gzip, done } = this;
    this.gzip = null;
    this.done = null;
    this.failure = null;
    if (!gzip || !done) return;
    gzip.destroy(new DiscardedOutput(this.kind));
    await done.catch(() => undefined);
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
    for (const { chunk, release } of coalesced(parts))
      // The write callback runs once zlib has consumed the chunk (or the stream failed).
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
    const done = pipeline(gzip, destination);
    this.done = done;
    done.catch((error: unknown) => {
      // A discarded pipeline's failure is no failure of the output opened after it.
      if (this.done === done) this.failure = error;
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
