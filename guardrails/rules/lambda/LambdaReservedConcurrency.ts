import { isExpression } from "../../references";
import { type GuardrailRule, compliant, nonCompliant } from "../../rule";

const MINIMUM = 1;
const MAXIMUM = 1000;

export const LambdaReservedConcurrency: GuardrailRule = {
  id: "Lambda.ReservedConcurrency",
  name: "LambdaReservedConcurrency",
  what: `Every function sets reserved_concurrent_executions between ${MINIMUM} and ${MAXIMUM}.`,
  why: "Unreserved, a burst of uploads (or a loop) scales the function to the account limit: cost without bound and throttling of every other function; 0 disables it.",
  level: "ERROR",
  resourceTypes: ["aws_lambda_function"],
  check(fn) {
    const reserved = fn.config.reserved_concurrent_executions;
    if (isExpression(reserved)) return compliant("reserved concurrency is computed at plan time");
    if (reserved === undefined || reserved === -1) {
      return nonCompliant(
        `concurrency is unbounded; set reserved_concurrent_executions (${MINIMUM}-${MAXIMUM})`,
      );
    }
    if (typeof reserved !== "number" || reserved < MINIMUM || reserved > MAXIMUM) {
      return nonCompliant(
        `reserved_concurrent_executions is ${String(reserved)}; it must be from ${MINIMUM} to ${MAXIMUM}`,
      );
    }
    return compliant();
  },
};
