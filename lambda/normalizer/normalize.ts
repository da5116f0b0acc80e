/**
 * The pure streaming core: raw object bytes in, canonical rows and rejections out as gzip NDJSON.
 * No AWS here: the Lambda handler, `sensorctl normalize`, the local pipeline and replay share it.
 */
import { Writable } from "node:stream";
import type { CanonicalReading } from "../../contract/reading";
import { ByteReader } from "./byte-reader";
import { DetectingParser, type DetectedFormat } from "./detect";
import { GzipContentError, gzipMembers, startsLikeGzip, type TrailingBytes } from "./gzip-members";
import type { EncodedSink } from "./lanes/fast-lane";
import { lineFeeds } from "./line-ends";
import { LazyGzipOutput, type OpenOutput, type OutputKind } from "./output";
import type { ParserContext } from "./parsers/parser";
import { truncateRaw } from "./raw-text";
import type { RecordSink } from "./reading";
import { reason, type Reason, type RejectionCode } from "./reasons";
import { ReadingSerializer, rejectedLine } from "./serialize";
import type { NormalizerSettings } from "./settings";
import { TrailingLines } from "./trailing-bytes";

/** The content rules for one object. */
export interface NormalizeOptions {
  /** IANA zone for timestamps without an offset. */
  readonly defaultTimeZone: string;
  /** Longest line or JSON record in bytes. */
  readonly maxLineBytes: number;
  /** Plausible observed_at: at most this many days before `referenceTime`… */
  readonly timestampMaxAgeDays: number;
  /** …and at most this many minutes after it. */
  readonly timestampMaxFutureMinutes: number;
  /**
   * The raw object's upload time (S3 LastModified; a file's mtime in the CLI). Anchors the
   * plausibility window and SenML relative times, so the same object version always gives the
   * same rows whenever it is processed.
   */
  readonly referenceTime: Date;
  /** gzip level of both outputs. @default 1 (see README: compression is the throughput floor) */
  readonly gzipLevel?: number;
  /**
   * Whether plain CSV and NDJSON rows may take the WebAssembly fast lanes (lanes/README.md). The
   * output is byte-identical either way; off is the reference the tests compare against.
   * @default true
   */
  readonly fastLanes?: boolean;
  /** The most one object may be; past any of them it is rejected whole (OBJECT_TOO_LARGE). @default no limit */
  readonly limits?: ObjectLimits;
}

/** Work bounds per object (settings MAX_OBJECT_BYTES, MAX_DECOMPRESSED_BYTES, MAX_RECORDS_PER_OBJECT). */
export interface ObjectLimits {
  /** Bytes of the object as stored (compressed for gzip), checked up front and while reading. */
  readonly maxObjectBytes: number;
  /** Bytes after decompression (the object's own size when it is not gzip). */
  readonly maxDecompressedBytes: number;
  /** Records read. */
  readonly maxRecords: number;
}

/** What to normalize and where the outputs go. */
export interface NormalizeInput {
  /** Raw object key, written to every row's source_key. */
  readonly sourceKey: string;
  /** Gateway from the key (`raw/<gateway_id>/…`); null rejects the whole object (NO_GATEWAY_IN_KEY). */
  readonly gatewayId: string | null;
  readonly options: NormalizeOptions;
  /** Opens an output on its first line; an output without lines is never opened. */
  readonly openOutput: OpenOutput;
  /**
   * The object's size as the store reports it (S3 ContentLength): checked against
   * `limits.maxObjectBytes` before reading, and against the bytes read at the end, where a
   * difference is a read failure (the promise rejects) rather than a short object.
   */
  readonly expectedBytes?: number;
  /**
   * Aborted when the caller's time runs out (the Lambda handler aborts it well before the
   * function's timeout): reading stops and the object is rejected whole (OBJECT_TOO_LARGE), so
   * the outputs are settled instead of left half written by a timeout.
   */
  readonly signal?: AbortSignal;
}

/** Per-object counts; always `records === accepted + rejected`. */
export interface NormalizeCounts {
  /** Records read (a wide row counts once per non-empty metric cell; a whole-file failure counts 1). */
  readonly records: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Partial<Record<RejectionCode, number>>>;
  /** Bytes read from the source (compressed size for gzip). */
  readonly bytesRead: number;
  readonly format: DetectedFormat;
  readonly gzip: boolean;
}

/** The outcome: counts and which outputs were written. */
export interface NormalizeResult {
  readonly counts: NormalizeCounts;
  readonly wrote: Readonly<Record<OutputKind, boolean>>;
}

/** Builds the options from the Lambda settings and the object's upload time. */
export function optionsFromSettings(
  settings: NormalizerSettings,
  referenceTime: Date,
): NormalizeOptions {
  return {
    defaultTimeZone: settings.defaultTimeZone,
    maxLineBytes: settings.maxLineBytes,
    timestampMaxAgeDays: settings.timestampMaxAgeDays,
    timestampMaxFutureMinutes: settings.timestampMaxFutureMinutes,
    referenceTime,
    limits: {
      maxObjectBytes: settings.maxObjectBytes,
      maxDecompressedBytes: settings.maxDecompressedBytes,
      maxRecords: settings.maxRecordsPerObject,
    },
  };
}

