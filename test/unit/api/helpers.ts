// Test fixtures for the API: an API over the embedded store and bus on 127.0.0.1:0, a fetch wrapper, and
// alert/event builders.
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedBus } from "../../../shared/bus/embedded.js";
import { setLogLevel } from "../../../shared/observability/log.js";
import type { Alert } from "../../../shared/schema/alert.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { EmbeddedStore } from "../../../shared/store/embedded.js";
import { loadGeigerConfig, type GeigerConfig } from "../../../services/cli/config.js";
import { createApi, type Api, type CreateApiOptions } from "../../../services/api/server.js";

setLogLevel("silent");

export interface TestApi {
  api: Api;
  base: string;
  store: EmbeddedStore;
  bus: EmbeddedBus;
  config: GeigerConfig;
  admin: string;
  call(path: string, o?: { token?: string | null; method?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  token(role: string, tenant: string): Promise<string>;
  close(): Promise<void>;
}

export async function startApi(o: { api?: Record<string, unknown>; extra?: Partial<CreateApiOptions> } = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), "geiger-api-"));
  const config = loadGeigerConfig({ env: {}, overrides: { data_dir: dir, api: { rate_limit: { enabled: false }, ...(o.api ?? {}) } } });
  const store = new EmbeddedStore();
  await store.init();
  const bus = new EmbeddedBus();
  const api = await createApi({ store, bus, config, staticDir: join(dir, "web"), adminToken: "test-admin-token-0123456789", ...(o.extra ?? {}) });
  const server = await api.listen("127.0.0.1", 0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call: TestApi["call"] = async (path, c = {}) => {
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    const token = c.token === undefined ? api.adminToken : c.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = c.raw;
    if (c.body !== undefined) { body = JSON.stringify(c.body); headers["content-type"] ??= "application/json"; }
    const res = await fetch(base + path, { method: c.method ?? "GET", headers, ...(body !== undefined ? { body } : {}), redirect: "manual" });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    api, base, store, bus, config, admin: api.adminToken, call,
    async token(role, tenant) {
      const r = await call("/api/v1/tokens", { method: "POST", body: { role, tenant } });
      if (r.status !== 201) throw new Error(`token create failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async close() { await api.close(); await bus.close(); await store.close(); },
  };
}

let seq = 0;
export function makeAlert(over: Partial<Alert> & { tenant?: string; server?: string; session?: string } = {}): Alert {
  const n = ++seq;
  const { tenant, server, session, ...rest } = over;
  return {
    schema: "geiger.alert/v1", alert_id: `al-${n}`, dedup_key: `dk-${n}`, rule_id: "P1.tool_poisoning", rule_name: "Tool poisoning",
    severity: "high", score: 0.9, taxonomy: ["P1"], title: `Injected instruction ${n}`, description: "ignore previous instructions",
    entity: { tenant: tenant ?? "default", session_id: session ?? `s-${n}`, principal: "alice", server: server ?? "fs", tool: "read_file" },
    event_ids: [`ev-${n}`], evidence: [{ event_id: `ev-${n}`, path: "result.content[0].text", excerpt: "<IMPORTANT>", reason: "hidden instruction" }],
    first_seen: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(), last_seen: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(),
    count: 1, status: "open", ...rest,
  };
}

export function makeEvent(over: Omit<Partial<TelemetryEvent>, "server"> & { session?: string; server?: string } = {}): TelemetryEvent {
  const n = ++seq;
  const { session, server, ...rest } = over;
  return {
    schema: "geiger.telemetry/v1", event_id: `ev-${n}`, ts: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(), tenant: "default",
    agent: { id: "agent-1", session_id: session ?? "s-1", principal: "alice" },
    server: { name: server ?? "fs", transport: "stdio" }, collector: { id: "c1", version: "0.1.0" },
    direction: "client_to_server", kind: "request", method: "tools/call", rpc_id: n,
    params: { name: "read_file", arguments: { path: "/etc/passwd" } }, size: { request_bytes: 10, response_bytes: 20 },
    cost: { usd: 0.01, source: "price_table" }, ...rest,
  };
}

export async function seed(t: TestApi, alerts: Alert[], events: TelemetryEvent[] = []): Promise<void> {
  if (alerts.length) await t.store.bulkWrite("alerts", alerts.map((a) => ({ id: a.alert_id, doc: a as never })));
  if (events.length) await t.store.bulkWrite("telemetry", events.map((e) => ({ id: e.event_id, doc: { ...e, tool: (e.params as { name?: string } | undefined)?.name } as never })));
}
