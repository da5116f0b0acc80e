/**
 * gzip input read member by member, so the rows of valid members survive plain bytes appended
 * after them (`cat a.csv.gz b.csv`). Node's gunzip stream raises Z_DATA_ERROR on such bytes and
 * drops the output of the whole write that held them, valid members' text included.
 *
 * The member layout is RFC 1952 §2.3 (https://www.rfc-editor.org/rfc/rfc1952#section-2.3):
 * ID1 ID2 CM FLG MTIME(4) XFL OS, then FEXTRA (XLEN + bytes), FNAME and FCOMMENT (zero-terminated)
 * and FHCRC (low 16 bits of the CRC-32 of the header so far) as FLG says, the deflate data, and
 * the trailer CRC32 + ISIZE (little-endian; ISIZE is the text's length mod 2^32). Whole valid
 * members are inflated in batches by zlib's own gzip wrapper (fast, and it checks them); the
 * members around a problem or cut by a chunk are inflated raw by native zlib, and this module
 * checks their headers and trailers itself as that wrapper does (method, reserved FLG bits,
 * header CRC, CRC-32, ISIZE), so it finds where the gzip data ends and says what is wrong.
 */
import {
  constants,
  crc32,
  createInflateRaw,
  gunzipSync,
  inflateRawSync,
  type Gunzip,
  type InflateRaw,
} from "node:zlib";
import type { ByteReader } from "./byte-reader";

const ID1 = 0x1f;
const ID2 = 0x8b;
const CM_DEFLATE = 8;
const FHCRC = 1 << 1;
const FEXTRA = 1 << 2;
const FNAME = 1 << 3;
const FCOMMENT = 1 << 4;
/** FLG bits 5–7: "a compliant decompressor must give an error indication if any reserved bit is non-zero" (§2.3.1.2). */
const FLG_RESERVED = 0xe0;
const FIXED_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;
/**
 * A longer header (FEXTRA is at most 65 537 bytes; FNAME and FCOMMENT are unbounded) is rejected
 * rather than buffered: no gzip writer puts a megabyte of name or comment in a header.
 */
const MAX_HEADER_BYTES = 1024 * 1024;
const ISIZE_MODULUS = 2 ** 32;
/** Output per inflate step; larger than Node's 16 KiB default to cut the threadpool round trips. */
const INFLATE_CHUNK_BYTES = 64 * 1024;
/** Most text inflated on the main thread in one go, member by member (see `memberAtHand`). */
const AT_HAND_MAX_TEXT_BYTES = 1024 * 1024;
/** Most text inflated on the main thread in one go, many members at once (see `membersBeforeLast`). */
const BATCH_MAX_TEXT_BYTES = 8 * 1024 * 1024;
/** ID1 ID2 CM: how every member starts, and how the last one in a chunk is found. */
const MEMBER_START = Buffer.from([ID1, ID2, CM_DEFLATE]);

