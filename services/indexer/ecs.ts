// Maps a TelemetryEvent to the stored document: the event as-is plus ECS and OpenTelemetry MCP semantic
// convention fields (event.*, mcp.*, jsonrpc.*, gen_ai.*, @timestamp) so Kibana users feel at home.
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";
import type { Doc } from "../../shared/store/port.js";

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** The tool a tools/call names (also used by the API's `tool` filter). */
export function toolOf(e: TelemetryEvent): string | undefined {
  if (e.method !== "tools/call") return undefined;
  const name = asRecord(e.params)?.name;
  return typeof name === "string" ? name.slice(0, 256) : undefined;
}

export function toStoredTelemetry(e: TelemetryEvent): Doc {
  const tool = toolOf(e);
  const params = asRecord(e.params);
  // The collector carries the negotiated version on every event as mcp.protocol_version (an extra field).
  const protocol = asRecord((e as Record<string, unknown>).mcp)?.protocol_version ?? (e.method === "initialize" ? params?.protocolVersion : undefined);
  const doc: Doc = {
    ...e,
    "@timestamp": e.ts,
    event: {
      id: e.event_id,
      kind: "event",
      category: "network",
      dataset: "mcp.telemetry",
      outcome: e.error ? "failure" : "success",
      ...(e.duration_ms !== undefined ? { duration: Math.round(e.duration_ms * 1e6) } : {}),
    },
    mcp: { method: { name: e.method }, session: { id: e.agent.session_id }, ...(typeof protocol === "string" ? { protocol: { version: protocol } } : {}) },
  };
  if (e.rpc_id !== undefined) doc.jsonrpc = { request: { id: String(e.rpc_id) } };
  if (tool) { doc.tool = tool; doc.gen_ai = { tool: { name: tool } }; }
  if (e.error) doc.error = { ...e.error, type: String(e.error.code) };
  return doc;
}
