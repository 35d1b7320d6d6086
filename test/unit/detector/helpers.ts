// Shared builders for the detector unit tests (not a test file itself).
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../../../shared/schema/telemetry.js";

let seq = 0;

/** A valid TelemetryEvent with sensible defaults; `over` replaces top-level fields. */
export function ev(over: Partial<TelemetryEvent> & { method: string }): TelemetryEvent {
  seq++;
  return {
    schema: TELEMETRY_SCHEMA,
    event_id: `e-${String(seq).padStart(6, "0")}`,
    ts: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    tenant: "acme",
    agent: { id: "agent-1", session_id: "sess-1", principal: "alice" },
    server: { name: "srv", transport: "stdio" },
    collector: { id: "c", version: "1" },
    direction: "client_to_server",
    kind: "request",
    size: { request_bytes: 10, response_bytes: 10 },
    ...over,
  } as TelemetryEvent;
}

export const toolsList = (server: string, tools: Record<string, unknown>[], over: Partial<TelemetryEvent> = {}): TelemetryEvent =>
  ev({ method: "tools/list", server: { name: server, transport: "stdio" }, result: { tools }, ...over });

export const toolCall = (server: string, name: string, args: Record<string, unknown>, result?: unknown, over: Partial<TelemetryEvent> = {}): TelemetryEvent =>
  ev({ method: "tools/call", server: { name: server, transport: "stdio" }, params: { name, arguments: args }, ...(result !== undefined ? { result } : {}), ...over });

export const tagChars = (s: string): string => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join("");