/** The gzip layer failed: a content problem, reported as one whole-file rejection. */
export class GzipContentError extends Error {
  constructor(
    readonly code: "CORRUPT_GZIP" | "TRUNCATED_GZIP",
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Plain bytes after the last gzip member: not guessed at, each line is rejected. */
export interface TrailingBytes {
  /** Position of their first byte in the object. */
  readonly offset: number;
  readonly chunks: AsyncGenerator<Buffer>;
}

/** Whether the bytes start with the gzip magic number. */
export function startsLikeGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === ID1 && bytes[1] === ID2;
}

/** Where a problem is, for the rejection message: the member's first byte in the object. */
function where(start: number): string {
  return `the gzip member at byte ${start}`;
}

/**
 * The length of the member header at the start of `bytes`, or null when they end before it does;
 * throws for a header zlib's gzip wrapper would refuse (method, reserved flags, header CRC). The
 * answer for a prefix of the bytes never contradicts the answer for all of them, so it does not
 * depend on how the object was cut into chunks.
 */
function headerLength(bytes: Buffer, at: string): number | null {
  const corrupt = (what: string) => new GzipContentError("CORRUPT_GZIP", `${at} ${what}`);
  if (bytes.length < FIXED_HEADER_BYTES) return null;
  if (bytes[2] !== CM_DEFLATE) throw corrupt(`has compression method ${bytes[2]}, not 8`);
  const flags = bytes[3];
  if (flags & FLG_RESERVED) throw corrupt("sets reserved header flags");
  const length = optionalFieldsEnd(bytes, flags);
  if (length === null ? bytes.length > MAX_HEADER_BYTES : length > MAX_HEADER_BYTES)
    throw corrupt(`has a header longer than ${MAX_HEADER_BYTES} bytes`);
  if (length === null || !(flags & FHCRC)) return length;
  if (bytes.readUInt16LE(length - 2) !== (crc32(bytes.subarray(0, length - 2)) & 0xffff))
    throw corrupt("fails its header CRC");
  return length;
}

/** Where FEXTRA, FNAME, FCOMMENT and FHCRC end as FLG says, or null past the end of `bytes`. */
function optionalFieldsEnd(bytes: Buffer, flags: number): number | null {
  let end = FIXED_HEADER_BYTES;
  if (flags & FEXTRA) {
    if (bytes.length < end + 2) return null;
    end += 2 + bytes.readUInt16LE(end);
  }
  for (const field of [FNAME, FCOMMENT])
    if (flags & field) {
      const zero = end < bytes.length ? bytes.indexOf(0, end) : -1;
      if (zero === -1) return null;
      end = zero + 1;
    }
  if (flags & FHCRC) end += 2;
  return end <= bytes.length ? end : null;
}

/**
 * Reads one member header from `reader`, however it is cut into chunks. The bytes are parsed
 * again only when they have doubled, so a long header in small chunks costs linear time.
 */
async function readHeader(reader: ByteReader, at: string): Promise<void> {
  const parts: Buffer[] = [];
  let size = 0;
  let parseAt = FIXED_HEADER_BYTES;
  for (;;) {
    const chunk = await reader.chunk();
    if (chunk !== null) {
      parts.push(chunk);
      size += chunk.length;
      if (size < parseAt) continue;
    }
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
    parts.splice(0, parts.length, bytes);
    const length = headerLength(bytes, at);
    if (length !== null) {
      reader.unshift(bytes.subarray(length));
      return;
    }
    if (chunk === null)
      throw new GzipContentError("TRUNCATED_GZIP", `${at} ends inside its header`);
    parseAt = size * 2;
  }
}

/** Checks a member's trailer (CRC32, ISIZE) against the text it inflated to. */
function checkTrailer(trailer: Buffer, crc: number, size: number, at: string): void {
  if (trailer.readUInt32LE(0) !== crc)
    throw new GzipContentError("CORRUPT_GZIP", `${at} fails its CRC-32 check`);
  if (trailer.readUInt32LE(4) !== size % ISIZE_MODULUS)
    throw new GzipContentError("CORRUPT_GZIP", `${at} is not the length its trailer says`);
}

/** A zlib error as a content problem; anything else (a source failure) passes through. */
function contentError(error: unknown, at: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("Z_")) return error;
  // Z_BUF_ERROR: the object ended before the deflate data did.
  return code === "Z_BUF_ERROR"
    ? new GzipContentError("TRUNCATED_GZIP", `${at} ends inside its data`)
    : new GzipContentError("CORRUPT_GZIP", `${at}: ${(error as Error).message}`);
}

/**
 * Inflates one member's deflate data as a stream, yielding its text; the bytes after the data are
 * handed back to `reader`. Input goes in one chunk at a time, so after each write `bytesWritten`
 * (the input zlib consumed, https://nodejs.org/api/zlib.html#zlibbyteswritten) shows whether the
 * deflate data ended inside that chunk, and where.
 */
