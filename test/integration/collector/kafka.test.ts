// The stdio collector with a real Kafka sink: first pointed at a closed port (events pile up in the spool across
// a collector restart), then at the real broker — every event arrives exactly once, keyed by session id.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { KafkaBus } from "../../../shared/bus/kafka.js";
import type { BusMessage } from "../../../shared/bus/port.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { setLogLevel } from "../../../shared/observability/log.js";
import { ensureInfra, uniqueName } from "../../support/infra.js";
import { collectorStdioTransport, freePort, serverScript, tempDir, waitFor } from "./helpers.js";

setLogLevel("error");
const closers: (() => Promise<unknown>)[] = [];
after(async () => { for (const c of closers.reverse()) await c().catch(() => undefined); });

function spooledIds(dataDir: string): string[] {
  const ids: string[] = [];
  const base = join(dataDir, "spool");
  for (const d of readdirSync(base)) {
    for (const f of readdirSync(join(base, d)).filter((x) => x.startsWith("seg-")).sort()) {
      for (const l of readFileSync(join(base, d, f), "utf8").split("\n").filter(Boolean)) ids.push((JSON.parse(l) as TelemetryEvent).event_id);
    }
  }
  return ids;
}

async function session(sink: string, dataDir: string, calls: number): Promise<void> {
  const c = new Client({ name: "kafka-it", version: "1" });
  await c.connect(collectorStdioTransport({ server: "everything", sink, cmd: [process.execPath, serverScript("server-everything"), "stdio"], dataDir, env: { KAFKAJS_NO_PARTITIONER_WARNING: "1" } }));
  for (let i = 0; i < calls; i++) await c.callTool({ name: "echo", arguments: { message: `m${i}` } });
  await c.close();
}

test("kafka sink: broker unreachable → spooled across a restart → real broker → all delivered exactly once", { timeout: 180_000 }, async () => {
  const { kafkaBrokers } = await ensureInfra();
  const topic = uniqueName("collector-it");
  const dataDir = tempDir("kafka");
  const closed = await freePort();

  // Phase 1: nothing listens on the sink's port. The MCP traffic is unaffected; events stay on disk.
  await session(`kafka://127.0.0.1:${closed}/${topic}`, dataDir, 5);
  const stranded = spooledIds(dataDir);
  assert.ok(stranded.length >= 7, `expected the phase-1 events in the spool, found ${stranded.length}`);

  // Phase 2: same collector (same server name and data dir), real broker: the backlog drains with the new events.
  await session(`kafka://${kafkaBrokers.join(",")}/${topic}`, dataDir, 3);

  const bus = new KafkaBus({ brokers: kafkaBrokers, clientId: "collector-it" });
  closers.push(() => bus.close());
  const got: BusMessage[] = [];
  const sub = await bus.subscribe({ groupId: uniqueName("collector-it-g"), topics: [topic], fromBeginning: true, handleBatch: async (m) => { got.push(...m); } });
  closers.push(() => sub.stop());
  const events = () => got.map((m) => JSON.parse(m.value) as TelemetryEvent);
  await waitFor(() => events().filter((e) => e.method === "tools/call").length >= 8, 60_000, "8 tools/call events on Kafka");
  await new Promise((r) => setTimeout(r, 1000)); // anything doubled would show up by now

  const ids = events().map((e) => e.event_id);
  assert.equal(new Set(ids).size, ids.length, "no event delivered twice");
  for (const id of stranded) assert.ok(ids.includes(id), `stranded event ${id} never reached Kafka`);
  const echoes = events().filter((e) => e.method === "tools/call").map((e) => (e.params as { arguments: { message: string } }).arguments.message).sort();
  assert.deepEqual(echoes, ["m0", "m0", "m1", "m1", "m2", "m2", "m3", "m4"]);
  for (const m of got) assert.equal(m.key, (JSON.parse(m.value) as TelemetryEvent).agent.session_id, "key = agent.session_id");
});
