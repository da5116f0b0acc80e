/**
 * Files whose lines end in a lone CR (classic Mac OS, some data loggers): the line parsers split
 * on LF only, so such a file would be one long line. The first line break decides: a CR not
 * followed by LF makes every CR of the object a LF; anything else passes through untouched.
 */
const CR = 0x0d;
const LF = 0x0a;
/** Without a line break in this many first bytes, the object is not a CR-only text file. */
const DECIDE_WITHIN_BYTES = 1 << 20;

function crToLf(chunk: Buffer): Buffer {
  if (chunk.indexOf(CR) === -1) return chunk;
  const copy = Buffer.from(chunk);
  for (let i = copy.indexOf(CR); i !== -1; i = copy.indexOf(CR, i + 1)) copy[i] = LF;
  return copy;
}

/** Whether the bytes settle the question: true CR-only, false not, null not yet known. */
function crOnly(bytes: Buffer): boolean | null {
  const cr = bytes.indexOf(CR);
  const lf = bytes.indexOf(LF);
  if (cr === -1) return lf !== -1 || bytes.length >= DECIDE_WITHIN_BYTES ? false : null;
  if (lf !== -1 && lf < cr) return false;
  if (cr === bytes.length - 1) return null;
  return bytes[cr + 1] !== LF;
}

/** The bytes with a CR-only file's line ends made LF. */
export async function* lineFeeds(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let mode: boolean | null = null;
  let head: Buffer | null = null;
  for await (const chunk of source) {
    if (mode === false) yield chunk;
    else if (mode === true) yield crToLf(chunk);
    else {
      head = head ? Buffer.concat([head, chunk]) : chunk;
      mode = crOnly(head);
      if (mode !== null) {
        yield mode ? crToLf(head) : head;
        head = null;
      }
    }
  }
  // Undecided at the end: at most one line, ending in a CR or in nothing.
  if (head) yield crToLf(head);
}