async function* streamBody(reader: ByteReader, at: string): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
  let fed = 0;
  const feeding = (async () => {
    for (;;) {
      const chunk = await reader.chunk();
      if (chunk === null) {
        inflate.end();
        return;
      }
      fed += chunk.length;
      await new Promise<void>((resolve, reject) =>
        inflate.write(chunk, (error) => (error ? reject(error) : resolve())),
      );
      // zlib stops consuming at the end of the deflate data, also at a chunk's very start.
      const unconsumed = fed - inflate.bytesWritten;
      if (unconsumed > 0) {
        reader.unshift(chunk.subarray(chunk.length - unconsumed));
        inflate.end();
        return;
      }
    }
  })();
  // A source failure ends the output loop below with the same error.
  feeding.catch((error: Error) => inflate.destroy(error));
  try {
    for await (const text of inflate) yield text as Buffer;
  } catch (error) {
    throw contentError(error, at);
  }
  await feeding;
}

/**
 * The member at the start of `bytes` when all of it (header, deflate data, trailer) is there and
 * it inflates to at most AT_HAND_MAX_TEXT_BYTES: inflated on the main thread in one call, since a
 * stream per member costs 40–70 µs of set-up and threadpool round trips, a lot for a file of many
 * small members (a gateway appending one member per batch). `info` returns the engine, whose
 * `bytesWritten` is the input consumed; Z_SYNC_FLUSH makes deflate data that goes on past the
 * bytes no error (https://nodejs.org/api/zlib.html#class-options). Null otherwise: the stream
 * reads the member from its start, so a member's outcome never depends on the chunks.
 */
function memberAtHand(bytes: Buffer, at: string): { text: Buffer; length: number } | null {
  const header = headerLength(bytes, at);
  if (header === null || header === bytes.length) return null;
  const data = bytes.subarray(header);
  let inflated: { buffer: Buffer; engine: InflateRaw };
  try {
    inflated = inflateRawSync(data, {
      info: true,
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: AT_HAND_MAX_TEXT_BYTES,
    }) as unknown as { buffer: Buffer; engine: InflateRaw };
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") return null;
    throw contentError(error, at);
  }
  // zlib consumes every byte unless the deflate data ends first: no room for a trailer then.
  const trailerAt = header + inflated.engine.bytesWritten;
  if (trailerAt + TRAILER_BYTES > bytes.length) return null;
  const text = inflated.buffer;
  checkTrailer(bytes.subarray(trailerAt, trailerAt + TRAILER_BYTES), crc32(text), text.length, at);
  return { text, length: trailerAt + TRAILER_BYTES };
}

/** A member read as a stream: its header, its text as it inflates, its trailer. */
async function* streamedMember(reader: ByteReader, at: string): AsyncGenerator<Buffer> {
  await readHeader(reader, at);
  let crc = 0;
  let size = 0;
  for await (const text of streamBody(reader, at)) {
    crc = crc32(text, crc);
    size += text.length;
    yield text;
  }
  const trailer = await reader.take(TRAILER_BYTES);
  if (trailer.length < TRAILER_BYTES)
    throw new GzipContentError("TRUNCATED_GZIP", `${at} ends inside its trailer`);
  checkTrailer(trailer, crc, size, at);
}

/**
 * What follows a member: `member` (the gzip magic), `trailing` (other bytes; handed back), or
 * `end`. NUL bytes are padding and skipped ("trailing zero bytes ignored", as gzip(1) says).
 */
async function afterMember(reader: ByteReader): Promise<"member" | "trailing" | "end"> {
  for (;;) {
    const chunk = await reader.chunk();
    if (chunk === null) return "end";
    let start = 0;
    while (start < chunk.length && chunk[start] === 0) start++;
    if (start === chunk.length) continue;
    let rest = chunk.subarray(start);
    if (rest.length === 1 && rest[0] === ID1) {
      const more = await reader.chunk();
      if (more === null)
        throw new GzipContentError("TRUNCATED_GZIP", `the object ends inside a member's header`);
      rest = Buffer.concat([rest, more]);
    }
    reader.unshift(rest);
    return startsLikeGzip(rest) ? "member" : "trailing";
  }
}

