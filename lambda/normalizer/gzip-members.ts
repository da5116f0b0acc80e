/**
 * gzip input read member by member, so the rows of valid members survive plain bytes appended
 * after them (`cat a.csv.gz b.csv`). Node's gunzip stream raises Z_DATA_ERROR on such bytes and
 * drops the output of the whole write that held them, valid members' text included.
 *
 * The member layout is RFC 1952 §2.3 (https://www.rfc-editor.org/rfc/rfc1952#section-2.3):
 * ID1 ID2 CM FLG MTIME(4) XFL OS, then FEXTRA (XLEN + bytes), FNAME and FCOMMENT (zero-terminated)
 * and FHCRC (low 16 bits of the CRC-32 of the header so far) as FLG says, the deflate data, and
 * the trailer CRC32 + ISIZE (little-endian; ISIZE is the text's length mod 2^32). Native zlib
 * inflates the deflate data (raw, no wrapper); this module checks header and trailer itself, as
 * zlib's own gzip wrapper does (reserved FLG bits, header CRC, CRC-32, ISIZE).
 */
import { constants, crc32, createInflateRaw, inflateRawSync, type InflateRaw } from "node:zlib";
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
const ISIZE_MODULUS = 2 ** 32;
/** Output per inflate step; larger than Node's 16 KiB default to cut the threadpool round trips. */
const INFLATE_CHUNK_BYTES = 64 * 1024;
/** Most text a member may inflate to on the main thread in one go (see `wholeMemberAtHand`). */
const AT_HAND_MAX_TEXT_BYTES = 1024 * 1024;

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

/** Where a problem is, for the rejection message: the member's number and first byte. */
function where(member: number, start: number): string {
  return `member ${member} (from byte ${start})`;
}

/** Reads one member header, checking what zlib's gzip wrapper checks. */
async function readHeader(reader: ByteReader, at: string): Promise<void> {
  const truncated = () => new GzipContentError("TRUNCATED_GZIP", `${at} ends inside its header`);
  const fixed = await reader.take(FIXED_HEADER_BYTES);
  if (fixed.length < FIXED_HEADER_BYTES) throw truncated();
  if (fixed[2] !== CM_DEFLATE)
    throw new GzipContentError("CORRUPT_GZIP", `${at} has compression method ${fixed[2]}, not 8`);
  const flags = fixed[3];
  if (flags & FLG_RESERVED)
    throw new GzipContentError("CORRUPT_GZIP", `${at} sets reserved header flags`);
  let headerCrc = crc32(fixed);
  const exactly = async (count: number) => {
    const bytes = await reader.take(count);
    if (bytes.length < count) throw truncated();
    headerCrc = crc32(bytes, headerCrc);
    return bytes;
  };
  const zeroTerminated = async () => {
    for (;;) {
      const chunk = await reader.chunk();
      if (chunk === null) throw truncated();
      const end = chunk.indexOf(0);
      const field = end === -1 ? chunk : chunk.subarray(0, end + 1);
      headerCrc = crc32(field, headerCrc);
      if (end !== -1) {
        reader.unshift(chunk.subarray(end + 1));
        return;
      }
    }
  };
  if (flags & FEXTRA) await exactly((await exactly(2)).readUInt16LE(0));
  if (flags & FNAME) await zeroTerminated();
  if (flags & FCOMMENT) await zeroTerminated();
  if (flags & FHCRC) {
    const stored = await reader.take(2);
    if (stored.length < 2) throw truncated();
    if (stored.readUInt16LE(0) !== (headerCrc & 0xffff))
      throw new GzipContentError("CORRUPT_GZIP", `${at} fails its header CRC`);
  }
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
 * A member whose deflate data ends inside the chunk at hand, inflated on the main thread in one
 * call: a file of many small members (a gateway appending one member per batch) would otherwise
 * pay a stream and its threadpool round trips per member, 40–70 µs each. Null when the data
 * does not end inside the chunk or would inflate to more than AT_HAND_MAX_TEXT_BYTES; the chunk
 * is then back in `reader`. `info` returns the engine, whose `bytesWritten` is the input consumed;
 * Z_SYNC_FLUSH makes data that goes on past the chunk no error
 * (https://nodejs.org/api/zlib.html#class-options).
 */
async function wholeMemberAtHand(reader: ByteReader, at: string): Promise<Buffer | null> {
  const chunk = await reader.chunk();
  if (chunk === null) throw new GzipContentError("TRUNCATED_GZIP", `${at} ends inside its data`);
  let inflated: { buffer: Buffer; engine: InflateRaw };
  try {
    inflated = inflateRawSync(chunk, {
      info: true,
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: AT_HAND_MAX_TEXT_BYTES,
    }) as unknown as { buffer: Buffer; engine: InflateRaw };
  } catch (error) {
    reader.unshift(chunk);
    if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") return null;
    throw contentError(error, at);
  }
  const consumed = inflated.engine.bytesWritten;
  reader.unshift(chunk.subarray(consumed < chunk.length ? consumed : 0));
  return consumed < chunk.length ? inflated.buffer : null;
}

/** One member's text: at hand when it ends in the current chunk, else as a stream. */
async function* inflateBody(reader: ByteReader, at: string): AsyncGenerator<Buffer> {
  const atHand = await wholeMemberAtHand(reader, at);
  if (atHand === null) yield* streamBody(reader, at);
  else if (atHand.length > 0) yield atHand;
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
 * The text of every gzip member in `reader` (which starts with the gzip magic), each checked
 * against its trailer. Plain bytes after the last member go to `onTrailing`, untouched.
 * Throws GzipContentError for a damaged or cut-off member.
 */
export async function* gzipMembers(
  reader: ByteReader,
  onTrailing: (trailing: TrailingBytes) => void,
): AsyncGenerator<Buffer> {
  for (let member = 1; ; member++) {
    const at = where(member, reader.offset);
    await readHeader(reader, at);
    let crc = 0;
    let size = 0;
    for await (const text of inflateBody(reader, at)) {
      crc = crc32(text, crc);
      size += text.length;
      yield text;
    }
    const trailer = await reader.take(TRAILER_BYTES);
    if (trailer.length < TRAILER_BYTES)
      throw new GzipContentError("TRUNCATED_GZIP", `${at} ends inside its trailer`);
    if (trailer.readUInt32LE(0) !== crc)
      throw new GzipContentError("CORRUPT_GZIP", `${at} fails its CRC-32 check`);
    if (trailer.readUInt32LE(4) !== size % ISIZE_MODULUS)
      throw new GzipContentError("CORRUPT_GZIP", `${at} is not the length its trailer says`);
    const next = await afterMember(reader);
    if (next === "end") return;
    if (next === "trailing") {
      onTrailing({ offset: reader.offset, chunks: reader.rest() });
      return;
    }
  }
}
