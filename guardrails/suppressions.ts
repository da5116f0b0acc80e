import type { IConstruct } from "constructs";

const SUPPRESSION_METADATA = "sensor-pipeline/guardrail-suppression";

/** A rule switched off for one construct and everything below it, with the reason why. */
export interface GuardrailSuppression {
  readonly ruleId: string;
  readonly reason: string;
  /** The construct the suppression was put on, and its path. */
  readonly construct: IConstruct;
  readonly path: string;
}

/**
 * Suppresses one guardrail for a resource (or a construct and the resources inside it). The reason
 * is printed with every synth; an empty reason is itself an error, so each exception stays
 * explained and reviewable.
 *
 * @example suppressGuardrail(task, "Snowflake.TaskRunsOnlyWhenNeeded", "Heartbeat: must run hourly even without data")
 */
export function suppressGuardrail(construct: IConstruct, ruleId: string, reason: string): void {
  construct.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason });
}

/** Suppressions put on exactly this construct. */
export function suppressionsOn(construct: IConstruct): GuardrailSuppression[] {
  return construct.node.metadata
    .filter((entry) => entry.type === SUPPRESSION_METADATA)
    .map((entry) => {
      const { ruleId, reason } = entry.data as { ruleId: string; reason: string };
      return { ruleId, reason, construct, path: construct.node.path };
    });
}

/** Suppressions that apply to a construct: on it or on any construct above it. */
export function suppressionsFor(construct: IConstruct): GuardrailSuppression[] {
  return construct.node.scopes.flatMap(suppressionsOn);
}

/** Whether a suppression gives a reason. */
export function isExplained(suppression: GuardrailSuppression): boolean {
  return typeof suppression.reason === "string" && suppression.reason.trim() !== "";
}
