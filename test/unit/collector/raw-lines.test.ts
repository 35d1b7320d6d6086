// The spool → sink fast path: sinks get the spooled JSON texts (no parse/serialise round trip), byte-identical to
// what the parsed path sends; the Kafka key is read without parsing the whole event; damaged lines cost only themselves.
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { GeigerError } from "../../../shared/errors.js";
import { SpoolConfigSchema } from "../../../services/collector/config.js";
import { Shipper } from "../../../services/collector/shipper.js";
import { FileSink } from "../../../services/collector/sinks/file.js";
import { HttpSink } from "../../../services/collector/sinks/http.js";
import { sessionIdOf } from "../../../services/collector/sinks/kafka.js";
import type { Sink } from "../../../services/collector/sinks/sink.js";
import { Spool } from "../../../services/collector/spool.js";
import { setLogLevel } from "../../../shared/observability/log.js";

setLogLevel("silent");
const tmp = () => mkdtempSync(join(tmpdir(), "geiger-rawlines-"));
const cfg = (over: Record<string, unknown> = {}) => SpoolConfigSchema.parse({ poll_interval_ms: 10, retry_base_ms: 5, retry_max_ms: 40, write_interval_ms: 2, linger_ms: 0, shutdown_drain_ms: 500, ...over });
let seq = 0;
const ev = (params: unknown = { q: "x" }, session = "sess-1"): TelemetryEvent => ({
  schema: TELEMETRY_SCHEMA, event_id: `e-${++seq}`, ts: new Date().toISOString(), tenant: "t",
  agent: { id: "a", session_id: session }, server: { name: "srv", transport: "stdio" }, collector: { id: "c", version: "0" },
  direction: "client_to_server", kind: "request", method: "tools/call", params, size: { request_bytes: 1, response_bytes: 1 },
});

test("sessionIdOf reads agent.session_id exactly, whatever precedes it and however it is escaped", () => {
  const e = ev({ session_id: "not-this-one", nested: { agent: { session_id: "nor-this" } } }, 'se"ss\\ion-é');
  assert.equal(sessionIdOf(JSON.stringify(e)), 'se"ss\\ion-é');
  // Payload serialised before agent (another writer's key order): still the agent's.
  const reordered = { params: { agent: { session_id: "decoy" }, session_id: "decoy" }, result: ["}", "{"], agent: e.agent, schema: e.schema };
  assert.equal(sessionIdOf(JSON.stringify(reordered)), e.agent.session_id);
  assert.equal(sessionIdOf(JSON.stringify(reordered, null, 2)), e.agent.session_id);
  assert.throws(() => sessionIdOf('{"schema":"x","agent":{"id":"a"}}'));
  assert.throws(() => sessionIdOf('{"schema":"geiger.tele'));
  assert.throws(() => sessionIdOf("[1,2]"));
});

test("sessionIdOf agrees with JSON.parse on arbitrary payloads (property)", () => {
  fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), fc.string(), (params, result, session) => {
    const e = { ...ev(params, session), result };
    assert.equal(sessionIdOf(JSON.stringify(e)), session);
    const front = { params, result, agent: { session_id: session, id: "a" } };
    assert.equal(sessionIdOf(JSON.stringify(front)), session);
  }), { numRuns: 300 });
});

test("FileSink.sendLines writes exactly what send() writes for the same events", async () => {
  const dir = tmp();
  const events = [ev({ a: "ü\u2028\"" }), ev({ b: [1, 2.5, null] })];
  await new FileSink(join(dir, "a.jsonl")).send(events);
  await new FileSink(join(dir, "b.jsonl")).sendLines(events.map((e) => JSON.stringify(e)));
  assert.equal(readFileSync(join(dir, "b.jsonl"), "utf8"), readFileSync(join(dir, "a.jsonl"), "utf8"));
});

test("HttpSink.sendLines posts the same body as send() for the same events", async () => {
  const bodies: string[] = [];
  const srv = createServer((req, res) => { let b = ""; req.on("data", (c) => { b += c; }); req.on("end", () => { bodies.push(b); res.writeHead(200).end("{}"); }); });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(srv.address() as { port: number }).port}/api/v1/ingest`;
  try {
    const events = [ev({ a: "ü" }), ev({ b: { c: [true] } })];
    await new HttpSink(url, "tok").send(events);
    await new HttpSink(url, "tok").sendLines(events.map((e) => JSON.stringify(e)));
    assert.equal(bodies.length, 2);
    assert.equal(bodies[1], bodies[0]);
    assert.deepEqual(JSON.parse(bodies[1]!), events);
  } finally {
    srv.close();
  }
});

test("spool batches carry the spooled lines; events are parsed only when asked for", () => {
  const s = new Spool(tmp(), cfg());
  const sent = [ev(), ev(), ev()];
  for (const e of sent) s.append(e);
  s.writeNow();
  const b = s.readBatch(10)!;
  assert.deepEqual(b.lines, sent.map((e) => JSON.stringify(e)));
  assert.deepEqual(b.events, sent);
  b.commit();
  assert.equal(s.stats.committed, 3);
  s.close();
});

/** A sink that takes raw lines but refuses any batch containing a line that is not an event. */
function strictSink(): Sink & { got: TelemetryEvent[]; rawCalls: number; parsedCalls: number } {
  const sink = {
    label: "strict", got: [] as TelemetryEvent[], rawCalls: 0, parsedCalls: 0,
    async send(events: TelemetryEvent[]) { sink.parsedCalls++; sink.got.push(...events); },
    async sendLines(lines: readonly string[]) {
      sink.rawCalls++;
      let parsed: TelemetryEvent[];
      try { parsed = lines.map((l) => JSON.parse(l) as TelemetryEvent); } catch { throw new GeigerError("400 invalid JSON", { retriable: false }); }
      sink.got.push(...parsed);
    },
    async flush() {}, async close() {},
  };
  return sink;
}

test("shipper: the raw path delivers everything in order; a line damaged on disk costs only itself", async () => {
  const dir = tmp();
  const before = new Spool(dir, cfg({ batch_max_events: 100 }));
  const first = [ev(), ev()];
  for (const e of first) before.append(e);
  before.close();
  // Damage that keeps the line's shape ({…}) so only a parse can tell: the raw batch is refused, then re-sent parsed.
  const seg = readdirSync(dir).filter((f) => f.startsWith("seg-")).sort().at(-1)!;
  appendFileSync(join(dir, seg), '{"schema":"geiger.telemetry/v1",oops}\n');
  const spool = new Spool(dir, cfg({ batch_max_events: 100 }));
  const sink = strictSink();
  const shipper = new Shipper(spool, sink, cfg({ batch_max_events: 100 }));
  shipper.start();
  const later = [ev(), ev()];
  for (const e of later) spool.append(e);
  assert.equal(await shipper.flush(3000), true);
  assert.deepEqual(sink.got.map((e) => e.event_id), [...first, ...later].map((e) => e.event_id));
  assert.ok(sink.rawCalls >= 2 && sink.parsedCalls === 1, `raw ${sink.rawCalls}, parsed ${sink.parsedCalls}`);
  assert.equal(spool.stats.corruptLines, 1);
  await shipper.close();
  spool.close();
});
