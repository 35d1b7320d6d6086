// Fault: the Kafka broker is killed (-9) and restarted while a stdio collector in front of a real MCP server
// (server-everything, driven by the SDK client) streams to a kafka:// sink. Every tools/call must reach
// Elasticsearch exactly once (through the real indexer) and the MCP calls must keep succeeding, unslowed.
// Protection under test: the collector's on-disk spool + shipper retry (services/collector/spool.ts, shipper.ts).
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { KafkaBus } from "../../shared/bus/kafka.js";
import { ElasticsearchConfigSchema } from "../../shared/config/infra.js";
import { setLogLevel } from "../../shared/observability/log.js";
import { ElasticsearchStore } from "../../shared/store/elasticsearch.js";
import { startIndexer } from "../../services/indexer/service.js";
import { serverScript } from "../integration/collector/helpers.js";
import {
  REPO, faultEnv, infra, infraAsync, latencySummary, recordResult, runId, sabotaged, scanDocs, sleep, startFaultInfra, tempDir, until, writeJson,
} from "../support/faults.js";

setLogLevel("silent");

const OUTAGE_MS = Number(process.env.GEIGER_FAULT_KAFKA_OUTAGE_S ?? 10) * 1000;

test("Kafka broker killed -9 and restarted while a collector streams: 0 lost, 0 duplicated, MCP unaffected", { timeout: 420_000 }, async (t) => {
  const { kafkaBrokers, esUrl } = await startFaultInfra();
  const run = runId("kafkakill");
  const topic = `${run}.telemetry`;
  const dataDir = tempDir("kafkakill");
  const bus = new KafkaBus({ brokers: kafkaBrokers, clientId: `${run}-test`, partitions: 3 });
  await bus.ensureTopics([{ name: topic, partitions: 3 }, { name: `${topic}.dlq`, partitions: 1 }]);
  const store = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: esUrl, index_prefix: `${run}-` }));
  await store.init();
  const indexer = await startIndexer({ bus, store, topic, groupId: `${run}-indexer` });

  // Short spool backoff cap so the backlog drains soon after the broker returns.
  const config = writeJson(join(dataDir, "geiger.json"), { data_dir: dataDir, collector: { spool: { retry_base_ms: 100, retry_max_ms: 2000 } } });
  const sink = `kafka://${kafkaBrokers.join(",")}/${topic}`;
  const everything = [process.execPath, serverScript("server-everything"), "stdio"];
  // Test-only variants (test/faults/support/collector.ts): GEIGER_FAULT_SABOTAGE=no-spool shows this test fails
  // without the spool; GEIGER_FAULT_COLLECTOR_MODE=retriable-errors is the what-if fix of the retriable bug.
  const mode = sabotaged("no-spool") ? "no-spool" : process.env.GEIGER_FAULT_COLLECTOR_MODE;
  const collectorArgs = mode
    ? ["--import", "tsx", join(REPO, "test/faults/support/collector.ts"), "--mode", mode, "--server", "everything", "--sink", sink, "--config", config, "--", ...everything]
    : ["--import", "tsx", join(REPO, "services/cli/entry.ts"), "collect", "stdio", "--server", "everything", "--sink", sink, "--config", config, "--", ...everything];
  const transport = new StdioClientTransport({ command: process.execPath, args: collectorArgs, cwd: REPO, env: faultEnv({ GEIGER_REDACTION_KEY: "fault-test-key-0123456789abcdef", GEIGER_LOG_LEVEL: process.env.GEIGER_FAULT_COLLECTOR_LOG ?? "warn" }), stderr: "pipe" });
  const client = new Client({ name: "geiger-fault", version: "1.0.0" }, { capabilities: {} });
  let collectorLog = "";
  transport.stderr?.on("data", (d: Buffer) => {
    collectorLog = (collectorLog + d.toString()).slice(-30_000);
    if (process.env.GEIGER_FAULT_COLLECTOR_LOG_FILE) appendFileSync(process.env.GEIGER_FAULT_COLLECTOR_LOG_FILE, d);
  });
  await client.connect(transport);
  t.after(async () => {
    await client.close().catch(() => undefined);
    await indexer.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await store.destroy().catch(() => undefined);
    await store.close().catch(() => undefined);
    infra("up", "kafka"); // leave the private instance healthy for the next file
  });

  type Phase = "before" | "outage" | "recovery" | "after";
  let phase: Phase = "before";
  const calls: { seq: number; ok: boolean; ms: number; phase: Phase }[] = [];
  let streaming = true;
  const stream = (async () => {
    for (let seq = 0; streaming && seq < 20_000; seq++) {
      const t0 = performance.now();
      const p = phase;
      const ok = await client.callTool({ name: "echo", arguments: { message: `${run}#${seq}` } }).then(
        (r) => JSON.stringify(r).includes(`${run}#${seq}`), () => false);
      calls.push({ seq, ok, ms: performance.now() - t0, phase: p });
      await sleep(15);
    }
  })();

  await sleep(3000);
  phase = "outage";
  infra("kill", "kafka");
  const killedAt = Date.now();
  await sleep(OUTAGE_MS);
  phase = "recovery";
  await infraAsync("up", "kafka"); // restart with log recovery; the client keeps calling meanwhile
  const outageS = (Date.now() - killedAt) / 1000;
  phase = "after";
  await sleep(3000);
  streaming = false;
  await stream;

  const succeeded = calls.filter((c) => c.ok);
  const expected = new Set(succeeded.map((c) => `${run}#${c.seq}`));
  // Wait until every call made is in Elasticsearch (or the deadline: then the gap is the loss).
  const storedBySeq = new Map<string, Set<string>>();
  const tallyStored = async () => {
    storedBySeq.clear();
    const docs = await scanDocs(`${run}-telemetry`, ["event_id", "method", "params"]);
    for (const d of docs) {
      if (d.method !== "tools/call") continue;
      const msg = (d.params as { arguments?: { message?: string } } | undefined)?.arguments?.message;
      if (typeof msg !== "string" || !expected.has(msg)) continue;
      let s = storedBySeq.get(msg);
      if (!s) storedBySeq.set(msg, (s = new Set()));
      s.add(String(d.event_id));
    }
    return storedBySeq.size >= expected.size;
  };
  await until(tallyStored, 120_000, "all calls indexed").catch(() => undefined);
  await sleep(2000); // late duplicates, if any, would land now
  await tallyStored();

  const lost = [...expected].filter((m) => !storedBySeq.has(m));
  let duplicated = 0;
  for (const s of storedBySeq.values()) duplicated += s.size - 1;
  const by = (p: Phase) => latencySummary(calls.filter((c) => c.phase === p).map((c) => c.ms));
  const before = by("before"), during = by("outage"), recovering = by("recovery");
  recordResult({
    fault: "Kafka broker killed -9 and restarted (collector streaming)",
    injected: `kill -9 broker, down ${outageS.toFixed(0)} s incl. restart; stdio collector → kafka:// sink; server-everything via SDK client`,
    sent: expected.size,
    stored: storedBySeq.size,
    alerted: null,
    lost: lost.length,
    duplicated,
    notes: `tools/call latency ms p50/p99/max before ${before.p50}/${before.p99}/${before.max}, during outage ${during.p50}/${during.p99}/${during.max} (n=${during.n}), during restart ${recovering.p50}/${recovering.p99}/${recovering.max}; failed calls ${calls.length - succeeded.length}`,
  });

  assert.equal(calls.length - succeeded.length, 0, "every MCP call succeeded during the outage");
  assert.ok(during.n > 20, `calls kept flowing during the outage (${during.n})`);
  assert.ok(during.p99 < 1000 && recovering.p99 < 1000, `no blocking: p99 during outage ${during.p99} ms, during restart ${recovering.p99} ms`);
  assert.equal(lost.length, 0, `lost ${lost.length} of ${expected.size} events, e.g. ${lost.slice(0, 5).join(", ")}\ncollector log tail:\n${collectorLog.slice(-4000)}`);
  assert.equal(duplicated, 0, "no event stored twice");
});
