// Fault: the pager endpoint fails — first with 5xx, then by never answering (client timeouts). The notifier
// must retry with backoff, then dead-letter (store `deadletters` + the alerts DLQ topic), and the alert must stay
// visible through the API; once the endpoint recovers, the next alert pages exactly once.
// Protection under test: services/notifier/service.ts deliver() retries + deadLetter(); the alert itself lives
// in the store independently of paging.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KafkaBus } from "../../shared/bus/kafka.js";
import { dlqTopicFor } from "../../shared/bus/port.js";
import { ElasticsearchConfigSchema } from "../../shared/config/infra.js";
import { setLogLevel } from "../../shared/observability/log.js";
import type { Alert } from "../../shared/schema/alert.js";
import { ElasticsearchStore } from "../../shared/store/elasticsearch.js";
import { createApi } from "../../services/api/server.js";
import { loadGeigerConfig } from "../../services/cli/config.js";
import { alertWrites } from "../../services/detector/service.js";
import { startNotifier } from "../../services/notifier/service.js";
import {
  allDocs, recordResult, runId, sabotageStore, sleep, startFaultInfra, startPagerReceiver, until, waitGroupStable,
} from "../support/faults.js";

setLogLevel("silent");

const ATTEMPTS = 4;

function alert(run: string, n: number): Alert {
  const now = new Date().toISOString();
  return {
    schema: "geiger.alert/v1", alert_id: `${run}-a${n}`, dedup_key: `${run}-dk${n}`, rule_id: "injection.ignore-previous-instructions",
    rule_name: "Classic instruction-override phrase", severity: "high", score: 0.9, taxonomy: ["P1"], title: `Injected instruction ${n}`,
    description: "fault test", entity: { tenant: "default", session_id: `${run}-s${n}`, server: "everything", tool: "echo" },
    event_ids: [`${run}-e${n}`], evidence: [], first_seen: now, last_seen: now, count: 1, status: "open",
  };
}

