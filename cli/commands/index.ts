import type { Command } from "commander";
import { registerReplay } from "./replay";
import { registerSmoke } from "./smoke";

/** Adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every sensorctl subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerSmoke, registerReplay];
