// Kafka adapter of the Bus port (kafkajs): idempotent acks=all producer with gzip, consumer groups with
// commit-after-handling, batches retried in place with backoff so a store outage never skips an offset.
import { readFileSync } from "node:fs";
import {
  CompressionTypes, Kafka, logLevel, type Consumer, type KafkaConfig as KafkaJsConfig, type Producer, type SASLOptions, type LogEntry,
} from "kafkajs";
import { backoffMs, GeigerError, sleep } from "../errors.js";
import { logEvent } from "../observability/log.js";
import type { Bus, BusMessage, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from "./port.js";

export interface KafkaBusOptions {
  brokers: string[];
  clientId?: string;
  ssl?: { ca_file?: string; cert_file?: string; key_file?: string; reject_unauthorized?: boolean };
  sasl?: { mechanism: "plain" | "scram-sha-256" | "scram-sha-512"; username: string; password: string };
  /** Partitions for topics this bus creates. */
  partitions?: number;
  replicationFactor?: number;
  /** kafkajs connection retries before a publish rejects (the caller's spool or batch retry takes over). */
  publishRetries?: number;
}

const KAFKA_LEVELS: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error", [logLevel.WARN]: "warn", [logLevel.INFO]: "info", [logLevel.DEBUG]: "debug",
};

/** Routes kafkajs' own logging into our named-event log, warnings and errors only. */
/**
 * kafkajs warns on every idempotent producer whose retries are bounded. They are bounded on purpose: a failed
 * publish returns to the caller (collector spool, consumer retry), and every consumer is idempotent by event id,
 * so Geiger never relies on exactly-once. The warning is logged at debug so it does not read as a fault.
 */
const EXPECTED_WARNINGS = new Set(["Limiting retries for the idempotent producer may invalidate EoS guarantees"]);

const logCreator = () => ({ level, log }: LogEntry) => {
  const lvl = EXPECTED_WARNINGS.has(log.message) ? "debug" : KAFKA_LEVELS[level] ?? "info";
  logEvent(lvl, "kafka_client", { namespace: log.namespace, message: log.message, broker: (log as Record<string, unknown>).broker });
};

export class KafkaBus implements Bus {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private producing: Promise<Producer> | null = null;
  private readonly subs = new Set<KafkaSubscription>();
  private readonly known = new Set<string>();

  constructor(private readonly o: KafkaBusOptions) {
    const cfg: KafkaJsConfig = {
      clientId: o.clientId ?? "geiger",
      brokers: o.brokers,
      logLevel: logLevel.WARN,
      logCreator,
      connectionTimeout: 3000,
      retry: { initialRetryTime: 200, retries: o.publishRetries ?? 5, maxRetryTime: 5000 },
    };
    if (o.ssl) {
      cfg.ssl = {
        rejectUnauthorized: o.ssl.reject_unauthorized ?? true,
        ...(o.ssl.ca_file ? { ca: [readFileSync(o.ssl.ca_file, "utf8")] } : {}),
        ...(o.ssl.cert_file ? { cert: readFileSync(o.ssl.cert_file, "utf8") } : {}),
        ...(o.ssl.key_file ? { key: readFileSync(o.ssl.key_file, "utf8") } : {}),
      };
    }
    if (o.sasl) cfg.sasl = { mechanism: o.sasl.mechanism, username: o.sasl.username, password: o.sasl.password } as SASLOptions;
    this.kafka = new Kafka(cfg);
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    const missing = topics.filter((t) => !this.known.has(t.name));
    if (missing.length === 0) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const create = missing.filter((t) => !existing.has(t.name));
      if (create.length) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: create.map((t) => ({ topic: t.name, numPartitions: t.partitions ?? this.o.partitions ?? 6, replicationFactor: this.o.replicationFactor ?? 1 })),
        });
      }
      for (const t of missing) this.known.add(t.name);
    } catch (err) {
      throw new GeigerError(`kafka: cannot ensure topics ${missing.map((t) => t.name).join(",")}: ${(err as Error).message}`, { retriable: true, cause: err });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producing ??= (async () => {
      const p = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await p.connect();
      p.on(p.events.DISCONNECT, () => { if (this.producer === p) { this.producer = null; this.producing = null; } });
      this.producer = p;
      return p;
    })().catch((err: unknown) => { this.producing = null; throw err; });
    return this.producing;
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      const p = await this.getProducer();
      await p.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: messages.map((m) => ({ key: m.key, value: m.value, ...(m.headers ? { headers: m.headers } : {}) })) });
    } catch (err) {
      throw new GeigerError(`kafka: publish to ${topic} failed: ${(err as Error).message}`, { retriable: isRetriablePublishError(err), cause: err });
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10_000, restartOnFailure: async () => true },
    });
    const sub = new KafkaSubscription(consumer, options, () => this.subs.delete(sub));
    this.subs.add(sub);
    await sub.start();
    return sub;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.stop()));
    const p = this.producer;
    this.producer = null;
    this.producing = null;
    await p?.disconnect().catch(() => undefined);
  }
}

