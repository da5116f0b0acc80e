import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";
import { isSet } from "./identifiers";
import { strings } from "../../references";

export const SnowflakeTaskRunsWhenNeeded: GuardrailRule = {
  id: "Snowflake.TaskRunsOnlyWhenNeeded",
  name: "SnowflakeTaskRunsWhenNeeded",
  what: "Every root task has a `when` condition (such as SYSTEM$STREAM_HAS_DATA); a task that must run on schedule regardless is opted out by a suppression with its reason.",
  why: "Without a WHEN the task starts compute on every schedule tick, even when no reading arrived, so an idle pipeline still bills.",
  level: "ERROR",
  resourceTypes: ["snowflake_task"],
  check(task) {
    if (strings(task.config.after).length > 0 || isSet(task.config.finalize)) {
      return notApplicable("a child or finalizer task runs only when its root runs");
    }
    return isSet(task.config.when)
      ? compliant()
      : nonCompliant(
          "the task has no `when` condition; add one (e.g. SYSTEM$STREAM_HAS_DATA('<stream>')) or suppress this rule with the reason it must always run",
        );
  },
};