test("pager failing with 5xx then timeouts: retries, dead-letter, alert still visible; recovers after", { timeout: 240_000 }, async (t) => {
  const { kafkaBrokers, esUrl } = await startFaultInfra();
  const run = runId("pager");
  const topics = { telemetry: `${run}.telemetry`, alerts: `${run}.alerts` };
  let mode: "5xx" | "hang" | "ok" = "5xx";
  const pager = await startPagerReceiver(() => (mode === "5xx" ? 503 : mode === "hang" ? "hang" : 202));
  const config = loadGeigerConfig({
    env: {},
    overrides: {
      topics,
      api: { rate_limit: { enabled: false } },
      notifier: {
        group_id: `${run}-notifier`,
        outputs: [{ type: "pagerduty", name: "pd", routing_key: "fault-test-routing-key", url: pager.url, timeout_ms: 500 }],
        routes: [{ name: "high", outputs: ["pd"], min_severity: "high" }],
        retry: { max_attempts: ATTEMPTS, base_ms: 100, max_ms: 400 },
      },
    },
  });
  const bus = new KafkaBus({ brokers: kafkaBrokers, clientId: `${run}-test`, partitions: 1 });
  await bus.ensureTopics([{ name: topics.alerts, partitions: 1 }, { name: dlqTopicFor(topics.alerts), partitions: 1 }]);
  const realStore = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: esUrl, index_prefix: `${run}-` }));
  await realStore.init();
  const store = sabotageStore(realStore);
  const dlq: string[] = [];
  const dlqSub = await bus.subscribe({ groupId: `${run}-dlq`, topics: [dlqTopicFor(topics.alerts)], handleBatch: async (b) => { dlq.push(...b.map((m) => m.value)); } });
  const notifier = await startNotifier({ bus, store, config });
  const api = await createApi({ store: realStore, bus, config, adminToken: "fault-admin-token-0123456789abcdef" });
  const server = await api.listen("127.0.0.1", 0);
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1`;
  t.after(async () => {
    await notifier.stop().catch(() => undefined);
    await dlqSub.stop().catch(() => undefined);
    await api.close().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await pager.close();
    await realStore.destroy().catch(() => undefined);
    await realStore.close().catch(() => undefined);
  });
  await waitGroupStable(`${run}-notifier`);

  // What the detector does for each alert: store it, then publish it.
  const raise = async (a: Alert) => {
    await realStore.bulkWrite("alerts", alertWrites([a]));
    await bus.publish(topics.alerts, [{ key: a.dedup_key, value: JSON.stringify(a) }]);
  };
  const forKey = (k: string) => pager.requests.filter((r) => r.dedup_key === k);
  const deadletters = async () => (await allDocs(`${run}-deadletters`).catch(() => [])).filter((d) => d.stage === "notifier");

  const a1 = alert(run, 1), a2 = alert(run, 2), a3 = alert(run, 3);
  await raise(a1);
  await until(() => forKey(a1.dedup_key).length >= ATTEMPTS || undefined, 30_000, "5xx retries");
  await until(async () => (await deadletters()).length >= 1 || undefined, 30_000, "dead letter after 5xx").catch(() => undefined);
  mode = "hang";
  await raise(a2);
  await until(() => forKey(a2.dedup_key).length >= ATTEMPTS || undefined, 60_000, "timeout retries");
  await until(async () => (await deadletters()).length >= 2 || undefined, 30_000, "dead letter after timeouts").catch(() => undefined);
  mode = "ok";
  await raise(a3);
  await until(() => forKey(a3.dedup_key).length >= 1 || undefined, 30_000, "page after recovery");
  await sleep(2000); // extra retries or a duplicate page would show now
  await until(() => dlq.length >= 2 || undefined, 15_000, "DLQ topic").catch(() => undefined);

  const dead = await deadletters();
  const visible: number[] = [];
  for (const a of [a1, a2, a3]) {
    const r = await fetch(`${base}/alerts/${a.alert_id}`, { headers: { authorization: "Bearer fault-admin-token-0123456789abcdef" } });
    const body = (await r.json()) as { alert_id?: string; status?: string };
    if (r.status === 200 && body.alert_id === a.alert_id && body.status === "open") visible.push(r.status);
  }
  const gaps = (k: string) => forKey(k).map((r, i, all) => (i ? r.at - all[i - 1]!.at : 0)).slice(1);
  const deadKeys = new Set(dead.map((d) => (d.source as { dedup_key?: string } | undefined)?.dedup_key));
  const paged3 = forKey(a3.dedup_key).filter((r) => r.status === 202).length;
  recordResult({
    fault: "Pager endpoint failing (5xx, then timeouts)",
    injected: `PagerDuty-like receiver answers 503, then never answers (timeout 500 ms); max_attempts ${ATTEMPTS}; then recovers`,
    sent: 3,
    stored: visible.length,
    alerted: paged3,
    lost: [a1, a2].filter((a) => !deadKeys.has(a.dedup_key)).length + (paged3 === 0 ? 1 : 0) + (3 - visible.length),
    duplicated: Math.max(0, paged3 - 1),
    notes: `attempts 5xx ${forKey(a1.dedup_key).length}, timeout ${forKey(a2.dedup_key).length}; retry gaps ms ${gaps(a1.dedup_key).join("/")}; dead letters store ${dead.length}, DLQ topic ${dlq.length}; 3/3 alerts visible via GET /alerts/:id: ${visible.length === 3}`,
  });

  assert.equal(forKey(a1.dedup_key).length, ATTEMPTS, "5xx: retried up to max_attempts, no more");
  assert.ok(gaps(a1.dedup_key).every((g) => g >= 0) && gaps(a1.dedup_key).reduce((s, g) => s + g, 0) > 0, "retries spaced by backoff");
  assert.equal(forKey(a2.dedup_key).length, ATTEMPTS, "timeouts: retried up to max_attempts");
  assert.ok(deadKeys.has(a1.dedup_key), "5xx alert dead-lettered in the store");
  assert.ok(deadKeys.has(a2.dedup_key), "timed-out alert dead-lettered in the store");
  assert.match(String(dead.find((d) => (d.source as { dedup_key?: string }).dedup_key === a1.dedup_key)?.reason), /HTTP 503/);
  assert.match(String(dead.find((d) => (d.source as { dedup_key?: string }).dedup_key === a2.dedup_key)?.reason), /network|timeout|abort/i);
  assert.ok(dlq.length >= 2, `dead letters on ${dlqTopicFor(topics.alerts)} (${dlq.length})`);
  assert.equal(visible.length, 3, "every alert visible via GET /api/v1/alerts/:id with status open");
  assert.equal(paged3, 1, "after recovery the next alert pages exactly once");
});
