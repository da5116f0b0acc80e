/**
 * An output written to a local file (`sensorctl normalize`, `sensorctl local`): written under a
 * hidden partial name and renamed to its key only once complete, so a reader never sees half a
 * file, and deleted when the core discards it (an object rejected whole, output.ts
 * DiscardedOutput). Each open gets its own partial name, so a discarded output and the one opened
 * after it never touch the same file.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { isDiscardedOutput } from "./output";

let opened = 0;

/**
 * Opens `target` for one output. `settled` receives a promise that resolves once the file is in
 * place (after `onCommitted`) or deleted because it was discarded, and rejects on a write error.
 */
export function openFileOutput(
  target: string,
  settled: Promise<void>[],
  onCommitted?: (target: string) => void,
): Writable {
  mkdirSync(dirname(target), { recursive: true });
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}-${++opened}.partial`);
  const file = createWriteStream(partial);
  settled.push(
    new Promise((resolve, reject) => {
      let failure: unknown = null;
      file.on("error", (error) => (failure = error));
      file.on("close", () => {
        if (failure === null) {
          renameSync(partial, target);
          onCommitted?.(target);
          resolve();
          return;
        }
        rmSync(partial, { force: true });
        if (isDiscardedOutput(failure)) resolve();
        else reject(failure as Error);
      });
    }),
  );
  return file;
}
