/**
 * A JSON document (an array of readings, a SenML pack, an object with a `readings`/`data`/
 * `metrics` array, or several such values one after another), read as a stream: a small scanner
 * finds where each array element starts and ends, and only that element is buffered and parsed.
 * An array element that is itself an array (Home Assistant history: one per entity; several
 * SenML packs) is streamed the same way, one level deep. Memory is bounded by MAX_LINE_BYTES
 * (plus the Home Assistant states waiting for their unit, home-assistant.ts), not by the document.
 */
import { growHead, lossyText, RAW_HEAD_BYTES, truncateRaw } from "../raw-text";
import { reason, type Reason } from "../reasons";
import { BATCH_KEYS, JsonRecordMapper } from "./json-record";
import type { ContentParser, ParserContext } from "./parser";
import { isSenmlRecord, SenmlPack } from "./senml";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MAX_KEY_BYTES = 32;
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where the scanner is inside a top-level object: looking for the batch key. */
const enum KeyState {
  ExpectKey,
  InKey,
  ExpectColon,
  ExpectValue,
  InValue,
}

export class JsonDocumentParser implements ContentParser {
  private readonly mapper: JsonRecordMapper;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth of the array whose elements are records (1 top-level array, 2 batch in an object); 0 none. */
  private elementDepth = 0;
  private topIsObject = false;
  /** The top-level object turned out to hold a batch, so it is not itself a record. */
  private topIsBatch = false;
  private keyState = KeyState.ExpectKey;
  private key: number[] = [];
  private capturing = false;
  private captureStart = 0;
  private parts: Buffer[] = [];
  private captured = 0;
  private overflowHead: Buffer | null = null;
  private recordNumber = 0;
  /** SenML state of the current array, decided by its first object element. */
  private pack: SenmlPack | null | undefined;
  /**
   * Inside an array that is an element of the record array (`[[…],[…]]`: Home Assistant history,
   * one array per entity; several SenML packs): its elements are streamed as records too, so one
   * entity's history is not bounded by MAX_LINE_BYTES. One level deep only.
   */
  private nested = false;
  /** The record array's SenML state while a nested array is read. */
  private outerPack: SenmlPack | null | undefined;
  private broken = false;
  /** After a structural error: why, the text before it, and the head of everything after it. */
  private breakage: { why: Reason; before: string; head: Buffer } | null = null;

  constructor(private readonly context: ParserContext) {
    this.mapper = new JsonRecordMapper(context);
  }

