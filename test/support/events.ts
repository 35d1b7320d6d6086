// Builds valid TelemetryEvents for tests (real MCP traffic comes from the collector tests; these are for
// store/bus contracts where only the envelope matters).
import { randomUUID } from "node:crypto";
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../../shared/schema/telemetry.js";

export function makeEvent(over: Partial<TelemetryEvent> & { session?: string; tool?: string; text?: string } = {}): TelemetryEvent {
  const { session, tool, text, ...rest } = over;
  const sid = session ?? "sess-1";
  return {
    schema: TELEMETRY_SCHEMA,
    event_id: randomUUID(),
    ts: new Date().toISOString(),
    duration_ms: 3.5,
    tenant: "default",
    agent: { id: "agent-1", session_id: sid, principal: "alice" },
    server: { name: "filesystem", transport: "stdio" },
    collector: { id: "col-1", version: "0.1.0" },
    direction: "client_to_server",
    kind: "request",
    method: "tools/call",
    rpc_id: 1,
    params: { name: tool ?? "read_file", arguments: { path: "/tmp/a.txt" } },
    result: { content: [{ type: "text", text: text ?? "hello world" }] },
    size: { request_bytes: 80, response_bytes: 120 },
    ...rest,
  };
}
