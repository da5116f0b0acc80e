/** The uniquely tagged file the smoke test uploads, and how to recognise its traces downstream. */
export interface ProbeFile {
  /** Unique per run: every row's sensor_id carries it, so no other data can be mistaken for it. */
  readonly runId: string;
  readonly sensorId: string;
  readonly gatewayId: string;
  /** Key under raw/ the gateway upload goes to. */
  readonly rawKey: string;
  readonly body: string;
  readonly contentType: string;
  readonly rowCount: number;
}

/** Number of readings in the probe: more than one, so a partial load cannot pass. */
export const PROBE_ROW_COUNT = 3;

/**
 * Builds the probe: NDJSON readings in canonical field names (a format every normalizer version
 * accepts), one second apart, ending at `now`.
 */
export function probeFile(gatewayId: string, runId: string, now: Date): ProbeFile {
  validateGatewayId(gatewayId);
  const sensorId = `smoke-${runId}`;
  const lines = Array.from({ length: PROBE_ROW_COUNT }, (_unused, index) =>
    JSON.stringify({
      sensor_id: sensorId,
      metric: "smoke_test",
      value: index + 1,
      unit: "1",
      observed_at: new Date(now.getTime() - (PROBE_ROW_COUNT - 1 - index) * 1000).toISOString(),
    }),
  );
  return {
    runId,
    sensorId,
    gatewayId,
    rawKey: `raw/${gatewayId}/${sensorId}.ndjson`,
    body: `${lines.join("\n")}\n`,
    contentType: "application/x-ndjson",
    rowCount: PROBE_ROW_COUNT,
  };
}

/** Fails unless the gateway id is a single safe key segment (it becomes raw/<gateway>/). */
export function validateGatewayId(gatewayId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(gatewayId)) {
    throw new Error(
      `--gateway "${gatewayId}" must be letters, digits, '-' or '_' (it becomes raw/<gateway>/).`,
    );
  }
  return gatewayId;
}

/**
 * Prefixes under which the normalizer writes outputs for a gateway on the given day and the next
 * (an upload just before midnight UTC may be dated either way).
 */
export function outputPrefixes(root: "normalized/" | "rejected/", gatewayId: string, at: Date) {
  return [0, 1].map((days) => {
    const day = new Date(at.getTime() + days * 86_400_000);
    const yyyy = day.getUTCFullYear();
    const mm = String(day.getUTCMonth() + 1).padStart(2, "0");
    const dd = String(day.getUTCDate()).padStart(2, "0");
    return `${root}${yyyy}/${mm}/${dd}/${gatewayId}/`;
  });
}
