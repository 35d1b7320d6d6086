// ExchangeObserver: pairing per direction, timeouts, notifications, initialize info, cost, trace, bad input.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TelemetryEventSchema, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { CollectorConfigSchema } from "../../../services/collector/config.js";
import { LineFramer } from "../../../services/collector/framing.js";
import { ExchangeObserver, type Direction } from "../../../services/collector/observer.js";
import { Redactor } from "../../../services/collector/redaction.js";

function setup(over: Record<string, unknown> = {}) {
  const config = CollectorConfigSchema.parse({ pairing_timeout_ms: 1000, ...over });
  const events: TelemetryEvent[] = [];
  let mono = 1000;
  const clock = { advance: (ms: number) => { mono += ms; } };
  const obs = new ExchangeObserver(
    {
      tenant: "acme",
      agent: { id: "agent-1", session_id: "sess-1", host: "h" },
      server: { name: "everything", transport: "stdio" },
      collector: { id: "c1", version: "0.1.0" },
    },
    {
      redactor: new Redactor(Buffer.from("k".repeat(32)), config.redaction),
      emit: (e) => events.push(e),
      config,
      now: () => mono,
      wallClock: () => Date.parse("2025-01-01T00:00:00Z") + mono,
      timers: false,
    },
  );
  const framers: Record<Direction, LineFramer> = {
    client_to_server: new LineFramer(config.max_message_bytes, (f) => obs.frame("client_to_server", f)),
    server_to_client: new LineFramer(config.max_message_bytes, (f) => obs.frame("server_to_client", f)),
  };
  const send = (d: Direction, v: unknown) => framers[d].push(Buffer.from((typeof v === "string" ? v : JSON.stringify(v)) + "\n"));
  return { obs, events, clock, send, c2s: (v: unknown) => send("client_to_server", v), s2c: (v: unknown) => send("server_to_client", v) };
}

const valid = (events: TelemetryEvent[]) => {
  for (const e of events) {
    const r = TelemetryEventSchema.safeParse(e);
    assert.ok(r.success, JSON.stringify(r.error?.issues));
  }
};

test("pairs a request with its response: one event with params, result, duration and sizes", () => {
  const t = setup();
  const req = { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "echo", arguments: { message: "hi" }, _meta: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } } };
  const res = { jsonrpc: "2.0", id: 7, result: { content: [{ type: "text", text: "Echo: hi" }] } };
  t.c2s(req);
  assert.equal(t.events.length, 0);
  t.clock.advance(12.5);
  t.s2c(res);
  assert.equal(t.events.length, 1);
  const e = t.events[0]!;
  valid(t.events);
  assert.equal(e.kind, "request");
  assert.equal(e.direction, "client_to_server");
  assert.equal(e.method, "tools/call");
  assert.equal(e.rpc_id, 7);
  assert.deepEqual(e.params, req.params);
  assert.deepEqual(e.result, res.result);
  assert.equal(e.duration_ms, 12.5);
  assert.deepEqual(e.size, { request_bytes: JSON.stringify(req).length, response_bytes: JSON.stringify(res).length });
  assert.equal(e.trace?.traceparent, req.params._meta.traceparent);
  assert.equal(e.tenant, "acme");
  assert.equal(e.ts, new Date(Date.parse("2025-01-01T00:00:00Z") + 1000).toISOString());
  assert.equal(t.obs.pendingCount(), 0);
});

test("string and number ids do not collide; responses may arrive out of order", () => {
  const t = setup();
  t.c2s({ jsonrpc: "2.0", id: 1, method: "a" });
  t.c2s({ jsonrpc: "2.0", id: "1", method: "b" });
  t.s2c({ jsonrpc: "2.0", id: "1", result: { v: "b" } });
  t.s2c({ jsonrpc: "2.0", id: 1, result: { v: "a" } });
  assert.deepEqual(t.events.map((e) => [e.method, (e.result as { v: string }).v]), [["b", "b"], ["a", "a"]]);
});

