// The API in its distributed shape: Elasticsearch store (unique index prefix) and Kafka bus (unique topics).
// Filters, free text, cursor paging, tenant isolation, PATCH + audit, ingest onto Kafka, and the live stream.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { KafkaBus } from "../../../shared/bus/kafka.js";
import { setLogLevel } from "../../../shared/observability/log.js";
import { ElasticsearchStore } from "../../../shared/store/elasticsearch.js";
import { loadGeigerConfig } from "../../../services/cli/config.js";
import { createApi, type Api } from "../../../services/api/server.js";
import { ensureInfra, uniqueName } from "../../support/infra.js";
import { makeAlert, makeEvent } from "../../unit/api/helpers.js";

setLogLevel("warn");

describe("API over Elasticsearch + Kafka", { timeout: 180_000 }, () => {
  let api: Api, store: ElasticsearchStore, bus: KafkaBus, base: string;
  const topics = { telemetry: uniqueName("telemetry"), alerts: uniqueName("alerts") };
  const call = async (path: string, o: { token?: string; method?: string; body?: unknown } = {}) => {
    const res = await fetch(base + path, { method: o.method ?? "GET", headers: { authorization: `Bearer ${o.token ?? api.adminToken}`, ...(o.body !== undefined ? { "content-type": "application/json" } : {}) }, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
    return { status: res.status, body: (await res.json()) as any };
  };

  before(async () => {
    const { kafkaBrokers, esUrl } = await ensureInfra();
    const config = loadGeigerConfig({ env: {}, overrides: { topics, kafka: { brokers: kafkaBrokers, partitions: 2 }, elasticsearch: { url: esUrl, index_prefix: uniqueName("geiger-api").toLowerCase().replace(/[^a-z0-9_-]/g, "-") + "-" }, api: { rate_limit: { enabled: false }, stream: { heartbeat_ms: 1000 } } } });
    store = new ElasticsearchStore(config.elasticsearch);
    await store.init();
    bus = new KafkaBus({ brokers: kafkaBrokers, clientId: "geiger-api-it" });
    await bus.ensureTopics([{ name: topics.telemetry, partitions: 2 }, { name: topics.alerts, partitions: 2 }]);
    api = await createApi({ store, bus, config, adminToken: "integration-admin-token-000000" });
    const server = await api.listen("127.0.0.1", 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const alerts = [
      makeAlert({ alert_id: "it-a1", tenant: "acme", severity: "critical", session: "it-s1", title: "Exfiltration through memory" }),
      makeAlert({ alert_id: "it-a2", tenant: "acme", severity: "low", session: "it-s1" }),
      makeAlert({ alert_id: "it-a3", tenant: "globex", severity: "high", session: "it-s1" }),
    ];
    const events = [makeEvent({ event_id: "it-e1", tenant: "acme", session: "it-s1" }), makeEvent({ event_id: "it-e2", tenant: "globex", session: "it-s1" })];
    await store.bulkWrite("alerts", alerts.map((a) => ({ id: a.alert_id, doc: a as never })));
    await store.bulkWrite("telemetry", events.map((e) => ({ id: e.event_id, doc: { ...e, tool: "read_file" } as never })));
    await store.refresh("alerts");
    await store.refresh("telemetry");
  });
  after(async () => { await api?.close(); await bus?.close(); await store?.close(); });

  it("filters, searches free text and pages with cursors on Elasticsearch", async () => {
    assert.deepEqual((await call("/api/v1/alerts?severity_min=high")).body.items.map((a: any) => a.alert_id).sort(), ["it-a1", "it-a3"]);
    assert.deepEqual((await call("/api/v1/alerts?q=exfiltration")).body.items.map((a: any) => a.alert_id), ["it-a1"]);
    assert.equal((await call("/api/v1/alerts?server=*")).body.items.length, 0, "a wildcard is a plain value");
    assert.equal((await call("/api/v1/alerts?q=%22%20OR%20*%3A*")).body.items.length, 0, "query syntax is plain words");
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r: { body: any } = await call(`/api/v1/alerts?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...r.body.items.map((a: any) => a.alert_id));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    assert.deepEqual(seen.sort(), ["it-a1", "it-a2", "it-a3"]);
    assert.equal((await call("/api/v1/alerts?cursor=bm90LWEtY3Vyc29y")).status, 400);
  });

  it("keeps tenants apart on Elasticsearch (list, id, timeline, stats)", async () => {
    const acme = (await call("/api/v1/tokens", { method: "POST", body: { role: "analyst", tenant: "acme" } })).body.token;
    assert.deepEqual((await call("/api/v1/alerts", { token: acme })).body.items.map((a: any) => a.alert_id).sort(), ["it-a1", "it-a2"]);
    assert.equal((await call("/api/v1/alerts/it-a3", { token: acme })).status, 404);
    const tl = (await call("/api/v1/sessions/it-s1/timeline", { token: acme })).body;
    assert.ok(tl.items.every((i: any) => (i.type === "event" ? i.event.tenant : i.alert.entity.tenant) === "acme"));
    assert.equal(tl.items.length, 3);
    const stats = (await call("/api/v1/stats?since=2024-12-31T00:00:00Z&until=2025-01-02T00:00:00Z", { token: acme })).body;
    assert.equal(stats.alerts.total, 2);
    assert.equal(stats.events.total, 1);
    const p = await call("/api/v1/alerts/it-a1", { token: acme, method: "PATCH", body: { status: "acknowledged", note: "on it" } });
    assert.equal(p.status, 200);
    assert.equal(p.body.notes[0].text, "on it");
    await store.refresh("audit");
    assert.ok((await call("/api/v1/audit?action=alert.update")).body.items.some((x: any) => x.target === "alert:it-a1"));
  });

  it("ingests onto Kafka and streams alerts published on Kafka", async () => {
    const collector = (await call("/api/v1/tokens", { method: "POST", body: { role: "collector", tenant: "acme" } })).body.token;
    const got: string[] = [];
    const sub = await bus.subscribe({ groupId: uniqueName("it-ingest"), topics: [topics.telemetry], fromBeginning: true, handleBatch: async (ms) => { got.push(...ms.map((m) => `${m.key}@${m.partition}:${m.offset}`)); } });
    const r = await call("/api/v1/ingest", { token: collector, method: "POST", body: [makeEvent({ tenant: "acme", session: "kafka-s" }), { bad: true }] });
    assert.equal(r.status, 207);
    for (let i = 0; i < 300 && got.length < 1; i++) await new Promise((res) => setTimeout(res, 100));
    await sub.stop();
    // At-least-once: the same offset may be handed over again, but exactly one message was published.
    assert.equal(new Set(got).size, 1);
    assert.match(got[0]!, /^kafka-s@/);

    const ws = new WebSocket(base.replace("http", "ws") + "/api/v1/stream", { headers: { authorization: `Bearer ${api.adminToken}` } });
    const msgs: any[] = [];
    ws.on("message", (d) => msgs.push(JSON.parse(String(d))));
    await new Promise((res, rej) => { ws.once("open", res); ws.once("error", rej); });
    ws.send(JSON.stringify({ type: "resume", since: "2024-12-31T00:00:00Z" }));
    for (let i = 0; i < 100 && !msgs.some((m) => m.type === "resumed"); i++) await new Promise((res) => setTimeout(res, 100));
    // Backfill and live delivery are de-duplicated per alert version (it-a1 may already have arrived live after its PATCH).
    const ids = new Set(msgs.filter((m) => m.type === "alert").map((m) => m.alert.alert_id));
    for (const id of ["it-a1", "it-a2", "it-a3"]) assert.ok(ids.has(id), `${id} backfilled from Elasticsearch`);
    assert.ok(msgs.some((m) => m.backfill), "backfill messages are marked");
    // The stream's consumer group starts at the end of the topic; keep publishing until one arrives.
    const live = makeAlert({ alert_id: "it-live", tenant: "acme" });
    for (let i = 0; i < 60 && !msgs.some((m) => m.type === "alert" && m.alert.alert_id === "it-live"); i++) {
      if (i % 10 === 0) await bus.publish(topics.alerts, [{ key: live.dedup_key, value: JSON.stringify(live) }]);
      await new Promise((res) => setTimeout(res, 250));
    }
    ws.close();
    assert.ok(msgs.some((m) => m.type === "alert" && m.alert.alert_id === "it-live"), "live alert from Kafka");
  });
});
