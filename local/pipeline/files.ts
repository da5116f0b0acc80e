/**
 * Files of the local "bucket": the input directory holds `raw/`, and the pipeline writes
 * `normalized/` and `rejected/` beside it, with the keys the Lambda would use in S3.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** One file under a prefix of the local bucket. */
export interface BucketFile {
  /** Absolute path on disk. */
  readonly path: string;
  /** Object key: the path relative to the bucket directory, with `/` separators. */
  readonly key: string;
  readonly size: number;
  /** Upload time, as S3 LastModified would give it: the file's mtime in whole seconds. */
  readonly lastModified: Date;
}

function walk(dir: string, found: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    // Dot files are editor swap files and partial writes (ours included), never uploads.
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile()) found.push(path);
  }
}

/**
 * Every file under `<bucket>/<prefix>/`, oldest upload first (then by key): the order in which S3
 * would have sent their events.
 */
export function listBucketFiles(bucket: string, prefix: string): BucketFile[] {
  const paths: string[] = [];
  walk(join(bucket, prefix), paths);
  return paths
    .map((path) => {
      const info = statSync(path);
      return {
        path,
        key: relative(bucket, path).split(sep).join("/"),
        size: info.size,
        lastModified: new Date(Math.floor(info.mtimeMs / 1000) * 1000),
      };
    })
    .sort(
      (a, b) =>
        a.lastModified.getTime() - b.lastModified.getTime() ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}
