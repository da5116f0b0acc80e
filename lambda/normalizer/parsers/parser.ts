import type { EncodedSink } from "../lanes/fast-lane";
import type { ReadingContext, RecordSink } from "../reading";

/** A format parser: bytes in (already decompressed, BOM removed), records out to the sink. */
export interface ContentParser {
  push(chunk: Buffer): void;
  /** The input ended normally: flush the last record. */
  end(): void;
  /** The input was cut short: forget the unfinished record and return its text. */
  takePending(): string;
  /** The object's outputs are closed: let go of what may serve the next object (a fast lane). */
  dispose?(): void;
}

/** What a parser needs besides bytes. */
export interface ParserContext {
  readonly sink: RecordSink & EncodedSink;
  readonly reading: ReadingContext;
  readonly maxLineBytes: number;
  /** Epoch ms that SenML relative times count from: the raw object's upload time. */
  readonly referenceMs: number;
  /** Whether line parsers may use the fast lanes (lanes/): same output, less CPU. */
  readonly fastLanes: boolean;
}
