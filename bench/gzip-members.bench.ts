/**
 * gzip decompression alone: the normalizer's member reader (`lambda/normalizer/gzip-members.ts`,
 * which checks each member itself so plain bytes after the gzip data lose no member) against
 * Node's gunzip stream (which it replaced), interleaved in one process, median of RUNS each.
 * Three shapes: one large member, and files of many small members (a gateway appending one member
 * per batch), which the reader hands to zlib's gzip wrapper in batches rather than one by one.
 *
 * Pin it to one core for figures comparable with the normalizer bench:
 * `taskset -c 1 npm run bench -- gzip-members`.
 *
 * GZIP_MEMBERS_BENCH_RUNS  runs per timing (default 7)
 */
import { Readable } from "node:stream";
import { createGunzip, gzipSync } from "node:zlib";
import { ByteReader } from "../lambda/normalizer/byte-reader";
import { gzipMembers } from "../lambda/normalizer/gzip-members";
import { report } from "./report";

const RUNS = Math.max(1, Number(process.env.GZIP_MEMBERS_BENCH_RUNS ?? 7));
/** Input chunk size, as an S3 body stream yields them. */
const CHUNK_BYTES = 64 * 1024;

function rows(count: number, first: number): string {
  let text = "";
  for (let i = first; i < first + count; i++)
    text += `2026-11-26T10:${String(i % 60).padStart(2, "0")}:00Z,s${i % 500},temperature,${((i % 4000) / 100).toFixed(2)},°C\n`;
  return text;
}

function members(count: number, rowsEach: number): Buffer {
  return Buffer.concat(
    Array.from({ length: count }, (_, m) => gzipSync(rows(rowsEach, m * rowsEach), { level: 6 })),
  );
}

const SHAPES = {
  "one member, 1 M rows": () => members(1, 1_000_000),
  "10 000 members of 100 rows": () => members(10_000, 100),
  "10 000 members of 1 row": () => members(10_000, 1),
};

async function* chunks(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

async function memberReader(bytes: Buffer): Promise<number> {
  let length = 0;
  const text = gzipMembers(new ByteReader(chunks(bytes)), () => {
    throw new Error("the bench input has no trailing bytes");
  });
  for await (const chunk of text) length += chunk.length;
  return length;
}

async function nodeGunzip(bytes: Buffer): Promise<number> {
  let length = 0;
  for await (const chunk of Readable.from(chunks(bytes)).pipe(createGunzip()))
    length += (chunk as Buffer).length;
  return length;
}

async function seconds(run: () => Promise<number>, expected: number): Promise<number> {
  const started = process.hrtime.bigint();
  const length = await run();
  if (length !== expected) throw new Error(`inflated ${length} bytes, expected ${expected}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const figures: Record<string, unknown> = {};
  for (const [name, build] of Object.entries(SHAPES)) {
    const bytes = build();
    const expected = await nodeGunzip(bytes);
    const reader: number[] = [];
    const gunzip: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      reader.push(await seconds(() => memberReader(bytes), expected));
      gunzip.push(await seconds(() => nodeGunzip(bytes), expected));
    }
    figures[name] = {
      gzipBytes: bytes.length,
      textBytes: expected,
      memberReaderMs: Math.round(median(reader) * 1000),
      nodeGunzipMs: Math.round(median(gunzip) * 1000),
      readerOverGunzipTime: Number((median(reader) / median(gunzip)).toFixed(2)),
    };
  }
  report("gzip-members", { runsPerTiming: RUNS, chunkBytes: CHUNK_BYTES, shapes: figures });
}

void main();
