/**
 * Normalizing is JavaScript-bound, so a pool of worker threads uses every core. Workers run the
 * TypeScript sources through tsx's require hook, as `bin/sensorctl.js` does for the main thread.
 */
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { normalizeRawFile, type NormalizeJob, type NormalizeJobResult } from "./normalize-file";

/** Runs normalize jobs: on `size` workers, or inline on this thread when `size` is 0. */
export interface NormalizePool {
  run(job: NormalizeJob): Promise<NormalizeJobResult>;
  close(): Promise<void>;
}

interface Idle {
  readonly worker: Worker;
}

export function createNormalizePool(size: number): NormalizePool {
  if (size === 0) return { run: normalizeRawFile, close: async () => undefined };
  const idle: Idle[] = [];
  const waiting: ((slot: Idle) => void)[] = [];
  const all: Worker[] = [];
  for (let i = 0; i < size; i++) {
    const worker = new Worker(join(__dirname, "normalize-worker.ts"), {
      execArgv: ["--require", require.resolve("tsx/cjs")],
    });
    all.push(worker);
    idle.push({ worker });
  }
  const acquire = (): Promise<Idle> =>
    idle.length > 0 ? Promise.resolve(idle.pop() as Idle) : new Promise((r) => waiting.push(r));
  const release = (slot: Idle) => {
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  };
  return {
    async run(job) {
      const slot = await acquire();
      try {
        return await new Promise<NormalizeJobResult>((resolve, reject) => {
          const onError = (error: Error) => {
            slot.worker.off("message", onMessage);
            reject(error);
          };
          const onMessage = (message: { result?: NormalizeJobResult; error?: string }) => {
            slot.worker.off("error", onError);
            if (message.result) resolve(message.result);
            else reject(new Error(`${job.key}: ${message.error}`));
          };
          slot.worker.once("message", onMessage).once("error", onError);
          slot.worker.postMessage(job);
        });
      } finally {
        release(slot);
      }
    },
    async close() {
      await Promise.all(all.map((worker) => worker.terminate()));
    },
  };
}
