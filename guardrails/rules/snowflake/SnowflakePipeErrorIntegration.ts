import { type GuardrailRule, compliant, nonCompliant } from "../../rule";
import { isSet } from "./identifiers";

export const SnowflakePipeErrorIntegration: GuardrailRule = {
  id: "Snowflake.PipeErrorIntegration",
  name: "SnowflakePipeErrorIntegration",
  what: "Every pipe has an error_integration.",
  why: "Snowpipe fails quietly: a file it cannot load leaves no trace outside COPY_HISTORY, so without error notifications readings go missing unnoticed.",
  level: "ERROR",
  resourceTypes: ["snowflake_pipe"],
  check(pipe) {
    return isSet(pipe.config.error_integration)
      ? compliant()
      : nonCompliant(
          "the pipe has no error_integration; attach the outbound SNS notification integration",
        );
  },
};
