// Deferred observation keeps the truth of the wire: timestamps and durations come from when each message arrived,
// not from when the queue got round to it; and a stdio proxy's events match what was relayed.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { CollectorConfigSchema } from "../../../services/collector/config.js";
import { ExchangeObserver } from "../../../services/collector/observer.js";
import { openPipeline } from "../../../services/collector/pipeline.js";
import { Redactor } from "../../../services/collector/redaction.js";
import { MemorySink } from "../../../services/collector/sinks/memory.js";
import { runStdioProxy } from "../../../services/collector/stdio-proxy.js";
import { setLogLevel } from "../../../shared/observability/log.js";

setLogLevel("silent");

test("frames observed later use their arrival time for ts and duration_ms", () => {
  const config = CollectorConfigSchema.parse({});
  const events: TelemetryEvent[] = [];
  let now = 50_000; // the clock when the queue runs: far later than the arrivals
  const obs = new ExchangeObserver(
    { tenant: "t", agent: { id: "a", session_id: "s" }, server: { name: "srv", transport: "stdio" }, collector: { id: "c", version: "0" } },
    { redactor: new Redactor(Buffer.from("k".repeat(32)), config.redaction), emit: (e) => events.push(e), config, now: () => now, wallClock: () => now, timers: false },
  );
  const line = (v: unknown) => ({ type: "line" as const, bytes: Buffer.from(JSON.stringify(v)) });
  obs.frame("client_to_server", line({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "x" } }), { mono: 1000, wall: Date.parse("2025-01-01T00:00:00.000Z") });
  now = 90_000;
  obs.frame("server_to_client", line({ jsonrpc: "2.0", id: 1, result: { ok: true } }), { mono: 1012.5, wall: Date.parse("2025-01-01T00:00:00.012Z") });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.ts, "2025-01-01T00:00:00.000Z");
  assert.equal(events[0]!.duration_ms, 12.5);
});

test("stdio proxy: bytes relayed unchanged before observation; every exchange observed once the pipeline is closed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "geiger-stdio-defer-"));
  const sink = new MemorySink();
  const pipeline = openPipeline({ dataDir: dir, collectorId: "t", sink, env: { GEIGER_REDACTION_KEY: "test-redaction-key-0123456789" }, collector: { observe_batch_ms: 1000 } });
  const input = new PassThrough();
  const output = new PassThrough();
  const relayed: Buffer[] = [];
  output.on("data", (c: Buffer) => relayed.push(c));
  // A tiny JSON-RPC echo server: answers each request line with its id.
  const server = `process.stdin.setEncoding("utf8");let b="";process.stdin.on("data",(d)=>{b+=d;let i;while((i=b.indexOf("\\n"))>=0){const m=JSON.parse(b.slice(0,i));b=b.slice(i+1);process.stdout.write(JSON.stringify({jsonrpc:"2.0",id:m.id,result:{echo:m.params}})+"\\n");}});process.stdin.on("end",()=>process.exit(0));`;
  const done = runStdioProxy({ serverName: "echo", command: process.execPath, args: ["-e", server], pipeline, identity: { id: "a", session_id: "s", host: "h" }, input, output });
  const n = 50;
  for (let i = 0; i < n; i++) input.write(JSON.stringify({ jsonrpc: "2.0", id: i, method: "tools/call", params: { name: "echo", arguments: { i } } }) + "\n");
  const end = Date.now() + 10_000;
  while (Buffer.concat(relayed).toString().split("\n").length <= n && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  // With a 1 s batch window nothing has been observed yet although every answer was relayed.
  assert.equal(pipeline.observations.length > 0, true);
  assert.equal(sink.events.length, 0);
  const lines = Buffer.concat(relayed).toString().trim().split("\n");
  assert.equal(lines.length, n);
  assert.deepEqual(lines.map((l) => JSON.parse(l).id), Array.from({ length: n }, (_, i) => i));
  input.end();
  assert.equal(await done, 0);
  await pipeline.close();
  const calls = sink.events.filter((e) => e.method === "tools/call");
  assert.equal(calls.length, n);
  assert.deepEqual(calls.map((e) => e.rpc_id), Array.from({ length: n }, (_, i) => i));
  assert.ok(calls.every((e) => !(e as { flags?: unknown[] }).flags?.length && typeof e.duration_ms === "number" && e.duration_ms < 5000));
});
