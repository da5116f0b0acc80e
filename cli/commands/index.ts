import type { Command } from "commander";
import { registerLocal } from "./local";
import { registerSimulate } from "./simulate";

/** Adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every sensorctl subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [registerSimulate, registerLocal];
