// `geiger detector` as its own OS process on real Kafka + Elasticsearch with `detector.ops_listen` set: /healthz
// answers from the start, /readyz turns 200 once it has joined its consumer group, and /metrics counts the events
// it consumes (and the malformed one it dead-letters) after they are published.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { KafkaBus } from "../../../shared/bus/kafka.js";
import { ElasticsearchConfigSchema } from "../../../shared/config/infra.js";
import { ElasticsearchStore } from "../../../shared/store/elasticsearch.js";
import { makeEvent } from "../../support/events.js";
import { ensureInfra, uniqueName } from "../../support/infra.js";
import { startDetector, writeConfig, type DetectorProcess } from "../scale/detector-cluster.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Value of one sample in Prometheus text (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: r.status, text: await r.text() };
}

let proc: DetectorProcess | undefined;
after(async () => { await proc?.stop(10_000); });

test("geiger detector serves /healthz, /readyz (503 → 200 after joining) and /metrics counting consumed events", async (t) => {
  const { kafkaBrokers, esUrl } = await ensureInfra();
  const run = uniqueName("ops");
  const names = { brokers: kafkaBrokers, esUrl, indexPrefix: `${run}-`, telemetryTopic: `${run}.telemetry`, alertsTopic: `${run}.alerts` };
  const group = `${run}-detector`;
  const store = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: esUrl, index_prefix: names.indexPrefix }));
  const bus = new KafkaBus({ brokers: kafkaBrokers, clientId: run, partitions: 6 });
  t.after(async () => { await bus.close(); await store.destroy().catch(() => undefined); await store.close(); });

  // Port 0: the detector binds a free port and logs it (event ops_server_listening), so parallel runs never clash.
  proc = startDetector({ config: writeConfig(names, { ops_listen: "127.0.0.1:0", snapshot_interval_ms: 1000 }), group, env: { GEIGER_LOG_LEVEL: "info" } });
  const p = proc;
  let stderr = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ops_server_listening line within 60 s:\n${p.output()}`)), 60_000);
    p.child.stderr!.on("data", (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-50_000);
      const m = /"event":"ops_server_listening"[^\n]*"port":(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    p.child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`detector exited with ${code}:\n${p.output()}`)); });
  });
  const base = `http://127.0.0.1:${port}`;

  assert.equal((await get(`${base}/healthz`)).status, 200, "alive before the service has finished starting");

  // Readiness: polled until 200 (bounded); the store and consumer group take a moment, during which it is 503.
  const seen: { status: number; body: { failing?: { check: string; reason: string }[]; checks?: Record<string, { ok: boolean; detail?: string }> } }[] = [];
  for (const end = Date.now() + 90_000; Date.now() < end;) {
    const r = await get(`${base}/readyz`);
    seen.push({ status: r.status, body: JSON.parse(r.text) as (typeof seen)[number]["body"] });
    if (r.status === 200) break;
    assert.equal(r.status, 503, r.text);
    await sleep(100);
  }
  const last = seen.at(-1)!;
  assert.equal(last.status, 200, `ready within 90 s; last answer ${JSON.stringify(last.body)}\n${p.output()}`);
  assert.deepEqual(Object.keys(last.body.checks ?? {}).sort(), ["consumer", "state", "store"]);
  assert.match(last.body.checks!.consumer!.detail ?? "", new RegExp(`member of ${group}; partitions \\[`));
  const notReady = seen.filter((s) => s.status === 503);
  // The listener is up before the store is initialised and the group joined (seconds), so the first probes fail, by name.
  assert.ok(notReady.length > 0 && seen[0]!.status === 503, "not ready before it has joined");
  assert.ok(notReady.some((s) => s.body.failing!.some((f) => f.check === "consumer" && f.reason.startsWith("starting"))), "the consumer check names why");
  for (const s of notReady) assert.ok(s.body.failing!.length > 0 && s.body.failing!.every((f) => ["consumer", "state", "store"].includes(f.check) && f.reason.length > 0), JSON.stringify(s.body));
  t.diagnostic(`readyz: ${notReady.length} × 503 (${[...new Set(notReady.flatMap((s) => s.body.failing!.map((f) => f.reason)))].join(" | ")}) then 200`);

  const before = (await get(`${base}/metrics`)).text;
  assert.match(before, /^# TYPE geiger_events_consumed_total counter$/m);
  assert.match(before, /^# TYPE geiger_detector_partitions_assigned gauge$/m);
  const consumed0 = sample(before, "geiger_events_consumed_total", 'stage="detector"');
  const scanned0 = sample(before, "geiger_detector_events_total");
  const rejected0 = sample(before, "geiger_events_rejected_total", 'stage="detector"');

  const N = 7;
  const events = Array.from({ length: N }, (_, i) => makeEvent({ session: `${run}-s${i % 3}` }));
  await bus.publish(names.telemetryTopic, [...events.map((e) => ({ key: e.agent.session_id, value: JSON.stringify(e) })), { key: "bad", value: "{not json" }]);

  let text = "";
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    text = (await get(`${base}/metrics`)).text;
    if (sample(text, "geiger_events_consumed_total", 'stage="detector"') >= consumed0 + N && sample(text, "geiger_events_rejected_total", 'stage="detector"') >= rejected0 + 1) break;
    await sleep(250);
  }
  assert.equal(sample(text, "geiger_events_consumed_total", 'stage="detector"'), consumed0 + N, "every valid event consumed once");
  assert.equal(sample(text, "geiger_detector_events_total"), scanned0 + N, "and scanned by the engine");
  assert.equal(sample(text, "geiger_events_rejected_total", 'stage="detector"'), rejected0 + 1, "the malformed one dead-lettered");
  assert.equal(sample(text, "geiger_detector_partitions_assigned"), 6, "one detector owns all 6 partitions");
  assert.equal(sample(text, "geiger_detector_partitions_restoring"), 0);
  assert.ok(sample(text, "process_resident_memory_bytes") > 0);

  // The engine state is snapshotted every second here: the snapshot timestamp becomes recent.
  for (const end = Date.now() + 15_000; Date.now() < end && sample(text, "geiger_detector_snapshot_last_success_timestamp_seconds") === 0;) {
    await sleep(250);
    text = (await get(`${base}/metrics`)).text;
  }
  const snapAt = sample(text, "geiger_detector_snapshot_last_success_timestamp_seconds");
  assert.ok(Date.now() / 1000 - snapAt < 30, `snapshot age ${Date.now() / 1000 - snapAt} s`);

  assert.equal((await get(`${base}/readyz`)).status, 200, "still ready after processing");
  assert.equal(await p.stop(30_000), 0, "clean exit on SIGTERM");
  await assert.rejects(get(`${base}/healthz`), "the ops listener is gone with the process");
});
