/**
 * `sensorctl local --mqtt`: the streaming path on this machine. Subscribes to every gateway's
 * readings topic (QoS 1), normalizes each message with the normalizer's record mode, buffers like
 * Firehose (a time interval and a size, whichever comes first) and loads each micro-batch into the
 * landing table, then runs the task's SQL so the batch is in REPORTING.
 *
 * Acknowledgement: the MQTT client acknowledges a message once it has it in memory (mqtt.js
 * processes one incoming packet at a time, so holding acknowledgements until a load would allow
 * one message per load). On SIGINT it stops receiving first, then loads everything it received,
 * so everything acknowledged is loaded. A crash (kill -9) loses the unloaded buffer, at most one
 * interval of messages; the cloud path keeps them (IoT Core and Firehose are durable).
 */
import { connectAsync, type MqttClient } from "mqtt";
import { gatewayFromTopic, readingsTopicFilter } from "../../contract/mqtt-topic";
import { streamedMessageId, streamedSourceKey } from "../../contract/streamed-rows";
import { readSettings, type NormalizerSettings } from "../../lambda/normalizer";
import { NO_GATEWAY_SEGMENT } from "../../lambda/normalizer/keys";
import { normalizeMessage } from "../../lambda/normalizer/message";
import { optionsFromSettings } from "../../lambda/normalizer/normalize";
import type { PipelineDatabase } from "../pipeline/database";
import { setUpModel, type PipelineSql } from "../pipeline/run";
import { loadMicroBatch } from "./load-micro-batch";
import { MicroBatch } from "./micro-batch";
import { latencySummary, type LatencySummary } from "./latency";

export interface MqttRunOptions {
  /** `mqtt://host:port` of any MQTT 3.1.1/5 broker. */
  readonly url: string;
  /** Topics are `<topicPrefix>/<gateway_id>/readings`. */
  readonly topicPrefix: string;
  /** The local bucket: rejections go to its `rejected/`, as the file path's do. */
  readonly bucket: string;
  readonly sql: PipelineSql;
  /** Longest a received message waits before its batch is loaded, like Firehose's buffering interval. */
  readonly bufferIntervalMs: number;
  /** Payload bytes that load a batch at once, like Firehose's buffering size. */
  readonly bufferBytes: number;
  /** Abort to stop: receiving stops, then everything received is loaded. */
  readonly signal: AbortSignal;
  /** Called once the subscription is in place (messages published from then on are received). */
  readonly onSubscribed?: () => void;
  /** Called after each loaded batch with the running totals. */
  readonly onBatch?: (totals: MqttRunTotals) => void;
  readonly now?: () => number;
}

export interface MqttRunTotals {
  readonly messages: number;
  readonly readings: number;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly batches: number;
  readonly lastBatchRows: number;
  /** Publish → visible in REPORTING, over messages that carried `sent_at`. */
  readonly latency: LatencySummary | null;
}

export interface MqttRunSummary extends MqttRunTotals {
  readonly durationMs: number;
}

/** `{"sent_at":"<ISO>", …}` at the start of a payload: the simulator's publish time. */
const SENT_AT = /^\s*\{\s*"sent_at"\s*:\s*"([^"]{10,40})"/;

function sentAtOf(payload: Buffer): number | null {
  const match = SENT_AT.exec(payload.subarray(0, 80).toString("latin1"));
  if (!match) return null;
  const ms = Date.parse(match[1]);
  return Number.isNaN(ms) ? null : ms;
}

class StreamingLoader {
  private batch = new MicroBatch();
  private normalizing: Promise<void> = Promise.resolve();
  private flushing: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private failure: unknown = null;
  private sequence = 0;
  private batchSequence = 0;
  private lastLoadedMs = 0;
  private readonly latencies: number[] = [];
  private readonly runTag = process.pid.toString(36);
  readonly totals = {
    messages: 0,
    readings: 0,
    rejected: 0,
    rejectedByReason: {} as Record<string, number>,
    batches: 0,
    lastBatchRows: 0,
  };

  constructor(
    private readonly database: PipelineDatabase,
    private readonly options: MqttRunOptions,
    private readonly settings: NormalizerSettings,
    private readonly now: () => number,
  ) {}

  async resumeClock(): Promise<void> {
    const result = await this.database.connection.runAndReadAll(
      "SELECT CAST(epoch_ms(max(loaded_at)) AS DOUBLE) FROM landing.readings_raw",
    );
    const last = result.getRows()[0][0];
    if (typeof last === "number") this.lastLoadedMs = last;
  }

