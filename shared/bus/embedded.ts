// Embedded twin of the Kafka bus: partitioned in-process logs with consumer-group offsets committed after
// handling, persisted under the data dir so a restart resumes where it left off. One consumer per group
// owns every partition (there is one process in embedded mode).
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { backoffMs, sleep } from "../errors.js";
import { logEvent } from "../observability/log.js";
import type { Bus, BusMessage, OutgoingMessage, SubscribeOptions, Subscription, TopicSpec } from "./port.js";

interface Partition { base: number; messages: OutgoingMessage[] }
interface Topic { partitions: Partition[] }
type Offsets = Record<string, Record<string, number[]>>; // group → topic → next offset per partition

export interface EmbeddedBusOptions {
  dataDir?: string;
  defaultPartitions?: number;
  /** Messages kept per partition, oldest dropped first (Kafka-like retention). */
  retention?: number;
  maxBatch?: number;
}

/** murmur-free, stable string hash: only needs to spread keys and stay the same across restarts. */
export function partitionFor(key: string | null, partitions: number, counter: number): number {
  if (key === null) return counter % partitions;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % partitions;
}

export class EmbeddedBus implements Bus {
  private readonly topics = new Map<string, Topic>();
  private offsets: Offsets = {};
  private readonly dir: string | null;
  private readonly waiters = new Set<() => void>();
  private readonly subs = new Set<EmbeddedSubscription>();
  private rr = 0;
  readonly opts: Required<Omit<EmbeddedBusOptions, "dataDir">>;

  constructor(opts: EmbeddedBusOptions = {}) {
    this.dir = opts.dataDir ? join(opts.dataDir, "bus") : null;
    this.opts = { defaultPartitions: opts.defaultPartitions ?? 3, retention: opts.retention ?? 200_000, maxBatch: opts.maxBatch ?? 500 };
    if (this.dir) {
      mkdirSync(this.dir, { recursive: true });
      const off = join(this.dir, "offsets.json");
      if (existsSync(off)) this.offsets = JSON.parse(readFileSync(off, "utf8")) as Offsets;
    }
  }

