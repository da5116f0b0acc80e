/**
 * NDJSON: one JSON value a line. A broken line is one rejection and the next line starts afresh,
 * which is why NDJSON is parsed line by line rather than as a JSON stream.
 */
import { FastLane, type LaneRun } from "../lanes/fast-lane";
import { LineSplitter, type LineHandler } from "../lines";
import { truncateRaw } from "../raw-text";
import { reason, type Reason } from "../reasons";
import { JsonRecordMapper } from "./json-record";
import type { ContentParser, ParserContext } from "./parser";

export class NdjsonParser implements ContentParser, LineHandler {
  private readonly lines: LineSplitter;
  private readonly mapper: JsonRecordMapper;
  /** Flat records go through the fast lane (see lanes/fast-lane.ts); null when unavailable. */
  private lane: FastLane | null | undefined = undefined;

  constructor(private readonly context: ParserContext) {
    this.lines = new LineSplitter(context.maxLineBytes, this);
    this.mapper = new JsonRecordMapper(context);
  }

  push(chunk: Buffer): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  dispose(): void {
    this.lane?.release();
    this.lane = null;
  }

  takePending(): string {
    return this.lines.takePending();
  }

  fastLines(chunk: Buffer, from: number, to: number, lineNumber: number): LaneRun | null {
    if (!this.context.fastLanes) return null;
    const { sink, reading, maxLineBytes } = this.context;
    if (this.lane === undefined) this.lane = FastLane.forNdjson(sink, reading, maxLineBytes);
    if (!this.lane?.active) return null;
    return this.lane.lines(chunk, from, to, lineNumber);
  }

  badLine(lineNumber: number, why: Reason, raw: string): void {
    this.context.sink.read(1);
    this.context.sink.reject(lineNumber, why, raw);
  }

  line(text: string, lineNumber: number): void {
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.badLine(lineNumber, reason("BROKEN_JSON"), truncateRaw(text));
      return;
    }
    this.mapper.value(value, lineNumber, () => text);
  }
}