/**
 * The members wholly in `chunk`, one after another from its start, up to about
 * AT_HAND_MAX_TEXT_BYTES of text: their text as one buffer (one hand-over for many small members)
 * and the bytes they take.
 */
function membersAtHand(chunk: Buffer, start: number): { text: Buffer; used: number } {
  const texts: Buffer[] = [];
  let used = 0;
  let size = 0;
  let rest = chunk;
  while (startsLikeGzip(rest) && size <= AT_HAND_MAX_TEXT_BYTES) {
    const whole = memberAtHand(rest, where(start + used));
    if (whole === null) break;
    texts.push(whole.text);
    used += whole.length;
    size += whole.text.length;
    rest = rest.subarray(whole.length);
  }
  const text = texts.length === 1 ? texts[0] : Buffer.concat(texts, size);
  return { text, used };
}

/**
 * The members in `chunk` (which starts with one) before the last member start in it, when they
 * are all whole and valid: inflated by zlib's own gzip wrapper in one call, which loops over
 * members inside zlib and checks their headers and trailers as this module does. A member costs
 * ~12 µs on the other paths (a zlib engine each), so this is what keeps a file of many small
 * members (a gateway appending one per reading) fast. Null when anything is amiss (the object
 * ends inside the bytes, plain bytes or damage follow a member, too much text, a chunk longer
 * than a header may be): the member-by-member paths then read the same bytes and say what is
 * wrong, so the outcome never depends on which path ran. Node's gunzip stops at a NUL byte
 * after a member; `used` then ends there.
 */
function membersBeforeLast(chunk: Buffer): { text: Buffer; used: number } | null {
  // Longer chunks could hold a header over MAX_HEADER_BYTES, which zlib would accept.
  if (chunk.length > MAX_HEADER_BYTES) return null;
  const last = chunk.lastIndexOf(MEMBER_START);
  if (last <= 0) return null;
  try {
    const { buffer, engine } = gunzipSync(chunk.subarray(0, last), {
      info: true,
      maxOutputLength: BATCH_MAX_TEXT_BYTES,
    }) as unknown as { buffer: Buffer; engine: Gunzip };
    return { text: buffer, used: engine.bytesWritten };
  } catch {
    return null;
  }
}

/**
 * The text of every gzip member in `reader` (which starts with the gzip magic), each checked
 * against its trailer. Plain bytes after the last member go to `onTrailing`, untouched.
 * Throws GzipContentError for a damaged or cut-off member.
 */
export async function* gzipMembers(
  reader: ByteReader,
  onTrailing: (trailing: TrailingBytes) => void,
): AsyncGenerator<Buffer> {
  for (;;) {
    // Many whole members at once, else the whole members at the start of the chunk at hand one
    // by one, else the member the chunk cuts, as a stream.
    const chunk = await reader.chunk();
    const start = reader.offset - (chunk?.length ?? 0);
    const atHand =
      chunk === null ? null : (membersBeforeLast(chunk) ?? membersAtHand(chunk, start));
    const used = atHand?.used ?? 0;
    if (chunk !== null) reader.unshift(chunk.subarray(used));
    if (atHand !== null)
      for (let at = 0; at < atHand.text.length; at += INFLATE_CHUNK_BYTES)
        yield atHand.text.subarray(at, at + INFLATE_CHUNK_BYTES);
    if (used === 0) yield* streamedMember(reader, where(reader.offset));
    const next = await afterMember(reader);
    if (next === "end") return;
    if (next === "trailing") {
      onTrailing({ offset: reader.offset, chunks: reader.rest() });
      return;
    }
  }
}
