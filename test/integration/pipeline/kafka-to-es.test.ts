// The spine on real parts: 10,000 TelemetryEvents produced to Kafka (some delivered twice, some malformed)
// are consumed by the indexer into Elasticsearch and found again by session — exactly 10,000.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KafkaBus } from "../../../shared/bus/kafka.js";
import { dlqTopicFor } from "../../../shared/bus/port.js";
import { ElasticsearchConfigSchema } from "../../../shared/config/infra.js";
import { ElasticsearchStore } from "../../../shared/store/elasticsearch.js";
import { startIndexer } from "../../../services/indexer/service.js";
import { ensureInfra, uniqueName } from "../../support/infra.js";
import { makeEvent } from "../../support/events.js";
import { until } from "../../support/bus-contract.js";

test("10,000 events: Kafka → indexer → Elasticsearch, duplicates collapse, malformed dead-lettered", async (t) => {
  const { kafkaBrokers, esUrl } = await ensureInfra();
  const run = uniqueName("spine");
  const topic = `${run}.telemetry`;
  const bus = new KafkaBus({ brokers: kafkaBrokers, clientId: run, partitions: 3 });
  const store = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: esUrl, index_prefix: `${run}-` }));
  await store.init();
  t.after(async () => { await bus.close(); await store.destroy(); await store.close(); });
  await bus.ensureTopics([{ name: topic, partitions: 3 }, { name: dlqTopicFor(topic), partitions: 1 }]);

  const SESSIONS = 20;
  const base = Date.parse("2026-11-21T08:00:00.000Z");
  const events = Array.from({ length: 10_000 }, (_, i) => makeEvent({ session: `${run}-s${i % SESSIONS}`, ts: new Date(base + i * 10).toISOString() }));
  const messages = events.map((e) => ({ key: e.agent.session_id, value: JSON.stringify(e) }));
  // At-least-once upstream: 500 events are delivered twice, and 3 malformed messages ride along.
  const resend = messages.slice(0, 500);
  const malformed = [{ key: "bad", value: "{oops" }, { key: "bad", value: "[]" }, { key: "bad", value: JSON.stringify({ ...events[0], event_id: "" }) }];
  for (let i = 0; i < messages.length; i += 1000) await bus.publish(topic, messages.slice(i, i + 1000));
  await bus.publish(topic, [...resend, ...malformed]);

  const indexer = await startIndexer({ bus, store, topic, groupId: `${run}-indexer` });
  const dead: string[] = [];
  const dlq = await bus.subscribe({ groupId: `${run}-dlq`, topics: [dlqTopicFor(topic)], handleBatch: async (b) => { dead.push(...b.map((m) => (JSON.parse(m.value) as { reason: string }).reason)); } });
  const deadline = Date.now() + 180_000;
  let count = 0;
  while (Date.now() < deadline) {
    await store.refresh("telemetry");
    count = await store.count("telemetry", {});
    if (count >= 10_000 && dead.length >= 3) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await until(() => dead.length >= 3, 30_000, "3 dead letters");
  await indexer.stop();
  await dlq.stop();

  assert.equal(count, 10_000, "exactly 10,000 documents despite 500 duplicates");
  let bySession = 0;
  for (let s = 0; s < SESSIONS; s++) {
    const n = await store.count("telemetry", { filters: [{ field: "agent.session_id", op: "eq", value: `${run}-s${s}` }] });
    assert.equal(n, 10_000 / SESSIONS, `session s${s}`);
    bySession += n;
  }
  assert.equal(bySession, 10_000);
  // Paging one session end to end returns each of its events once.
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await store.search("telemetry", { filters: [{ field: "mcp.session.id", op: "eq", value: `${run}-s3` }], limit: 200, cursor });
    for (const d of page.items) seen.add(d.event_id as string);
    cursor = page.next_cursor;
  } while (cursor);
  assert.equal(seen.size, 500);
  assert.equal(dead.length, 3);
  assert.match(dead.join("\n"), /invalid JSON/);
  assert.match(dead.join("\n"), /event_id/);
});
