import { blocks, identifies } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

export const LambdaFailureDestination: GuardrailRule = {
  id: "Lambda.FailureDestination",
  name: "LambdaFailureDestination",
  what: "Every function has an on-failure destination (aws_lambda_function_event_invoke_config) or a dead-letter queue.",
  why: "S3 invokes the function asynchronously; after the retries a failed event is otherwise dropped, and the upload it describes is never normalized or loaded.",
  level: "ERROR",
  resourceTypes: ["aws_lambda_function"],
  check(fn, { stack }) {
    const deadLetter = blocks(fn.config.dead_letter_config).some((config) => config.target_arn);
    if (deadLetter) return compliant();
    const configs = stack
      .ofType("aws_lambda_function_event_invoke_config")
      .filter((config) =>
        identifies(
          config.config.function_name,
          fn,
          ["function_name", "arn", "id"],
          "function_name",
        ),
      );
    const onFailure = configs.some((config) =>
      blocks(config.config.destination_config).some((destination) =>
        blocks(destination.on_failure).some((failure) => failure.destination),
      ),
    );
    if (onFailure) return compliant();
    return nonCompliant(
      configs.length === 0
        ? "the function has no aws_lambda_function_event_invoke_config; add one with destination_config.on_failure"
        : "the function's event invoke config has no destination_config.on_failure.destination",
    );
  },
};
