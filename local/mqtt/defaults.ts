/** Defaults of the local MQTT commands, apart from the code so the CLI can list them without loading it. */

/** `sensorctl broker`: the MQTT port, and only this machine may connect. */
export const BROKER_DEFAULTS = { port: 1883, host: "127.0.0.1" } as const;

/** `sensorctl local --mqtt` and `simulate --mqtt`. */
export const MQTT_LOCAL_DEFAULTS = {
  topicPrefix: "sensors/local",
  /** Short, for a laptop demo; the cloud stacks' Firehose buffers at most 60 s. */
  bufferIntervalSeconds: 1,
  bufferSizeMb: 1,
} as const;
