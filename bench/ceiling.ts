// What this machine's Kafka broker and Elasticsearch node can do on their own, with no Geiger service in the
// path: the ceilings an end-to-end figure is bounded by. Same events as the e2e benchmark (bench/detector.ts mix),
// on the shared 9092/9200 instance (unique topic and index prefix, removed afterwards).
//   kafka — produce `events` (4 batches of 1,000 in flight), then one bare kafkajs consumer that only parses
//           each value, from the first fetch until every event is read;
//   es    — the same events as Geiger's stored telemetry documents (services/indexer/ecs.ts, the store's own
//           template and mapping) bulk-written straight to Elasticsearch, 1,000 per request, 2 requests in flight.
// Run alone: node --import tsx bench/ceiling.ts
import { Kafka, logLevel } from "kafkajs";
import { setLogLevel } from "../shared/observability/log.js";
import { ElasticsearchConfigSchema } from "../shared/config/infra.js";
import { ElasticsearchStore } from "../shared/store/elasticsearch.js";
import { toStoredTelemetry } from "../services/indexer/ecs.js";
import { ensureInfra, uniqueName } from "../test/support/infra.js";
import { makeEvents } from "./detector.js";

const BATCH = 1000;

export async function benchCeilings(opts: { events?: number; timeoutMs?: number } = {}): Promise<Record<string, number>> {
  setLogLevel("silent");
  const n = opts.events ?? 50_000;
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  const { kafkaBrokers, esUrl } = await ensureInfra();
  const events = makeEvents(n);
  const values = events.map((e) => JSON.stringify(e));

  // Kafka alone.
  const kafka = new Kafka({ brokers: kafkaBrokers, clientId: "bench-ceiling", logLevel: logLevel.NOTHING });
  const topic = uniqueName("ceiling-telemetry");
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: uniqueName("ceiling-group"), maxBytes: 32 * 1024 * 1024 });
  let kafkaProduce = 0, kafkaConsume = 0;
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    await producer.connect();
    const t0 = performance.now();
    const inflight: Promise<unknown>[] = [];
    for (let i = 0; i < n; i += BATCH) {
      inflight.push(producer.send({ topic, messages: values.slice(i, i + BATCH).map((v, k) => ({ key: events[i + k]!.agent.session_id, value: v })) }));
      if (inflight.length >= 4) await inflight.shift();
    }
    await Promise.all(inflight);
    kafkaProduce = n / ((performance.now() - t0) / 1000);

    let read = 0, tFirst = 0, tLast = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (!tFirst) tFirst = performance.now();
        for (const m of batch.messages) if (m.value) JSON.parse(m.value.toString("utf8"));
        read += batch.messages.length;
        if (read >= n) tLast = performance.now();
      },
    });
    while (!tLast) {
      if (Date.now() > deadline) throw new Error(`ceiling: consumer read ${read} of ${n} in time`);
      await new Promise((r) => setTimeout(r, 20));
    }
    kafkaConsume = n / ((tLast - tFirst) / 1000);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }

  // Elasticsearch alone.
  const store = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: esUrl, index_prefix: `${uniqueName("ceiling")}-` }));
  let esRate = 0;
  try {
    await store.init();
    const docs = events.map((e) => ({ id: e.event_id, doc: toStoredTelemetry(e) }));
    const t0 = performance.now();
    const inflight: Promise<unknown>[] = [];
    let failed = 0;
    for (let i = 0; i < n; i += BATCH) {
      inflight.push(store.bulkWrite("telemetry", docs.slice(i, i + BATCH)).then((r) => { failed += r.failed.length; }));
      if (inflight.length >= 2) await inflight.shift();
      if (Date.now() > deadline) throw new Error("ceiling: elasticsearch bulk did not finish in time");
    }
    await Promise.all(inflight);
    esRate = n / ((performance.now() - t0) / 1000);
    if (failed > 0) throw new Error(`ceiling: elasticsearch refused ${failed} documents`);
  } finally {
    await store.destroy().catch(() => undefined);
    await store.close();
  }

  return {
    "ceiling.events": n,
    "ceiling.mean_event_bytes": Math.round(values.reduce((s, v) => s + v.length, 0) / n),
    "ceiling.kafka_produce_events_per_s": Math.round(kafkaProduce),
    "ceiling.kafka_consume_parse_events_per_s": Math.round(kafkaConsume),
    "ceiling.es_bulk_index_events_per_s": Math.round(esRate),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void benchCeilings().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(45)} ${v.toLocaleString("en-US")}`);
    process.exit(0);
  });
}
