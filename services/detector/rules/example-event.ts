// Builds a TelemetryEvent that carries a text in a given scope (a tool description, a tool result, outbound
// arguments …): how rule examples and the evaluation corpus are run through the real engine.
import { createHash } from "node:crypto";
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { Scope } from "../text/fields.js";

export interface ExampleEventOptions {
  server?: string;
  tool?: string;
  ts?: string;
  session?: string;
  principal?: string;
}

export function eventForScope(scope: Scope, text: string, o: ExampleEventOptions = {}): TelemetryEvent {
  const tool = o.tool ?? "example_tool";
  const id = createHash("sha256").update(`${scope}\u0000${text}`).digest("hex").slice(0, 20);
  const base = {
    schema: TELEMETRY_SCHEMA,
    event_id: `ex-${id}`,
    ts: o.ts ?? "2025-06-01T12:00:00.000Z",
    tenant: "default",
    agent: { id: "agent-example", session_id: o.session ?? "session-example", ...(o.principal ? { principal: o.principal } : {}) },
    server: { name: o.server ?? "example-server", transport: "stdio" as const },
    collector: { id: "example", version: "0" },
    direction: "client_to_server" as const,
    kind: "request" as const,
    size: { request_bytes: text.length, response_bytes: text.length },
  };
  switch (scope) {
    case "tool_description":
      return { ...base, method: "tools/list", result: { tools: [{ name: tool, description: text, inputSchema: { type: "object", properties: {} } }] } };
    case "prompt_description":
      return { ...base, method: "prompts/list", result: { prompts: [{ name: tool, description: text }] } };
    case "resource_description":
      return { ...base, method: "resources/list", result: { resources: [{ uri: `file:///${tool}`, name: tool, description: text }] } };
    case "server_instructions":
      return { ...base, method: "initialize", result: { protocolVersion: "2025-06-18", capabilities: {}, serverInfo: { name: base.server.name, version: "1.0.0" }, instructions: text } };
    case "tool_result":
      return { ...base, method: "tools/call", params: { name: tool, arguments: {} }, result: { content: [{ type: "text", text }] } };
    case "resource_content":
      return { ...base, method: "resources/read", params: { uri: `file:///${tool}` }, result: { contents: [{ uri: `file:///${tool}`, mimeType: "text/plain", text }] } };
    case "prompt_content":
      return { ...base, method: "prompts/get", params: { name: tool }, result: { messages: [{ role: "user", content: { type: "text", text } }] } };
    case "sampling":
      return { ...base, direction: "server_to_client", method: "sampling/createMessage", params: { messages: [{ role: "user", content: { type: "text", text } }], maxTokens: 100 } };
    case "elicitation":
      return { ...base, direction: "server_to_client", method: "elicitation/create", params: { message: text, requestedSchema: { type: "object", properties: {} } } };
    case "error":
      return { ...base, method: "tools/call", params: { name: tool, arguments: {} }, error: { code: -32000, message: text } };
    case "tool_arguments":
      return { ...base, method: "tools/call", params: { name: tool, arguments: { input: text } }, result: { content: [{ type: "text", text: "ok" }] } };
    case "request_params":
      return { ...base, method: "resources/read", params: { uri: text }, result: { contents: [] } };
  }
}
