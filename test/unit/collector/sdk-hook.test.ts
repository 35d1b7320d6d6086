// instrumentTransport on both ends of a real SDK client/server pair (in-memory transport): the app is unaffected,
// both sides emit paired events in the right directions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { TelemetryEventSchema } from "../../../shared/schema/telemetry.js";
import { setLogLevel } from "../../../shared/observability/log.js";
import { instrumentTransport, MemorySink, openPipeline } from "../../../services/collector/index.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

setLogLevel("silent");

test("both sides instrumented: results unchanged, events paired per side, secrets redacted", async () => {
  const sink = new MemorySink();
  const pipeline = openPipeline({
    dataDir: mkdtempSync(join(tmpdir(), "geiger-sdk-")), collectorId: "sdk-test", sink,
    collector: { spool: { poll_interval_ms: 10, write_interval_ms: 2 } as never }, env: { GEIGER_REDACTION_KEY: "sdk-hook-test-key-0123456789" },
  });
  const server = new McpServer({ name: "tiny", version: "3.1.4" });
  server.registerTool("add", { inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }));
  server.registerTool("login", { inputSchema: { password: z.string() } }, async () => ({ content: [{ type: "text", text: "ok" }] }));
  const [clientT, serverT] = InMemoryTransport.createLinkedPair();
  await server.connect(instrumentTransport(serverT, { server: "tiny", side: "server", pipeline, agent: { id: "srv-agent", session_id: "S" } }));
  const client = new Client({ name: "app", version: "9" });
  await client.connect(instrumentTransport(clientT, { server: "tiny", side: "client", pipeline, agent: { id: "cli-agent", session_id: "S" } }));
  assert.deepEqual(await client.callTool({ name: "add", arguments: { a: 2, b: 3 } }), { content: [{ type: "text", text: "5" }] });
  await client.callTool({ name: "login", arguments: { password: "hunter2-secret" } });
  await client.close();
  assert.equal(await pipeline.flush(2000), true);
  await pipeline.close();

  for (const e of sink.events) assert.ok(TelemetryEventSchema.safeParse(e).success);
  const calls = sink.events.filter((e) => e.method === "tools/call");
  assert.equal(calls.length, 4, "two calls seen from each side");
  for (const agent of ["cli-agent", "srv-agent"]) {
    const mine = calls.filter((e) => e.agent.id === agent);
    assert.equal(mine.length, 2);
    for (const e of mine) {
      assert.equal(e.direction, "client_to_server");
      assert.equal(e.agent.client_name, "app");
      assert.equal(e.server.version, "3.1.4");
      assert.ok(e.duration_ms !== undefined);
    }
    assert.deepEqual(mine[0]!.result, { content: [{ type: "text", text: "5" }] });
  }
  assert.ok(!JSON.stringify(sink.events).includes("hunter2-secret"));
  assert.ok(sink.events.some((e) => e.method === "initialize" && e.agent.id === "srv-agent"));
});
