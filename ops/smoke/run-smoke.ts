import type { DeploymentOutputs } from "../../stacks/outputs";
import type { Clock } from "../clock";
import type { ObjectStore } from "../object-store";
import type { SqlClient } from "../sql-client";
import type { TopicPolicyReader } from "../topic-policy";
import {
  type CheckResult,
  checkPipeRunning,
  checkStorageIntegration,
  checkTopicPolicy,
} from "./checks";
import { pollUntil } from "./poll";
import { probeFile } from "./probe-file";
import { STAGES, type StageContext, type StageName } from "./stages";

/** The outside world the smoke test talks to; injected so every path is testable offline. */
export interface SmokeDependencies {
  readonly store: ObjectStore;
  readonly sql: SqlClient;
  readonly topics: TopicPolicyReader;
  readonly clock: Clock;
  /** Receives each report line as soon as it is known. */
  readonly print: (line: string) => void;
}

/** What to test and how long to wait. */
export interface SmokeOptions {
  readonly outputs: DeploymentOutputs;
  /** Gateway the probe is uploaded as (raw/<gateway>/…). */
  readonly gatewayId: string;
  /** Unique tag of this run. */
  readonly runId: string;
  readonly pollIntervalMs: number;
  readonly stageTimeoutsMs: Readonly<Record<StageName, number>>;
}

/** The latency of one stage that completed. */
export interface StageTiming {
  readonly stage: StageName;
  /** From the start of the upload to the moment the stage was seen done. */
  readonly sinceUploadMs: number;
  /** From the previous stage (or the upload) to this one. */
  readonly stageMs: number;
  readonly detail: string;
}

/** The failing check or stage, with a hint for the operator. */
export interface SmokeFailure {
  readonly stage: string;
  readonly detail: string;
  readonly hint: string;
}

export interface SmokeResult {
  readonly checks: readonly CheckResult[];
  readonly timings: readonly StageTiming[];
  readonly failure?: SmokeFailure;
}

/**
 * Proves a deployment end to end: pre-flight checks (storage integration, pipe state, topic
 * policy), then one tagged upload followed through normalized → loaded → merged → visible.
 * Stops at the first failure; nothing is uploaded when a pre-flight check fails.
 */
export async function runSmoke(
  deps: SmokeDependencies,
  options: SmokeOptions,
): Promise<SmokeResult> {
  const { store, sql, topics, clock, print } = deps;
  const { outputs } = options;
  const checks: CheckResult[] = [];
  const preflight: Array<[string, () => Promise<CheckResult>]> = [
    [
      "storage integration",
      () => checkStorageIntegration(sql, outputs.storageIntegrationName, outputs.landingBucketName),
    ],
    ["pipe", () => checkPipeRunning(sql, outputs.pipeName)],
    ["topic policy", () => checkTopicPolicy(sql, topics, outputs.ingestTopicArn)],
  ];
  for (const [name, check] of preflight) {
    const result = await check().catch((error: unknown): CheckResult => ({
      name,
      ok: false,
      detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
      hint: "Check the role's privileges (MONITOR on the pipe, USAGE on the integration) and the credentials.",
    }));
    checks.push(result);
    print(`${result.ok ? "ok  " : "FAIL"} ${result.name.padEnd(20)} ${result.detail}`);
  }
  const failedCheck = checks.find((check) => !check.ok);
  if (failedCheck) {
    return {
      checks,
      timings: [],
      failure: {
        stage: failedCheck.name,
        detail: failedCheck.detail,
        hint: failedCheck.hint ?? "",
      },
    };
  }

  const uploadedAtMs = clock.now();
  const probe = probeFile(options.gatewayId, options.runId, new Date(uploadedAtMs));
  await store.put(probe.rawKey, probe.body, probe.contentType);
  print(
    `ok   ${"upload".padEnd(20)} ${store.location}/${probe.rawKey} (${probe.rowCount} readings, ${seconds(clock.now() - uploadedAtMs)})`,
  );

  const context: StageContext = { outputs, store, sql, probe, uploadedAtMs };
  const timings: StageTiming[] = [];
  let previousMs = uploadedAtMs;
  for (const stage of STAGES) {
    const timeoutMs = options.stageTimeoutsMs[stage.name];
    const { outcome, atMs } = await pollUntil(clock, timeoutMs, options.pollIntervalMs, () =>
      stage.look(context),
    ).catch((error: unknown) => ({
      outcome: {
        kind: "failed" as const,
        detail: `looking for the probe failed: ${error instanceof Error ? error.message : String(error)}`,
        hint: "Check the credentials and the role's privileges on the object named above.",
      },
      atMs: clock.now(),
    }));
    if (outcome.kind === "done") {
      const timing: StageTiming = {
        stage: stage.name,
        sinceUploadMs: atMs - uploadedAtMs,
        stageMs: atMs - previousMs,
        detail: outcome.detail,
      };
      timings.push(timing);
      previousMs = atMs;
      print(
        `ok   ${stage.name.padEnd(20)} ${seconds(timing.sinceUploadMs).padStart(8)} after upload ` +
          `(+${seconds(timing.stageMs)})  ${timing.detail}`,
      );
      continue;
    }
    const failure: SmokeFailure =
      outcome.kind === "failed"
        ? { stage: stage.name, detail: outcome.detail, hint: outcome.hint }
        : {
            stage: stage.name,
            detail: `not seen within ${seconds(timeoutMs)}`,
            hint: await stage
              .timeoutHint(context)
              .catch((error: unknown) => `(diagnosis failed: ${String(error)})`),
          };
    print(`FAIL ${stage.name.padEnd(20)} ${failure.detail}`);
    return { checks, timings, failure };
  }
  return { checks, timings };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
