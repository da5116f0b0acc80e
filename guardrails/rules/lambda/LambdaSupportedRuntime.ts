import { isExpression } from "../../references";
import { type GuardrailRule, compliant, nonCompliant, notApplicable } from "../../rule";

/**
 * Deprecation dates (end of security patches) from the AWS Lambda runtimes page. Add a runtime
 * here, with its date, before using it.
 */
export const RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  "nodejs20.x": "2026-04-30",
  "nodejs22.x": "2027-04-30",
  "nodejs24.x": "2028-04-30",
  "python3.10": "2026-06-30",
  "python3.11": "2026-06-30",
  "python3.12": "2028-10-31",
  "python3.13": "2029-06-30",
  "python3.14": "2029-06-30",
  java25: "2029-06-30",
  "ruby3.3": "2027-03-31",
  "ruby3.4": "2028-03-31",
  dotnet10: "2028-11-14",
};

const WARN_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export const LambdaSupportedRuntime: GuardrailRule = {
  id: "Lambda.SupportedRuntime",
  name: "LambdaSupportedRuntime",
  what: "Every function uses a runtime that AWS still patches (listed with its deprecation date in the rule).",
  why: "A deprecated runtime gets no security fixes, and soon after AWS blocks creating and then updating functions on it, which stops deploys mid-incident.",
  level: "ERROR",
  resourceTypes: ["aws_lambda_function"],
  check(fn, { today }) {
    if (fn.config.package_type === "Image")
      return notApplicable("container image functions bring their own runtime");
    const runtime = fn.config.runtime;
    if (isExpression(runtime)) return compliant("the runtime is computed at plan time");
    if (typeof runtime !== "string") return nonCompliant("the function sets no runtime");
    const deprecation = RUNTIME_DEPRECATION[runtime];
    if (!deprecation) {
      return nonCompliant(
        `runtime ${runtime} is not in this rule's table; use a supported one (e.g. nodejs22.x) or add it with its deprecation date`,
      );
    }
    const daysLeft = Math.floor((Date.parse(deprecation) - today.getTime()) / DAY_MS);
    if (daysLeft <= 0)
      return nonCompliant(
        `runtime ${runtime} was deprecated on ${deprecation}; move to a newer one`,
      );
    return daysLeft <= WARN_DAYS
      ? compliant(`runtime ${runtime} is deprecated on ${deprecation}, in ${daysLeft} days`)
      : compliant();
  },
};