  receive(topic: string, payload: Buffer): void {
    const receivedMs = this.now();
    const sequence = ++this.sequence;
    const gatewayId = gatewayFromTopic(this.options.topicPrefix, topic);
    const gatewayKey = gatewayId ?? NO_GATEWAY_SEGMENT;
    const messageId = streamedMessageId(
      receivedMs,
      `${this.runTag}-${String(sequence).padStart(9, "0")}`,
    );
    const sourceKey = streamedSourceKey(gatewayKey, messageId);
    // One message after the other, so batches keep arrival order.
    this.normalizing = this.normalizing.then(async () => {
      const normalized = await normalizeMessage(payload, {
        sourceKey,
        gatewayId,
        options: { ...optionsFromSettings(this.settings, new Date(receivedMs)), fastLanes: false },
      });
      this.batch.add(
        {
          fileName: sourceKey,
          gatewayKey,
          receivedMs,
          payloadBytes: payload.length,
          sentAtMs: sentAtOf(payload),
        },
        normalized.readings,
        normalized.rejections,
      );
      if (this.batch.payloadBytes >= this.options.bufferBytes) this.flush();
    });
  }

  /**
   * Queues a load of everything buffered when it starts. While a load runs, messages keep
   * buffering and the next load takes them all at once: under load the batches grow instead of
   * queueing, so the task's per-run cost is paid once per load, not once per interval.
   */
  flush(): Promise<void> {
    if (this.flushQueued) return this.flushing;
    this.flushQueued = true;
    this.flushing = this.flushing.then(async () => {
      this.flushQueued = false;
      if (this.failure !== null || this.batch.empty) return;
      const batch = this.batch;
      this.batch = new MicroBatch();
      try {
        await this.load(batch);
      } catch (error) {
        this.failure = error;
      }
    });
    return this.flushing;
  }

  private async load(batch: MicroBatch): Promise<void> {
    const loadedMs = Math.max(this.now(), this.lastLoadedMs + 1);
    this.lastLoadedMs = loadedMs;
    const batchId = streamedMessageId(loadedMs, `${this.runTag}-b${++this.batchSequence}`);
    const load = await loadMicroBatch(this.database, batch, {
      bucket: this.options.bucket,
      batchId,
      loadedAt: new Date(loadedMs),
      task: this.options.sql.task,
    });
    const visibleMs = this.now();
    for (const sent of batch.sentAtMs) this.latencies.push(visibleMs - sent);
    const totals = this.totals;
    totals.messages += batch.messages;
    totals.readings += load.rows;
    totals.rejected += batch.rejections;
    for (const [code, count] of Object.entries(batch.rejectedByReason))
      totals.rejectedByReason[code] = (totals.rejectedByReason[code] ?? 0) + count;
    totals.batches++;
    totals.lastBatchRows = load.rows;
    this.options.onBatch?.(this.snapshot());
  }

  /** Waits until every received message is normalized and every batch loaded. */
  async drain(): Promise<void> {
    await this.normalizing;
    await this.flush();
    if (this.failure !== null) throw this.failure;
  }

  get failed(): unknown {
    return this.failure;
  }

  snapshot(): MqttRunTotals {
    return {
      ...this.totals,
      rejectedByReason: { ...this.totals.rejectedByReason },
      latency: latencySummary(this.latencies),
    };
  }
}

/** Runs until `signal` aborts (or a load fails); resolves after the last batch is loaded. */
export async function runMqttPipeline(
  database: PipelineDatabase,
  options: MqttRunOptions,
): Promise<MqttRunSummary> {
  const started = Date.now();
  const now = options.now ?? Date.now;
  if (!(options.bufferIntervalMs > 0) || !(options.bufferBytes > 0))
    throw new Error("the buffering interval and size must be positive");
  await setUpModel(database, options.sql);
  const loader = new StreamingLoader(database, options, readSettings(), now);
  await loader.resumeClock();
  let client: MqttClient;
  try {
    client = await connectAsync(options.url, {
      clientId: `sensorctl-local-${process.pid}-${started.toString(36)}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot connect to the MQTT broker at ${options.url} (${message}); start one with \`npx sensorctl broker\` or pass --mqtt mqtt://host:port`,
    );
  }
  client.on("message", (topic, payload) => loader.receive(topic, payload));
  const filter = readingsTopicFilter(options.topicPrefix);
  await client.subscribeAsync(filter, { qos: 1 });
  options.onSubscribed?.();
  const timer = setInterval(() => void loader.flush(), options.bufferIntervalMs);
  try {
    await new Promise<void>((resolve) => {
      if (options.signal.aborted) return resolve();
      options.signal.addEventListener("abort", () => resolve(), { once: true });
      const watchFailure = setInterval(() => {
        if (loader.failed !== null) {
          clearInterval(watchFailure);
          resolve();
        }
      }, 200);
      options.signal.addEventListener("abort", () => clearInterval(watchFailure), { once: true });
    });
  } finally {
    clearInterval(timer);
    // Stop receiving before the last load, so nothing is acknowledged after it.
    await client.unsubscribeAsync(filter).catch(() => undefined);
    await client.endAsync();
  }
  await loader.drain();
  return { ...loader.snapshot(), durationMs: Date.now() - started };
}
