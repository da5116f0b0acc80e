/** Worker thread body: normalizes the raw files the pool posts, one at a time. */
import { parentPort } from "node:worker_threads";
import { normalizeRawFile, type NormalizeJob } from "./normalize-file";

parentPort?.on("message", (job: NormalizeJob) => {
  normalizeRawFile(job).then(
    (result) => parentPort?.postMessage({ result }),
    (error: unknown) =>
      parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
