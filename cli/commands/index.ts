import type { RegisterCommand } from "./command";
import { registerBootstrapSql } from "./bootstrap-sql";
import { registerBroker } from "./broker";
import { registerCheckApply } from "./check-apply";
import { registerLocal } from "./local";
import { registerNormalize } from "./normalize";
import { registerPlanSummary } from "./plan-summary";
import { registerReplay } from "./replay";
import { registerSimulate } from "./simulate";
import { registerSmoke } from "./smoke";
import { registerStatus } from "./status";

/** Every sensorctl subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerNormalize,
  registerSimulate,
  registerLocal,
  registerStatus,
  registerBroker,
  registerSmoke,
  registerReplay,
  registerPlanSummary,
  registerBootstrapSql,
  registerCheckApply,
];