  push(chunk: Buffer): void {
    if (this.breakage) {
      this.breakage.head = growHead(this.breakage.head, chunk);
      return;
    }
    if (this.broken) return;
    this.captureStart = 0;
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      const byte = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.inString = false;
          if (this.keyState === KeyState.InKey && this.depth === 1 && this.topIsObject)
            this.keyState = KeyState.ExpectColon;
        } else if (
          this.keyState === KeyState.InKey &&
          this.depth === 1 &&
          this.key.length < MAX_KEY_BYTES
        )
          this.key.push(byte);
        continue;
      }
      if (isSpace(byte)) continue;
      if (this.depth === 0) {
        if (!this.openTopLevel(byte, chunk, i)) return;
        continue;
      }
      const atElementLevel = this.depth === this.elementDepth;
      if (atElementLevel && (byte === COMMA || byte === CLOSE_ARRAY)) {
        if (this.capturing) this.endElement(chunk, i);
        if (byte === CLOSE_ARRAY && this.nested) {
          this.closeNested();
          continue;
        }
        if (byte === CLOSE_ARRAY) {
          this.depth--;
          this.elementDepth = 0;
          this.pack = undefined;
          if (this.depth === 0) this.topLevelClosed(chunk, i, CLOSE_ARRAY);
          else this.keyState = KeyState.InValue;
          if (this.broken) return;
        }
        continue;
      }
      if (atElementLevel && byte === CLOSE_OBJECT) {
        this.breakAt(chunk, i);
        return;
      }
      if (atElementLevel && !this.capturing && byte === OPEN_ARRAY && !this.nested) {
        this.openNested();
        continue;
      }
      if (atElementLevel && !this.capturing) this.startCapture(i);
      if (this.depth === 1 && this.topIsObject && this.elementDepth === 0) this.objectMember(byte);
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) this.depth++;
      else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
        this.depth--;
        if (this.depth === 0) this.topLevelClosed(chunk, i, byte);
        if (this.broken) return;
      }
    }
    if (this.capturing) this.keep(chunk.subarray(this.captureStart));
  }

  end(): void {
    this.mapper.endSeries();
    this.reportBreakage();
    if (this.broken) return;
    if (this.capturing) {
      this.capturing = false;
      this.rejectRecord(
        reason("BROKEN_JSON", "the document ends inside this record"),
        this.takeCaptured(),
      );
    } else if (this.depth > 0 || this.inString) {
      this.context.sink.read(1);
      this.context.sink.reject(
        null,
        reason("BROKEN_JSON", "the document ends before its closing bracket"),
        "",
      );
    }
  }

  takePending(): string {
    this.reportBreakage();
    const text = this.capturing ? this.takeCaptured() : "";
    this.capturing = false;
    this.broken = true;
    return truncateRaw(text);
  }

  /** An array element of the record array opens: its elements are the records now. */
  private openNested(): void {
    this.nested = true;
    this.depth++;
    this.elementDepth++;
    this.outerPack = this.pack;
    this.pack = undefined;
    this.mapper.startSeries();
  }

  private closeNested(): void {
    this.mapper.endSeries();
    this.nested = false;
    this.depth--;
    this.elementDepth--;
    this.pack = this.outerPack;
  }

  /** A byte at depth 0 starts a value; anything but `[` or `{` means the document is broken. */
  private openTopLevel(byte: number, chunk: Buffer, i: number): boolean {
    if (byte === OPEN_ARRAY) {
      this.depth = 1;
      this.elementDepth = 1;
      this.topIsObject = false;
      this.pack = undefined;
      return true;
    }
    if (byte === OPEN_OBJECT) {
      this.depth = 1;
      this.topIsObject = true;
      this.topIsBatch = false;
      this.keyState = KeyState.ExpectKey;
      this.startCapture(i);
      return true;
    }
    this.broken = true;
    this.breakage = {
      why: reason("BROKEN_JSON", "unexpected text after the JSON value"),
      before: "",
      head: growHead(Buffer.alloc(0), chunk.subarray(i)),
    };
    return false;
  }

  /** Tracks keys of the top-level object to find its batch array. */
  private objectMember(byte: number): void {
    switch (this.keyState) {
      case KeyState.ExpectKey:
        if (byte === QUOTE) {
          this.keyState = KeyState.InKey;
          this.key = [];
        }
        return;
      case KeyState.ExpectColon:
        if (byte === COLON) this.keyState = KeyState.ExpectValue;
        return;
      case KeyState.ExpectValue:
        this.keyState = KeyState.InValue;
        if (byte === OPEN_ARRAY && BATCH_KEYS.includes(Buffer.from(this.key).toString("utf8"))) {
          this.topIsBatch = true;
          this.capturing = false;
          this.parts = [];
          this.captured = 0;
          this.overflowHead = null;
          this.elementDepth = 2;
          this.pack = undefined;
        }
        return;
      case KeyState.InValue:
        if (byte === COMMA) this.keyState = KeyState.ExpectKey;
        return;
      default:
        return;
    }
  }

  private topLevelClosed(chunk: Buffer, i: number, byte: number): void {
    if (!this.topIsObject) {
      if (byte !== CLOSE_ARRAY) this.breakAt(chunk, i);
      return;
    }
    this.topIsObject = false;
    if (byte !== CLOSE_OBJECT) {
      this.breakAt(chunk, i);
      return;
    }
    if (!this.topIsBatch) this.endElement(chunk, i + 1);
  }

  /** A structural error: the record being read and the rest of the document are one rejection. */
  private breakAt(chunk: Buffer, i: number): void {
    let before = "";
    if (this.capturing) {
      this.keep(chunk.subarray(this.captureStart, i));
      before = this.takeCaptured();
      this.capturing = false;
    }
    this.breakage = {
      why: reason("BROKEN_JSON", "mismatched closing bracket"),
      before,
      head: growHead(Buffer.alloc(0), chunk.subarray(i)),
    };
    this.broken = true;
    this.depth = 0;
  }

  /** The rest of the document after a structural error is one rejected record. */
  private reportBreakage(): void {
    if (!this.breakage) return;
    const { why, before, head } = this.breakage;
    this.breakage = null;
    this.rejectRecord(why, before + lossyText(head));
  }

  private startCapture(i: number): void {
    this.capturing = true;
    this.captureStart = i;
    this.parts = [];
    this.captured = 0;
    this.overflowHead = null;
  }

  private keep(bytes: Buffer): void {
    if (this.overflowHead) {
      this.overflowHead = growHead(this.overflowHead, bytes);
      return;
    }
    this.parts.push(Buffer.from(bytes));
    this.captured += bytes.length;
    if (this.captured > this.context.maxLineBytes) {
      this.overflowHead = Buffer.concat(this.parts).subarray(0, RAW_HEAD_BYTES);
      this.parts = [];
    }
  }

  private takeCaptured(): string {
    const bytes = this.overflowHead ?? Buffer.concat(this.parts);
    this.parts = [];
    this.overflowHead = null;
    return lossyText(bytes);
  }

  private rejectRecord(why: Reason, raw: string): void {
    this.recordNumber++;
    this.context.sink.read(1);
    this.context.sink.reject(this.recordNumber, why, truncateRaw(raw));
  }

  /** The record ends before chunk[end]: parse it and hand it on. */
  private endElement(chunk: Buffer, end: number): void {
    this.keep(chunk.subarray(this.captureStart, end));
    this.capturing = false;
    if (this.overflowHead) {
      this.rejectRecord(
        reason("LINE_TOO_LONG", "the JSON record is longer than MAX_LINE_BYTES"),
        this.takeCaptured(),
      );
      return;
    }
    const bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    let text: string;
    try {
      text = strict.decode(bytes);
    } catch {
      this.rejectRecord(reason("INVALID_UTF8"), lossyText(bytes));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.rejectRecord(reason("BROKEN_JSON"), text);
      return;
    }
    const sourceLine = ++this.recordNumber;
    const raw = () => text;
    // A top-level record, or a batch object. An array deeper than a nested one is no record.
    if (this.elementDepth === 0) {
      this.mapper.value(value, sourceLine, raw);
      return;
    }
    if (
      this.pack === undefined &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value)
    )
      this.pack = isSenmlRecord(value) ? new SenmlPack(this.context) : null;
    if (this.pack) this.pack.record(value, sourceLine, raw);
    else this.mapper.record(value, sourceLine, raw);
  }
}