  private topicFile(name: string): string | null {
    return this.dir ? join(this.dir, `${encodeURIComponent(name)}.jsonl`) : null;
  }

  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    for (const spec of specs) {
      if (this.topics.has(spec.name)) continue;
      const n = spec.partitions ?? this.opts.defaultPartitions;
      const topic: Topic = { partitions: Array.from({ length: n }, () => ({ base: 0, messages: [] })) };
      const file = this.topicFile(spec.name);
      if (file && existsSync(file)) {
        for (const line of readFileSync(file, "utf8").split("\n")) {
          if (!line) continue;
          try {
            const r = JSON.parse(line) as { p: number; o: number; m: OutgoingMessage };
            const p = topic.partitions[r.p];
            if (!p) continue;
            if (p.messages.length === 0) p.base = r.o;
            p.messages.push(r.m);
          } catch { /* torn tail line from a crash: never acknowledged */ }
        }
        for (const p of topic.partitions) this.trim(p);
        this.rewrite(spec.name, topic);
      }
      this.topics.set(spec.name, topic);
    }
  }

  private trim(p: Partition): void {
    const excess = p.messages.length - this.opts.retention;
    if (excess > 0) { p.messages.splice(0, excess); p.base += excess; }
  }

  private rewrite(name: string, topic: Topic): void {
    const file = this.topicFile(name);
    if (!file) return;
    const lines: string[] = [];
    topic.partitions.forEach((p, i) => p.messages.forEach((m, j) => lines.push(JSON.stringify({ p: i, o: p.base + j, m }))));
    writeFileSync(`${file}.tmp`, lines.length ? lines.join("\n") + "\n" : "");
    renameSync(`${file}.tmp`, file);
  }

  async publish(topicName: string, messages: OutgoingMessage[]): Promise<void> {
    if (!this.topics.has(topicName)) await this.ensureTopics([{ name: topicName }]);
    const topic = this.topics.get(topicName)!;
    const lines: string[] = [];
    for (const m of messages) {
      const pi = partitionFor(m.key, topic.partitions.length, this.rr++);
      const p = topic.partitions[pi]!;
      const msg: OutgoingMessage = { key: m.key, value: m.value, ...(m.headers ? { headers: m.headers } : {}) };
      lines.push(JSON.stringify({ p: pi, o: p.base + p.messages.length, m: msg }));
      p.messages.push(msg);
      this.trim(p);
    }
    const file = this.topicFile(topicName);
    if (file && lines.length) appendFileSync(file, lines.join("\n") + "\n"); // durable before we acknowledge
    for (const w of [...this.waiters]) w();
  }

  /** Next unread messages of one partition for a group, as BusMessages. */
  fetch(group: string, topicName: string, pi: number, max: number): BusMessage[] {
    const p = this.topics.get(topicName)?.partitions[pi];
    if (!p) return [];
    const next = Math.max(this.committed(group, topicName, pi), p.base);
    const start = next - p.base;
    return p.messages.slice(start, start + max).map((m, j) => ({ ...m, topic: topicName, partition: pi, offset: String(next + j) }));
  }

  committed(group: string, topic: string, pi: number): number {
    return this.offsets[group]?.[topic]?.[pi] ?? 0;
  }

  commit(group: string, topic: string, pi: number, nextOffset: number): void {
    const g = (this.offsets[group] ??= {});
    const t = (g[topic] ??= []);
    t[pi] = nextOffset;
    if (this.dir) {
      const off = join(this.dir, "offsets.json");
      writeFileSync(`${off}.tmp`, JSON.stringify(this.offsets));
      renameSync(`${off}.tmp`, off);
    }
  }

  partitionsOf(topic: string): number {
    return this.topics.get(topic)?.partitions.length ?? 0;
  }

  /** Resolves on the next publish, or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => { clearTimeout(t); this.waiters.delete(done); resolve(); };
      const t = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.ensureTopics(options.topics.map((name) => ({ name })));
    if (options.fromBeginning === false) {
      for (const t of options.topics) for (let i = 0; i < this.partitionsOf(t); i++) {
        if (this.offsets[options.groupId]?.[t]?.[i] === undefined) {
          const p = this.topics.get(t)!.partitions[i]!;
          this.commit(options.groupId, t, i, p.base + p.messages.length);
        }
      }
    }
    const sub = new EmbeddedSubscription(this, options, () => this.subs.delete(sub));
    this.subs.add(sub);
    await options.onPartitionsAssigned?.(options.topics.map((topic) => ({ topic, partitions: [...Array(this.partitionsOf(topic)).keys()] })));
    sub.start();
    return sub;
  }

  /** Messages not yet committed by a group: consumer lag, for metrics and tests. */
  lag(group: string, topic: string): number {
    let lag = 0;
    const t = this.topics.get(topic);
    t?.partitions.forEach((p, i) => { lag += p.base + p.messages.length - Math.max(this.committed(group, topic, i), p.base); });
    return lag;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.stop()));
  }
}

class EmbeddedSubscription implements Subscription {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly bus: EmbeddedBus, private readonly o: SubscribeOptions, private readonly onStop: () => void) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      for (const topic of this.o.topics) {
        for (let pi = 0; pi < this.bus.partitionsOf(topic) && this.running; pi++) {
          const batch = this.bus.fetch(this.o.groupId, topic, pi, this.bus.opts.maxBatch);
          if (batch.length === 0) continue;
          for (let attempt = 0; this.running; attempt++) {
            try {
              await this.o.handleBatch(batch);
              this.bus.commit(this.o.groupId, topic, pi, Number(batch[batch.length - 1]!.offset) + 1);
              handled += batch.length;
              break;
            } catch (err) {
              logEvent("warn", "bus_handler_retry", { group: this.o.groupId, topic, partition: pi, attempt, error: (err as Error).message });
              await sleep(backoffMs(attempt, 100, 10_000), this.abort.signal);
            }
          }
        }
      }
      if (handled === 0 && this.running) await this.bus.wait(200);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
    this.onStop();
  }
}
