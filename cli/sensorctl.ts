import { Command } from "commander";
import { COMMANDS } from "./commands";

/**
 * `sensorctl`: the operator's command line. Each subcommand lives in `cli/commands/<name>.ts` and is
 * listed in `cli/commands/index.ts`.
 */
export function buildProgram(): Command {
  const program = new Command("sensorctl")
    .description(
      "Operate the sensor pipeline: normalize, simulate, run locally, smoke-test, replay",
    )
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs sensorctl with the process arguments; errors end the process with exit code 1. */
export function main(argv: readonly string[] = process.argv): Promise<void> {
  return buildProgram()
    .parseAsync([...argv])
    .then(() => undefined)
    .catch((error: unknown) => {
      process.stderr.write(
        `sensorctl: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}

if (require.main === module) void main();
