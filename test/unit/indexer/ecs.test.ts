// The stored telemetry document keeps the event and adds ECS / OpenTelemetry MCP convention fields.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toStoredTelemetry, toolOf } from "../../../services/indexer/ecs.js";
import { makeEvent } from "../../support/events.js";

test("ECS and MCP semantic-convention fields are derived from the event", () => {
  const e = { ...makeEvent({ session: "s-42", tool: "send_email" }), rpc_id: 9, duration_ms: 2.5, mcp: { protocol_version: "2025-06-18" }, flags: ["timeout"] };
  const d = toStoredTelemetry(e);
  assert.equal(d["@timestamp"], e.ts);
  assert.deepEqual(d.event, { id: e.event_id, kind: "event", category: "network", dataset: "mcp.telemetry", outcome: "success", duration: 2_500_000 });
  assert.deepEqual(d.mcp, { method: { name: "tools/call" }, session: { id: "s-42" }, protocol: { version: "2025-06-18" } });
  assert.deepEqual(d.jsonrpc, { request: { id: "9" } });
  assert.deepEqual(d.gen_ai, { tool: { name: "send_email" } });
  assert.equal(d.tool, "send_email");
  assert.deepEqual(d.flags, ["timeout"]);
  assert.equal(d.params, e.params);
});

test("errors get error.type; non-tool methods get no tool; initialize params give the protocol version", () => {
  const failed = toStoredTelemetry({ ...makeEvent(), error: { code: -32602, message: "bad" } });
  assert.deepEqual(failed.error, { code: -32602, message: "bad", type: "-32602" });
  assert.equal((failed.event as { outcome: string }).outcome, "failure");
  const init = makeEvent({ method: "initialize", params: { protocolVersion: "2025-03-26", clientInfo: { name: "c", version: "1" } } });
  assert.equal(toolOf(init), undefined);
  assert.deepEqual((toStoredTelemetry(init).mcp as { protocol: unknown }).protocol, { version: "2025-03-26" });
});
