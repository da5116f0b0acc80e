/**
 * A pull reader over an object's chunks that can hand bytes back: the gzip member reader reads a
 * header or a trailer across chunk boundaries and returns what follows to the next reader.
 */
export class ByteReader {
  /** Chunks handed back, the next one last. */
  private readonly returned: Buffer[] = [];
  /** Bytes of the object handed out and not handed back: the position of the next byte. */
  offset = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** The next non-empty chunk, or null at the end of the object. */
  async chunk(): Promise<Buffer | null> {
    let chunk = this.returned.pop();
    while (chunk === undefined) {
      const next = await this.source.next();
      if (next.done) return null;
      if (next.value.length > 0) chunk = next.value;
    }
    this.offset += chunk.length;
    return chunk;
  }

  /** Hands bytes back: the next `chunk()` starts with them. */
  unshift(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.returned.push(bytes);
    this.offset -= bytes.length;
  }

  /** Exactly `count` bytes, or fewer when the object ends first. */
  async take(count: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < count) {
      const chunk = await this.chunk();
      if (chunk === null) break;
      const used = chunk.subarray(0, count - have);
      this.unshift(chunk.subarray(used.length));
      parts.push(used);
      have += used.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** Everything not read yet. */
  async *rest(): AsyncGenerator<Buffer> {
    for (let chunk = await this.chunk(); chunk !== null; chunk = await this.chunk()) yield chunk;
  }
}
