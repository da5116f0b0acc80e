import type { DeploymentOutputs } from "../../stacks/outputs";
import type { ObjectStore } from "../object-store";
import type { SqlClient } from "../sql-client";
import { readPipeStatus } from "./checks";
import type { ProbeOutcome } from "./poll";
import { type ProbeFile, outputPrefixes } from "./probe-file";

/** The stages a reading passes after upload, in order. */
export const STAGE_NAMES = ["normalized", "loaded", "merged", "visible"] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * Default wait per stage, in seconds: the normalizer may cold-start; Snowpipe "typically within a
 * minute" but can take longer; the task runs on its schedule once the stream has data.
 */
export const DEFAULT_STAGE_TIMEOUT_SECONDS: Readonly<Record<StageName, number>> = {
  normalized: 120,
  loaded: 300,
  merged: 300,
  visible: 60,
};

/** What a stage needs to look for the probe's traces. */
export interface StageContext {
  readonly outputs: DeploymentOutputs;
  readonly store: ObjectStore;
  readonly sql: SqlClient;
  readonly probe: ProbeFile;
  /** When the upload started (epoch ms). */
  readonly uploadedAtMs: number;
}

/** One stage: how to tell it is done, and what to suggest when it never is. */
export interface Stage {
  readonly name: StageName;
  look(context: StageContext): Promise<ProbeOutcome>;
  timeoutHint(context: StageContext): Promise<string>;
}

/** Column every reading relation is filtered on; the reporting view keeps the contract's name. */
const SENSOR_COLUMN = "SENSOR_ID";

async function firstKeyMatching(
  store: ObjectStore,
  prefixes: readonly string[],
  runId: string,
): Promise<string | undefined> {
  for (const prefix of prefixes) {
    for await (const object of store.list(prefix)) {
      if (object.key.includes(runId)) return object.key;
    }
  }
  return undefined;
}

function rowsIn(relation: (outputs: DeploymentOutputs) => string) {
  return async ({ outputs, sql, probe }: StageContext): Promise<ProbeOutcome> => {
    const name = relation(outputs);
    const rows = await sql.query(
      `SELECT COUNT(*) AS ROWS_FOUND FROM IDENTIFIER(?) WHERE ${SENSOR_COLUMN} = ?`,
      [name, probe.sensorId],
    );
    const found = Number(rows[0]?.ROWS_FOUND ?? 0);
    return found >= probe.rowCount
      ? { kind: "done", detail: `${found} rows in ${name}` }
      : { kind: "pending" };
  };
}

const normalized: Stage = {
  name: "normalized",
  async look({ store, probe, uploadedAtMs }) {
    const at = new Date(uploadedAtMs);
    const rejected = await firstKeyMatching(
      store,
      outputPrefixes("rejected/", probe.gatewayId, at),
      probe.runId,
    );
    if (rejected) {
      return {
        kind: "failed",
        detail: `the normalizer rejected smoke rows: ${rejected}`,
        hint: `Read the reasons: aws s3 cp ${store.location}/${rejected} - | gunzip. The probe uses canonical field names, so a rejection means the normalizer or its configuration changed.`,
      };
    }
    const key = await firstKeyMatching(
      store,
      outputPrefixes("normalized/", probe.gatewayId, at),
      probe.runId,
    );
    return key ? { kind: "done", detail: key } : { kind: "pending" };
  },
  async timeoutHint({ outputs, probe }) {
    const fn = outputs.normalizerFunctionName;
    return (
      `Nothing under normalized/ names ${probe.runId}. Check the function's logs ` +
      `(aws logs tail /aws/lambda/${fn} --since 15m), its on-failure queue and its error alarm, ` +
      "and that the bucket notification sends raw/ object-created events to it."
    );
  },
};

const loaded: Stage = {
  name: "loaded",
  look: rowsIn((outputs) => outputs.landingTableName),
  async timeoutHint({ outputs, sql, uploadedAtMs }) {
    const status = await readPipeStatus(sql, outputs.pipeName);
    const received = Date.parse(status.lastReceivedMessageTimestamp ?? "");
    const forwarded = Date.parse(status.lastForwardedMessageTimestamp ?? "");
    if (status.executionState !== "RUNNING") {
      return `The pipe is ${status.executionState}; resume or recreate it (docs/operations.md).`;
    }
    if (!(received >= uploadedAtMs)) {
      return (
        `Snowpipe has received no event since the upload (last: ${status.lastReceivedMessageTimestamp ?? "never"}). ` +
        "Check the bucket notification (normalized/ to the topic), the topic policy, and that the " +
        "pipe's queue is still subscribed to the topic (docs/operations.md, 'SNS topic deleted')."
      );
    }
    if (!(forwarded >= uploadedAtMs)) {
      return (
        "Snowpipe received the event but forwarded no file: the stage URL does not cover the " +
        "normalized key. Compare DESC STAGE with the key printed above."
      );
    }
    return (
      "Snowpipe forwarded the file but no rows arrived. Read the load result: SELECT FILE_NAME, STATUS, " +
      `FIRST_ERROR_MESSAGE FROM TABLE(${outputs.databaseName}.INFORMATION_SCHEMA.COPY_HISTORY(` +
      `TABLE_NAME => '${outputs.landingTableName}', START_TIME => DATEADD(HOUR, -1, CURRENT_TIMESTAMP())));`
    );
  },
};

const merged: Stage = {
  name: "merged",
  look: rowsIn((outputs) => outputs.coreReadingsTableName),
  async timeoutHint({ outputs }) {
    return (
      `Rows are in ${outputs.landingTableName} but not in ${outputs.coreReadingsTableName}. ` +
      `Check that ${outputs.transformTaskName} is started (SHOW TASKS), its errors in ` +
      "INFORMATION_SCHEMA.TASK_HISTORY, and that the stream is not stale (SHOW STREAMS)."
    );
  },
};

const visible: Stage = {
  name: "visible",
  look: rowsIn((outputs) => outputs.reportingReadingsViewName),
  async timeoutHint({ outputs }) {
    return (
      `Rows are in ${outputs.coreReadingsTableName} but not in ${outputs.reportingReadingsViewName}. ` +
      "Check the view's definition (GET_DDL) and its filters."
    );
  },
};

/** The stages in the order a reading passes them. */
export const STAGES: readonly Stage[] = [normalized, loaded, merged, visible];
