/**
 * `--watch`: after the first run, poll `raw/` and run again for files that appeared or changed. A
 * file that appears later is taken only once its size and mtime held still between two polls, so
 * an upload still being copied in is not normalized half-written. The first run takes every file.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { PipelineDatabase } from "./database";
import { listBucketFiles, type BucketFile } from "./files";
import { runLocalPipeline, type LocalRunOptions, type LocalRunSummary } from "./run";

const signature = (file: BucketFile) => `${file.size}:${file.lastModified.getTime()}`;

export interface WatchOptions extends Omit<LocalRunOptions, "rawFilter"> {
  readonly intervalMs: number;
  /** Aborting ends the loop after the current run. */
  readonly signal: AbortSignal;
  /** Called after each run that found new files. */
  readonly onRun: (summary: LocalRunSummary) => void;
}

export async function watchLocalPipeline(
  database: PipelineDatabase,
  options: WatchOptions,
): Promise<void> {
  const handed = new Map<string, string>();
  let lastSeen = new Map<string, string>();
  let first = true;
  while (!options.signal.aborted) {
    const now = new Map(listBucketFiles(options.input, "raw").map((f) => [f.key, signature(f)]));
    const ready = [...now].filter(
      ([key, sig]) => (first || lastSeen.get(key) === sig) && handed.get(key) !== sig,
    );
    lastSeen = now;
    if (ready.length > 0) {
      const take = new Map(ready);
      const summary = await runLocalPipeline(database, {
        ...options,
        rawFilter: (file) => take.get(file.key) === signature(file),
      });
      for (const [key, sig] of ready) handed.set(key, sig);
      options.onRun(summary);
    }
    first = false;
    try {
      await sleep(options.intervalMs, undefined, { signal: options.signal });
    } catch {
      return;
    }
  }
}