test("errors are recorded in `error` (redacted) with no result", () => {
  const t = setup();
  t.c2s({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "nope" } });
  t.s2c({ jsonrpc: "2.0", id: 2, error: { code: -32602, message: "Unknown tool nope for AKIAIOSFODNN7EXAMPLE" } });
  const e = t.events[0]!;
  valid(t.events);
  assert.equal(e.error?.code, -32602);
  assert.match(e.error!.message, /Unknown tool nope for \[REDACTED:aws_access_key:fp=\w+\]/);
  assert.equal(e.result, undefined);
  assert.deepEqual(e.redactions?.map((r) => r.path), ["error.message"]);
});

test("initialize: params and result on its own event; client/server info and protocol version on later events", () => {
  const t = setup();
  t.c2s({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "claude-ai", version: "0.9.1" } } });
  t.s2c({ jsonrpc: "2.0", id: 0, result: { protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "mcp-servers/everything", version: "2.0.0" }, instructions: "Be nice." } });
  t.c2s({ jsonrpc: "2.0", method: "notifications/initialized" });
  t.c2s({ jsonrpc: "2.0", id: 1, method: "tools/list" });
  t.s2c({ jsonrpc: "2.0", id: 1, result: { tools: [] } });
  valid(t.events);
  const [init, inited, list] = t.events;
  assert.equal(init!.method, "initialize");
  assert.equal((init!.result as { instructions: string }).instructions, "Be nice.");
  assert.equal((init!.params as { clientInfo: { name: string } }).clientInfo.name, "claude-ai");
  for (const e of [init!, inited!, list!]) {
    assert.equal(e.agent.client_name, "claude-ai");
    assert.equal(e.agent.client_version, "0.9.1");
    assert.equal(e.server.version, "2.0.0");
    assert.equal((e as { mcp?: { protocol_version: string } }).mcp?.protocol_version, "2025-06-18");
  }
  assert.equal(inited!.kind, "notification");
  assert.equal(inited!.size.response_bytes, 0);
});

test("server→client requests (sampling) pair with the client's response", () => {
  const t = setup();
  t.s2c({ jsonrpc: "2.0", id: 0, method: "sampling/createMessage", params: { messages: [], maxTokens: 10 } });
  t.c2s({ jsonrpc: "2.0", id: 0, result: { role: "assistant", content: { type: "text", text: "ok" }, model: "m" } });
  assert.equal(t.events.length, 1);
  assert.equal(t.events[0]!.direction, "server_to_client");
  assert.equal(t.events[0]!.method, "sampling/createMessage");
  assert.equal((t.events[0]!.result as { model: string }).model, "m");
});

test("no response before the timeout: an event with no result and the timeout flag; a late response is unpaired", () => {
  const t = setup();
  t.c2s({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "slow" } });
  t.clock.advance(999);
  t.obs.sweep();
  assert.equal(t.events.length, 0);
  t.clock.advance(2);
  t.obs.sweep();
  assert.equal(t.events.length, 1);
  const e = t.events[0]!;
  assert.equal(e.result, undefined);
  assert.equal(e.duration_ms, undefined);
  assert.deepEqual((e as { flags?: string[] }).flags, ["timeout"]);
  t.s2c({ jsonrpc: "2.0", id: 9, result: {} });
  assert.equal(t.events[1]!.method, "geiger/unpaired_response");
  valid(t.events);
});

test("cancelled requests and a connection that closes mid-request are recorded", () => {
  const t = setup();
  t.c2s({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "a" } });
  t.c2s({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "b" } });
  t.c2s({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1, reason: "user" } });
  t.obs.close();
  valid(t.events);
  assert.deepEqual(t.events.map((e) => [e.method, e.rpc_id ?? null, (e as { flags?: string[] }).flags ?? []]), [
    ["tools/call", 1, ["cancelled"]],
    ["notifications/cancelled", null, []],
    ["tools/call", 2, ["no_response"]],
  ]);
  t.obs.close();
  assert.equal(t.events.length, 3);
});

test("notifications in both directions, progress included", () => {
  const t = setup();
  t.s2c({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 1, progress: 1, total: 2 } });
  t.c2s({ jsonrpc: "2.0", method: "notifications/roots/list_changed" });
  assert.deepEqual(t.events.map((e) => [e.kind, e.direction, e.method]), [
    ["notification", "server_to_client", "notifications/progress"],
    ["notification", "client_to_server", "notifications/roots/list_changed"],
  ]);
});

