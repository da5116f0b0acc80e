/** The one screen `sensorctl status` prints: gateways, pipes, tasks, freshness, then problems. */
import type { HealthReport } from "./read-health";

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((name, i) =>
    Math.max(name.length, ...rows.map((row) => row[i].length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const orDash = (value: string | number | null) => (value === null ? "-" : String(value));

export function formatHealth(report: HealthReport, source: string): string {
  const gateways = table(
    [
      "GATEWAY",
      "LAST UPLOAD (UTC)",
      "MIN AGO",
      "READINGS 1H",
      "REJECTED 1H",
      "REJECTED %",
      "TOP REASON",
      "STATUS",
    ],
    report.gateways.map((g) => [
      g.gatewayId,
      orDash(g.lastUploadAt),
      orDash(g.minutesSinceUpload),
      String(g.readingsLastHour),
      String(g.rejectionsLastHour),
      orDash(g.rejectionRatePercent),
      orDash(g.topReason),
      g.status,
    ]),
  );
  const pipes = report.pipes.map(
    (p) => `  ${p.name}: ${p.state}, last ingested ${orDash(p.lastIngestedAt)}`,
  );
  const tasks = report.tasks.map(
    (t) =>
      `  ${t.name}: last run ${orDash(t.lastState)} at ${orDash(t.lastCompletedAt)}${t.scheduled ? ", next run scheduled" : ""}`,
  );
  const { freshness: f, fileLoads } = report;
  return [
    `sensor pipeline health (${source})`,
    "",
    ...gateways,
    "",
    "pipes:",
    ...pipes,
    "tasks:",
    ...(tasks.length > 0 ? tasks : ["  no run in the last 6 days"]),
    `freshness: last upload ${orDash(f.lastUploadAt)}, last load ${orDash(f.lastLoadAt)} (${orDash(f.minutesSinceLoad)} min ago), last merged load ${orDash(f.lastMergedLoadAt)}`,
    `file loads (24 h): ${fileLoads.loaded} loaded, ${fileLoads.failed} failed`,
    "",
    report.problems.length === 0
      ? "HEALTHY"
      : ["UNHEALTHY:", ...report.problems.map((problem) => `  - ${problem}`)].join("\n"),
    "",
  ].join("\n");
}
