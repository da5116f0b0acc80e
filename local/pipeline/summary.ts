/** The human summary of a local run: what came in, what was rejected and why, what was merged. */
import type { LocalRunSummary } from "./run";

const n = (value: number) => value.toLocaleString("en-US");

export function formatSummary(summary: LocalRunSummary): string {
  const { normalize, load, healthLoad, task } = summary;
  const reasons = Object.entries(normalize.rejectedByReason)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, count]) => `    ${code}: ${n(count)}`);
  const merged = Object.entries(task.rowsChanged).map(
    ([name, count]) => `    ${name}: ${n(count)} rows in ${(task.seconds[name] ?? 0).toFixed(1)} s`,
  );
  const lines = [
    `raw files: ${n(summary.rawFiles)} (${n(normalize.objects)} normalized now, ${n(normalize.alreadyNormalized)} already done)`,
    `records read: ${n(normalize.records)}, accepted: ${n(normalize.accepted)}, rejected: ${n(normalize.rejected)}`,
    ...reasons,
    `normalized files loaded: ${n(load.files)} (${n(load.rows)} rows into landing.readings_raw; ${n(load.alreadyLoaded)} loaded before)`,
    ...load.failed.map((f) => `    LOAD_FAILED ${f.fileName}: ${f.error}`),
    `health files loaded: ${Object.entries(healthLoad.files)
      .map(([pipe, files]) => `${pipe} ${n(files)}`)
      .join(", ")}`,
    ...healthLoad.failed.map((f) => `    LOAD_FAILED ${f.pipe} ${f.fileName}: ${f.error}`),
    task.ran
      ? `task: ${n(task.changes)} rows from the stream merged in one transaction`
      : "task: stream has no new rows, nothing to merge",
    ...merged,
    `done in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join("\n")}\n`;
}
