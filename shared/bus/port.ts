// Bus port: what services need from a message log (Kafka in distributed mode, an in-process twin embedded).

/** A message as produced. `key` decides the partition (Geiger keys telemetry by agent session id). */
export interface OutgoingMessage {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

/** A message as consumed, with its position so a handler can name it in logs and dead-letter records. */
export interface BusMessage extends OutgoingMessage {
  topic: string;
  partition: number;
  offset: string;
}

export interface TopicSpec {
  name: string;
  partitions?: number;
}

/**
 * Handles one batch of one partition, in order. Lifecycle contract: offsets are committed only after the
 * returned promise resolves (commit-after-handling, so a crash re-delivers rather than loses). If it rejects,
 * the adapter retries the same batch with backoff; handlers must therefore be idempotent.
 */
export type BatchHandler = (messages: BusMessage[]) => Promise<void>;

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. Default true: a new detector sees the whole log. */
  fromBeginning?: boolean;
  handleBatch: BatchHandler;
  /** Called when partitions are assigned/revoked (state hand-over on rebalance). */
  onPartitionsAssigned?: (assigned: { topic: string; partitions: number[] }[]) => void | Promise<void>;
  onPartitionsRevoked?: (revoked: { topic: string; partitions: number[] }[]) => void | Promise<void>;
}

export interface Subscription {
  /** Stops fetching; resolves after the in-flight batch has been handled and committed. */
  stop(): Promise<void>;
}

export interface Bus {
  /** Creates topics that do not exist yet (idempotent). */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Resolves once every message is durably accepted (Kafka: acks=all). Rejects with a retriable GeigerError. */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Stops every subscription and releases connections. Owned by the composition root. */
  close(): Promise<void>;
}

export const TOPICS = {
  telemetry: "mcp.telemetry",
  telemetryDlq: "mcp.telemetry.dlq",
  alerts: "mcp.alerts",
  notifierDlq: "mcp.alerts.dlq",
} as const;

export const dlqTopicFor = (topic: string): string => `${topic}.dlq`;