test("batches: each element is its own exchange, flagged batch", () => {
  const t = setup();
  t.c2s([{ jsonrpc: "2.0", id: 1, method: "ping" }, { jsonrpc: "2.0", id: 2, method: "tools/list" }]);
  t.s2c([{ jsonrpc: "2.0", id: 2, result: { tools: [] } }, { jsonrpc: "2.0", id: 1, result: {} }]);
  assert.deepEqual(t.events.map((e) => e.method), ["tools/list", "ping"]);
  for (const e of t.events) assert.ok((e as { flags?: string[] }).flags?.includes("batch"));
  valid(t.events);
});

test("garbage and non-JSON-RPC lines become flagged events without their content", () => {
  const t = setup();
  t.s2c("this is a log line a server printed on stdout by mistake password=hunter22");
  t.s2c('{"not":"jsonrpc"}');
  valid(t.events);
  assert.deepEqual(t.events.map((e) => [e.method, (e as { flags?: string[] }).flags]), [
    ["geiger/invalid_message", ["invalid_json"]],
    ["geiger/invalid_message", ["not_jsonrpc"]],
  ]);
  assert.ok(!JSON.stringify(t.events).includes("hunter22"));
});

test("oversize request and response: paired by sniffed id, flagged truncated, real sizes, no body", () => {
  const t = setup({ max_message_bytes: 2048 });
  const req = { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "write", arguments: { data: "x".repeat(5000) } } };
  const res = { result: { content: [{ type: "text", text: "y".repeat(9000) }] }, jsonrpc: "2.0", id: 5 };
  t.c2s(req);
  t.s2c(res);
  assert.equal(t.events.length, 1);
  const e = t.events[0]!;
  valid(t.events);
  assert.equal(e.method, "tools/call");
  assert.equal(e.rpc_id, 5);
  assert.equal(e.params, undefined);
  assert.equal(e.result, undefined);
  assert.equal((e as { truncated?: boolean }).truncated, true);
  assert.deepEqual(e.size, { request_bytes: JSON.stringify(req).length, response_bytes: JSON.stringify(res).length });
});

test("cost: price table per server/tool, server-reported _meta.cost wins", () => {
  const t = setup({ price_table: { everything: { echo: { usd: 0.002 }, "*": { units: 1 } } } });
  t.c2s({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo" } });
  t.s2c({ jsonrpc: "2.0", id: 1, result: { content: [] } });
  t.c2s({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "other" } });
  t.s2c({ jsonrpc: "2.0", id: 2, result: { content: [] } });
  t.c2s({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "echo" } });
  t.s2c({ jsonrpc: "2.0", id: 3, result: { content: [], _meta: { cost: { usd: 0.5, units: 1200 } } } });
  t.c2s({ jsonrpc: "2.0", id: 4, method: "tools/list" });
  t.s2c({ jsonrpc: "2.0", id: 4, result: { tools: [] } });
  valid(t.events);
  assert.deepEqual(t.events.map((e) => e.cost), [
    { usd: 0.002, source: "price_table" },
    { units: 1, source: "price_table" },
    { usd: 0.5, units: 1200, source: "meta" },
    undefined,
  ]);
});

test("pending requests are bounded: the oldest is evicted and emitted", () => {
  const t = setup({ max_pending_requests: 2 });
  for (let i = 0; i < 3; i++) t.c2s({ jsonrpc: "2.0", id: i, method: "ping" });
  assert.equal(t.obs.pendingCount(), 2);
  assert.deepEqual(t.events.map((e) => [e.rpc_id, (e as { flags?: string[] }).flags]), [[0, ["evicted"]]]);
});

test("secrets in arguments are redacted in the event and listed in redactions", () => {
  const t = setup();
  t.c2s({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "login", arguments: { password: "hunter2", url: "https://u:pw12345@h/x" } } });
  t.s2c({ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "ok" }] } });
  const e = t.events[0]!;
  const json = JSON.stringify(e);
  assert.ok(!json.includes("hunter2") && !json.includes("pw12345"));
  assert.deepEqual(e.redactions?.map((r) => [r.path, r.kind]), [
    ["params.arguments.password", "credential_field"],
    ["params.arguments.url", "url_password"],
  ]);
});
