/**
 * A micro-batch of normalized MQTT messages, as Firehose buffers records before one delivery: the
 * readings with their streamed lineage (contract/streamed-rows.ts), the rejections grouped by
 * gateway, and the publish times of the messages that stamped one (for latency).
 */
import type { CanonicalReading, RejectedRecord } from "../../contract/reading";

/** A reading plus the lineage the landing table needs; LOADED_AT is added at load time. */
export interface StreamedRow extends CanonicalReading {
  readonly file_name: string;
  readonly file_row: number;
  /** The message's receive time, a streamed reading's upload time (contract/streamed-rows.ts). */
  readonly uploaded_at: string;
}

export class MicroBatch {
  readonly rows: StreamedRow[] = [];
  readonly rejectionsByGateway = new Map<string, RejectedRecord[]>();
  /** Publish time (epoch ms) of each message that carried `sent_at`. */
  readonly sentAtMs: number[] = [];
  messages = 0;
  payloadBytes = 0;
  rejections = 0;
  readonly rejectedByReason: Record<string, number> = {};

  /** Adds one normalized message. */
  add(
    message: {
      readonly fileName: string;
      readonly gatewayKey: string;
      readonly receivedMs: number;
      readonly payloadBytes: number;
      readonly sentAtMs: number | null;
    },
    readings: readonly CanonicalReading[],
    rejections: readonly RejectedRecord[],
  ): void {
    this.messages++;
    this.payloadBytes += message.payloadBytes;
    const uploadedAt = new Date(message.receivedMs).toISOString();
    readings.forEach((reading, index) =>
      this.rows.push({
        ...reading,
        file_name: message.fileName,
        file_row: index + 1,
        uploaded_at: uploadedAt,
      }),
    );
    if (rejections.length > 0) {
      const list = this.rejectionsByGateway.get(message.gatewayKey) ?? [];
      list.push(...rejections);
      this.rejectionsByGateway.set(message.gatewayKey, list);
      this.rejections += rejections.length;
      for (const rejection of rejections)
        this.rejectedByReason[rejection.reason.code] =
          (this.rejectedByReason[rejection.reason.code] ?? 0) + 1;
    }
    if (message.sentAtMs !== null) this.sentAtMs.push(message.sentAtMs);
  }

  get empty(): boolean {
    return this.messages === 0;
  }
}
