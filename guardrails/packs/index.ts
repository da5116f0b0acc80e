import type { GuardrailRule } from "../rule";
import { AWS_GUARDRAILS } from "./aws";
import { SNOWFLAKE_GUARDRAILS } from "./snowflake";

/** Every guardrail, in the order the docs list them. */
export const ALL_GUARDRAILS: readonly GuardrailRule[] = [
  ...AWS_GUARDRAILS,
  ...SNOWFLAKE_GUARDRAILS,
];