/** The source failed (for example an S3 read error): a real failure, never a content problem. */
class SourceFailure extends Error {
  constructor(readonly original: unknown) {
    super("source read failed");
  }
}

/**
 * The source's chunks as Buffers, counting their bytes; a read failure is rethrown as a
 * SourceFailure so it is never mistaken for bad content.
 */
async function* countedSourceChunks(
  source: AsyncIterable<Uint8Array>,
  count: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) {
      count(chunk.byteLength);
      yield Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (error) {
    throw new SourceFailure(error);
  }
}

/**
 * The object's text: decompressed member by member when the bytes start with the gzip magic
 * number, whatever the key says; plain bytes after the last member go to `onTrailing`.
 */
async function* decompressed(
  source: AsyncGenerator<Buffer>,
  onGzip: () => void,
  onTrailing: (trailing: TrailingBytes) => void,
): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source);
  const head = await reader.take(2);
  reader.unshift(head);
  if (!startsLikeGzip(head)) {
    yield* reader.rest();
    return;
  }
  onGzip();
  yield* gzipMembers(reader, onTrailing);
}

/**
 * The parsers' sink: writes each accepted reading to the normalized output and each rejection to the
 * rejected output, and tallies both for the result.
 */
class OutputWriter implements RecordSink, EncodedSink {
  records = 0;
  accepted = 0;
  rejected = 0;
  readonly byReason: Partial<Record<RejectionCode, number>> = {};
  private readonly serializer = new ReadingSerializer();

  constructor(
    private readonly sourceKey: string,
    private readonly normalized: LazyGzipOutput,
    private readonly rejectedOutput: LazyGzipOutput,
  ) {}

  read(count: number): void {
    this.records += count;
  }

  accept(reading: CanonicalReading): void {
    this.accepted++;
    this.normalized.add(this.serializer.line(reading));
  }

  acceptEncoded(count: number, ndjson: Buffer, release: () => void): void {
    this.accepted += count;
    this.normalized.addBytes(ndjson, release);
  }

  reject(sourceLine: number | null, why: Reason, raw: string): void {
    this.rejected++;
    this.byReason[why.code] = (this.byReason[why.code] ?? 0) + 1;
    this.rejectedOutput.add(
      rejectedLine({
        source_key: this.sourceKey,
        source_line: sourceLine,
        reason: why,
        raw: truncateRaw(raw),
      }),
    );
  }

  /** A whole-object failure: one record, one rejection without a line number. */
  rejectFile(why: Reason, raw: string): void {
    this.read(1);
    this.reject(null, why, raw);
  }

  /** Forgets every record so far: the object is about to be rejected whole, as one record. */
  forget(): number {
    const records = this.records;
    this.records = 0;
    this.accepted = 0;
    this.rejected = 0;
    for (const code of Object.keys(this.byReason)) delete this.byReason[code as RejectionCode];
    return records;
  }
}

const DAY_MS = 86_400_000;

/**
 * Normalizes one raw object. Resolves when both outputs are completely written; rejects only for a
 * real failure (the source or a destination failed), never for bad content.
 */
