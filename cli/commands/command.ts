import type { Command } from "commander";

/** Adds one subcommand to the program; each command file exports one, `index.ts` lists them. */
export type RegisterCommand = (program: Command) => void;
