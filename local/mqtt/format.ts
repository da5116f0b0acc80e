import type { MqttRunTotals } from "./run-mqtt";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The streaming totals, one fact per line (progress joins them on one). */
export function formatMqttTotals(totals: MqttRunTotals): string {
  const reasons = Object.entries(totals.rejectedByReason)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code}=${count}`)
    .join(" ");
  const lines = [
    `mqtt: ${totals.messages} messages, ${totals.readings} readings loaded, ${totals.rejected} rejected${reasons ? ` (${reasons})` : ""}`,
    `batches: ${totals.batches} (last ${totals.lastBatchRows} rows)`,
  ];
  if (totals.latency)
    lines.push(
      `latency publish → REPORTING over ${totals.latency.messages} stamped messages: p50 ${seconds(totals.latency.p50Ms)}, p99 ${seconds(totals.latency.p99Ms)}, max ${seconds(totals.latency.maxMs)}`,
    );
  return `${lines.join("\n")}\n`;
}
