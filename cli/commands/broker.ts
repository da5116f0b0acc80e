import type { Command } from "commander";
import { startBroker } from "../../local/mqtt/broker";
import { BROKER_DEFAULTS } from "../../local/mqtt/defaults";
import type { RegisterCommand } from "./command";

interface BrokerFlags {
  readonly port: string;
  readonly host: string;
}

/** `sensorctl broker [--port 1883] [--host 127.0.0.1]`: the bundled MQTT broker, until Ctrl-C. */
export const registerBroker: RegisterCommand = (program: Command) => {
  program
    .command("broker")
    .description(
      "Run a local MQTT 3.1.1 broker (in memory) for `local --mqtt` and `simulate --mqtt`; any other MQTT 3.1.1/5 broker works too",
    )
    .option("--port <n>", "TCP port (0 picks a free one)", String(BROKER_DEFAULTS.port))
    .option(
      "--host <address>",
      "interface to listen on; the default accepts connections from this machine only",
      BROKER_DEFAULTS.host,
    )
    .action(async (flags: BrokerFlags) => {
      const port = Number(flags.port);
      if (flags.port.trim() === "" || !Number.isInteger(port))
        throw new Error(`--port ${flags.port} must be a whole number, e.g. --port 1883`);
      const broker = await startBroker({ port, host: flags.host });
      // The first stdout line is the address: scripts and tests read the port from it.
      process.stdout.write(`broker listening on ${broker.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
      await broker.close();
      process.stdout.write("broker stopped\n");
    });
};
