import type { Command } from "commander";
import { registerBootstrapSql } from "./bootstrap-sql";
import { registerPlanSummary } from "./plan-summary";
import { registerNormalize } from "./normalize";

/** Adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every sensorctl subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerNormalize,
  registerPlanSummary,
  registerBootstrapSql,
];
