/**
 * `sensorctl broker`: a real MQTT 3.1.1 broker for local use, from a maintained library (aedes) on
 * a plain TCP server. In-memory only: messages a subscriber has not acknowledged live as long as the
 * broker process, which is what a laptop demo and the tests need. Listens on 127.0.0.1 unless told
 * otherwise, so nothing outside this machine can publish into the local pipeline.
 */
import { Aedes } from "aedes";
import { createServer, type AddressInfo } from "node:net";
import { BROKER_DEFAULTS } from "./defaults";

/** Where the broker listens. */
export interface BrokerOptions {
  /** TCP port; 0 picks a free one (read it from the result). @default 1883 */
  readonly port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  readonly host?: string;
}

/** A running broker. */
export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  /** `mqtt://host:port`, for `local --mqtt` and `simulate --mqtt`. */
  readonly url: string;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

/** Starts the broker; resolves once it accepts connections. */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const port = options.port ?? BROKER_DEFAULTS.port;
  const host = options.host ?? BROKER_DEFAULTS.host;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${port} must be a whole number from 0 to 65535 (0 picks a free port)`);
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `port ${port} on ${host} is in use; pick another with --port, e.g. --port 1884`,
            )
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    host,
    port: bound,
    url: `mqtt://${host}:${bound}`,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