export async function normalizeObject(
  bytes: AsyncIterable<Uint8Array>,
  input: NormalizeInput,
): Promise<NormalizeResult> {
  const { options, sourceKey } = input;
  const level = options.gzipLevel ?? 1;
  const normalized = new LazyGzipOutput("normalized", input.openOutput, level);
  const rejected = new LazyGzipOutput("rejected", input.openOutput, level);
  const writer = new OutputWriter(sourceKey, normalized, rejected);
  let bytesRead = 0;
  let gzip = false;
  let format: DetectedFormat = "none";
  let parser: DetectingParser | null = null;

  if (input.gatewayId === null) {
    writer.rejectFile(
      reason("NO_GATEWAY_IN_KEY", `expected raw/<gateway_id>/<name>, got ${sourceKey}`),
      "",
    );
  } else {
    const referenceMs = options.referenceTime.getTime();
    const context: ParserContext = {
      sink: writer,
      maxLineBytes: options.maxLineBytes,
      referenceMs,
      fastLanes: options.fastLanes ?? true,
      reading: {
        gatewayId: input.gatewayId,
        sourceKey,
        timeZone: options.defaultTimeZone,
        earliestMs: referenceMs - options.timestampMaxAgeDays * DAY_MS,
        latestMs: referenceMs + options.timestampMaxFutureMinutes * 60_000,
      },
    };
    /**
     * Rejects the object whole, as one record: rows already written could be garbage (a damaged
     * gzip block inflates to plausible text before the checksum fails) or a fraction of the
     * object, so both outputs are discarded, never committed, and the one rejection says so.
     */
    const rejectWhole = async (code: RejectionCode, raw: string, detail?: string) => {
      const forgotten = writer.forget();
      await Promise.all([normalized.discard(), rejected.discard()]);
      const note =
        forgotten > 0
          ? `the ${forgotten} record(s) read before it are discarded with the object; fix it and upload it again`
          : "";
      const message = [detail, note].filter(Boolean).join("; ");
      writer.rejectFile(reason(code, message || undefined), raw);
    };
    const detecting = new DetectingParser(context, sourceKey);
    parser = detecting;
    const limits = options.limits;
    const source = countedSourceChunks(bytes, (n) => (bytesRead += n));
    let decompressedBytes = 0;
    /** Why reading stopped early, if it did. */
    let overLimit: string | null =
      limits && input.expectedBytes !== undefined && input.expectedBytes > limits.maxObjectBytes
        ? `${input.expectedBytes} bytes, more than MAX_OBJECT_BYTES=${limits.maxObjectBytes}`
        : null;
    const check = (): string | null => {
      if (input.signal?.aborted)
        return `the function's time ran out after ${bytesRead} bytes and ${writer.records} records`;
      if (!limits) return null;
      if (bytesRead > limits.maxObjectBytes)
        return `more than MAX_OBJECT_BYTES=${limits.maxObjectBytes} bytes`;
      if (decompressedBytes > limits.maxDecompressedBytes)
        return `more than MAX_DECOMPRESSED_BYTES=${limits.maxDecompressedBytes} bytes of text`;
      if (writer.records > limits.maxRecords)
        return `more than MAX_RECORDS_PER_OBJECT=${limits.maxRecords} records`;
      return null;
    };
    /** Feeds `chunks` to `push` until they end or a limit is passed; returns which limit. */
    const consume = async (
      chunks: AsyncIterable<Buffer>,
      push: (chunk: Buffer) => void,
    ): Promise<string | null> => {
      for await (const chunk of chunks) {
        decompressedBytes += chunk.length;
        push(chunk);
        const passed = check();
        if (passed !== null) return passed;
        if (normalized.full) await normalized.flush();
        if (rejected.full) await rejected.flush();
      }
      return null;
    };
    /** Set when plain bytes follow the gzip data. */
    const trailing: { bytes?: TrailingBytes } = {};
    const text = decompressed(
      source,
      () => (gzip = true),
      (bytes) => (trailing.bytes = bytes),
    );
    try {
      if (overLimit === null) overLimit = await consume(lineFeeds(text), (c) => detecting.push(c));
      if (overLimit === null) {
        parser.end();
        const after = trailing.bytes;
        if (after) {
          const lines = new TrailingLines(writer, after.offset);
          overLimit = await consume(after.chunks, (c) => lines.push(c));
          if (overLimit === null) lines.end();
        }
      }
      if (overLimit === null) {
        if (input.expectedBytes !== undefined && bytesRead !== input.expectedBytes)
          throw new Error(
            `read ${bytesRead} of the ${input.expectedBytes} bytes of ${sourceKey}: the body ended early`,
          );
      } else
        await rejectWhole(
          "OBJECT_TOO_LARGE",
          "",
          `${overLimit}; split the upload into smaller objects, or raise the limit and the ` +
            "function's memory and timeout together (lambda/normalizer/README.md, Limits)",
        );
    } catch (error) {
      if (error instanceof SourceFailure) throw error.original;
      if (!(error instanceof GzipContentError)) throw error;
      await rejectWhole(error.code, parser.takePending(), error.detail);
    }
    format = parser.format;
    if (writer.records === 0) writer.rejectFile(reason("EMPTY_FILE"), "");
  }
  await Promise.all([normalized.close(), rejected.close()]);
  parser?.dispose();
  return {
    counts: {
      records: writer.records,
      accepted: writer.accepted,
      rejected: writer.rejected,
      rejectedByReason: { ...writer.byReason },
      bytesRead,
      format,
      gzip,
    },
    wrote: { normalized: normalized.opened, rejected: rejected.opened },
  };
}

/** Collects both outputs in memory: for tests, the local pipeline and small objects. */
export async function normalizeToBuffers(
  bytes: AsyncIterable<Uint8Array>,
  input: Omit<NormalizeInput, "openOutput">,
): Promise<NormalizeResult & { readonly outputs: Readonly<Partial<Record<OutputKind, Buffer>>> }> {
  const chunks: Record<OutputKind, Buffer[]> = { normalized: [], rejected: [] };
  const result = await normalizeObject(bytes, {
    ...input,
    openOutput: (kind): Writable => {
      // Opened again after a discard: only the last destination's bytes count.
      const mine: Buffer[] = [];
      chunks[kind] = mine;
      return new Writable({
        write(chunk: Buffer, _encoding, callback) {
          mine.push(chunk);
          callback();
        },
      });
    },
  });
  const outputs: Partial<Record<OutputKind, Buffer>> = {};
  for (const kind of ["normalized", "rejected"] as const)
    if (result.wrote[kind]) outputs[kind] = Buffer.concat(chunks[kind]);
  return { ...result, outputs };
}
