import { IDENTITY_POLICY_TYPES, policiesOf } from "../../policies";
import { actionMatches } from "../../policy-document";
import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";
import { allowStatements } from "./statements";

/** Verbs of actions that only read. Everything else (including unknown verbs and `*`) counts as a write. */
const READ_VERB = /^(Get|List|Describe|Head|View|Lookup|Search|Query|Scan|BatchGet|Select|Check)/;
/** Write actions AWS only authorizes on `*` (no resource-level permissions). */
const RESOURCELESS_ACTIONS = [
  "cloudwatch:PutMetricData",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
];

export const IamNoWildcardResourceForWrites: GuardrailRule = {
  id: "IAM.NoWildcardResourceForWrite",
  name: "IamNoWildcardResourceForWrites",
  what: 'No identity-policy Allow statement grants an action that is not read-only (a verb other than Get, List, Describe, Head and the like) on Resource "*" or with NotResource.',
  why: "A write (or a decrypt) on every resource lets a leaked or confused function change or read things far outside the pipeline: other buckets, queues, keys, functions. Name the ARNs it needs.",
  level: "ERROR",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, { stack }) {
    const { statements, unreadable } = allowStatements(policiesOf(resource, stack), ["identity"]);
    if (statements.length === 0 && unreadable.length === 0) return notApplicable();
    const offences = statements.flatMap(({ argument, statement }) => {
      const everywhere = statement.resources.includes("*") || statement.notResources.length > 0;
      const writes = statement.actions.filter(isWrite);
      return everywhere && writes.length > 0
        ? [`${argument} allows ${writes.join(", ")} on every resource`]
        : [];
    });
    if (offences.length > 0) return nonCompliant(`${offences.join("; ")}; name the resource ARNs`);
    return unreadable.length > 0 ? compliant(`not checked: ${unreadable.join("; ")}`) : compliant();
  },
};

function isWrite(action: string): boolean {
  if (
    RESOURCELESS_ACTIONS.some((allowed) => actionMatches(action, allowed) && !action.includes("*"))
  ) {
    return false;
  }
  const verb = action.split(":")[1] ?? action;
  return !READ_VERB.test(verb);
}
