// Explicit Elasticsearch mappings. `dynamic: false` everywhere: unknown fields stay in _source but are never
// mapped, so hostile or inconsistent payloads cannot explode or conflict with the mapping.
import type { CollectionName } from "./port.js";

const kw = { type: "keyword", ignore_above: 1024 } as const;
const date = { type: "date" } as const;
const dbl = { type: "double" } as const;
const lng = { type: "long" } as const;
const text = { type: "text" } as const;
const opaque = { type: "object", enabled: false } as const;

export const MAPPINGS: Record<CollectionName, Record<string, unknown>> = {
  telemetry: {
    dynamic: false,
    properties: {
      schema: kw, event_id: kw, ts: date, "@timestamp": date, duration_ms: dbl, tenant: kw,
      agent: { properties: { id: kw, session_id: kw, principal: kw, client_name: kw, client_version: kw, host: kw } },
      server: { properties: { name: kw, transport: kw, version: kw, endpoint: kw } },
      collector: { properties: { id: kw, version: kw } },
      direction: kw, kind: kw, method: kw, rpc_id: kw, tool: kw,
      // Collector observations: timeout, no_response, truncated, invalid_json, … and whether a payload was cut.
      flags: kw, truncated: { type: "boolean" },
      params: opaque, result: opaque,
      error: { properties: { code: lng, message: { type: "text", fields: { raw: kw } }, data: opaque, type: kw } },
      size: { properties: { request_bytes: lng, response_bytes: lng } },
      redactions: { properties: { path: kw, kind: kw, fingerprint: kw } },
      cost: { properties: { units: dbl, usd: dbl, source: kw } },
      trace: { properties: { traceparent: kw } },
      // ECS and OpenTelemetry MCP semantic conventions, so Kibana users find familiar fields.
      event: { properties: { id: kw, kind: kw, category: kw, dataset: kw, duration: lng, outcome: kw } },
      mcp: { properties: { method: { properties: { name: kw } }, session: { properties: { id: kw } }, protocol: { properties: { version: kw } } } },
      jsonrpc: { properties: { request: { properties: { id: kw } } } },
      gen_ai: { properties: { tool: { properties: { name: kw } } } },
      search_text: text,
    },
  },
  alerts: {
    dynamic: false,
    properties: {
      schema: kw, alert_id: kw, dedup_key: kw, rule_id: kw, rule_name: kw, severity: kw, score: dbl, taxonomy: kw,
      title: { type: "text", fields: { raw: kw } }, description: text,
      entity: { properties: { tenant: kw, agent_id: kw, session_id: kw, principal: kw, server: kw, tool: kw } },
      event_ids: kw,
      evidence: { properties: { event_id: kw, path: kw, excerpt: { type: "text", index: false }, reason: { type: "text", index: false } } },
      first_seen: date, last_seen: date, count: lng, status: kw, assignee: kw, owasp: kw, atlas: kw, severity_rank: lng,
      notes: opaque,
      search_text: text,
    },
  },
  audit: {
    dynamic: false,
    properties: { audit_id: kw, ts: date, actor: kw, role: kw, tenant: kw, action: kw, target: kw, before: opaque, after: opaque, search_text: text },
  },
  deadletters: {
    dynamic: false,
    properties: { dlq_id: kw, ts: date, stage: kw, reason: text, source: opaque, payload: opaque, search_text: text },
  },
  config: {
    dynamic: false,
    properties: { id: kw, kind: kw, tenant: kw, updated_at: date, value: opaque, search_text: text },
  },
};
