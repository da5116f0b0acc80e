import { buildProgram } from "../../cli/sensorctl";

/** Runs sensorctl in-process and returns what it wrote to stderr and the error it threw. */
export async function sensorctl(...args: string[]): Promise<{ error?: Error; stderr: string }> {
  let stderr = "";
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined });
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeErr: (text) => (stderr += text) });
  }
  try {
    await program.parseAsync(["node", "sensorctl", ...args]);
    return { stderr };
  } catch (error) {
    return { error: error as Error, stderr };
  }
}