/** Broker answers that no retry can change: the message or the request itself is refused. */
const PERMANENT_KAFKA_ERRORS = new Set([
  "MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE", "INVALID_RECORD", "CORRUPT_MESSAGE", "INVALID_TOPIC_EXCEPTION",
  "TOPIC_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED", "INVALID_REQUIRED_ACKS", "UNSUPPORTED_VERSION",
]);

/**
 * kafkajs marks "retries exhausted" as non-retriable even when the cause is a broker that is down for longer than
 * its own retry budget: for us that is the most retriable failure there is (the collector spools and tries again).
 * Only a permanent broker answer anywhere in the cause chain makes a publish non-retriable.
 */
export function isRetriablePublishError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    const x = e as { type?: unknown; originalError?: unknown; cause?: unknown };
    if (typeof x.type === "string" && PERMANENT_KAFKA_ERRORS.has(x.type)) return false;
    e = x.originalError ?? x.cause;
  }
  return true;
}

type Assignment = Map<string, Set<number>>;

class KafkaSubscription implements Subscription {
  private stopped = false;
  private assignment: Assignment = new Map();

  constructor(private readonly consumer: Consumer, private readonly o: SubscribeOptions, private readonly onStop: () => void) {}

  async start(): Promise<void> {
    const c = this.consumer;
    c.on(c.events.GROUP_JOIN, ({ payload }) => {
      const next: Assignment = new Map(Object.entries(payload.memberAssignment).map(([t, ps]) => [t, new Set(ps)]));
      const diff = (a: Assignment, b: Assignment) => [...a].map(([topic, ps]) => ({ topic, partitions: [...ps].filter((p) => !b.get(topic)?.has(p)) })).filter((x) => x.partitions.length);
      const revoked = diff(this.assignment, next);
      const assigned = diff(next, this.assignment);
      this.assignment = next;
      void (async () => {
        try {
          if (revoked.length) await this.o.onPartitionsRevoked?.(revoked);
          if (assigned.length) await this.o.onPartitionsAssigned?.(assigned);
        } catch (err) {
          logEvent("error", "bus_rebalance_hook_failed", { group: this.o.groupId, error: (err as Error).message });
        }
      })();
    });
    c.on(c.events.CRASH, ({ payload }) => logEvent("error", "kafka_consumer_crash", { group: this.o.groupId, error: payload.error.message, restart: payload.restart }));
    await c.connect();
    for (const topic of this.o.topics) await c.subscribe({ topic, fromBeginning: this.o.fromBeginning ?? true });
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (batch.messages.length === 0) return;
        const messages: BusMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString() : null,
          value: m.value ? m.value.toString() : "",
          ...(m.headers ? { headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Array.isArray(v) ? String(v[0] ?? "") : String(v ?? "")])) } : {}),
        }));
        for (let attempt = 0; ; attempt++) {
          if (!isRunning() || isStale()) return; // not committed: the next owner re-reads this batch
          try {
            await this.o.handleBatch(messages);
            break;
          } catch (err) {
            logEvent("warn", "bus_handler_retry", { group: this.o.groupId, topic: batch.topic, partition: batch.partition, attempt, error: (err as Error).message });
            await sleep(backoffMs(attempt, 200, 15_000));
            await heartbeat().catch(() => undefined);
          }
        }
        const last = batch.messages[batch.messages.length - 1]!;
        // resolveOffset moves kafkajs' fetch position; commitOffsets makes it durable for the group.
        resolveOffset(last.offset);
        await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }]);
        await heartbeat().catch(() => undefined);
      },
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.consumer.disconnect().catch(() => undefined);
    this.onStop();
  }
}
