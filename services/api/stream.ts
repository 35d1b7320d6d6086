// Live alert stream over WebSocket (/api/v1/stream): authenticated upgrade (bearer, session cookie or one-use
// ticket), per-client tenant + filters, ping/pong and heartbeat messages, and resume-with-backfill from the store.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { z } from "zod";
import type { Bus, Subscription } from "../../shared/bus/port.js";
import { logEvent } from "../../shared/observability/log.js";
import { gauge } from "../../shared/observability/metrics.js";
import { AlertStatusSchema, SeveritySchema, TaxonomySchema, severityRank, type Severity } from "../../shared/schema/alert.js";
import type { Doc, Filter, Store } from "../../shared/store/port.js";
import type { GeigerConfig } from "../cli/config.js";
import { allows, type Principal } from "./auth.js";
import { resolvePrincipal, type AuthDeps } from "./route.js";
import { term, tenantFilters } from "./query.js";
import { severitiesAtLeast } from "./routes/alerts.js";

export const STREAM_PATH = "/api/v1/stream";

export const StreamFiltersSchema = z.strictObject({
  severity_min: SeveritySchema.optional(),
  taxonomy: z.array(TaxonomySchema).max(6).optional(),
  server: z.array(term(1024)).max(100).optional(),
  status: z.array(AlertStatusSchema).max(4).optional(),
});
export type StreamFilters = z.infer<typeof StreamFiltersSchema>;

export const ClientMessageSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("subscribe"), filters: StreamFiltersSchema.prefault({}) }),
  z.strictObject({ type: z.literal("resume"), since: z.iso.datetime({ offset: true }) }),
  z.strictObject({ type: z.literal("ping") }),
]);

interface Client { ws: WebSocket; principal: Principal; filters: StreamFilters; alive: boolean; backfilling: boolean; pending: Doc[]; sent: Map<string, string> }

/** Pure: does an alert pass a client's tenant and filters? */
export function streamMatches(alert: Doc, tenant: string, f: StreamFilters): boolean {
  const entity = (alert.entity ?? {}) as { tenant?: unknown; server?: unknown };
  if (tenant !== "*" && entity.tenant !== tenant) return false;
  const sev = SeveritySchema.safeParse(alert.severity);
  if (f.severity_min && (!sev.success || severityRank(sev.data) < severityRank(f.severity_min))) return false;
  if (f.taxonomy && !(Array.isArray(alert.taxonomy) && alert.taxonomy.some((t) => f.taxonomy!.includes(t as never)))) return false;
  if (f.server && !(typeof entity.server === "string" && f.server.includes(entity.server))) return false;
  if (f.status && !f.status.includes(alert.status as never)) return false;
  return true;
}

function storeFilters(tenant: string, f: StreamFilters): Filter[] {
  const out: Filter[] = tenantFilters({ id: "", role: "viewer", tenant, via: "token" }, "entity.tenant");
  if (f.severity_min) out.push({ field: "severity", op: "in", values: severitiesAtLeast(f.severity_min as Severity) });
  if (f.taxonomy) out.push({ field: "taxonomy", op: "in", values: f.taxonomy });
  if (f.server) out.push({ field: "entity.server", op: "in", values: f.server });
  if (f.status) out.push({ field: "status", op: "in", values: f.status });
  return out;
}

const MAX_BUFFERED = 4 * 1024 * 1024;

export class AlertStream {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private sub: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly gaugeClients = gauge("geiger_api_stream_clients", "Open WebSocket stream clients");

  constructor(private readonly o: { bus: Bus; store: Store; config: GeigerConfig; auth: AuthDeps; redeemTicket(t: string): Principal | null }) {}

  async start(): Promise<void> {
    const topic = this.o.config.topics.alerts;
    await this.o.bus.ensureTopics([{ name: topic }]);
    // A group of our own per API instance: every instance must see every alert; only new ones matter live.
    this.sub = await this.o.bus.subscribe({
      groupId: `geiger-api-stream-${randomUUID()}`, topics: [topic], fromBeginning: false,
      handleBatch: async (messages) => {
        for (const m of messages) {
          let alert: unknown;
          try { alert = JSON.parse(m.value); } catch { continue; }
          if (alert && typeof alert === "object" && typeof (alert as Doc).alert_id === "string") this.broadcast(alert as Doc);
        }
      },
    });
    this.timer = setInterval(() => this.heartbeat(), this.o.config.api.stream.heartbeat_ms);
    this.timer.unref();
  }

  private send(c: Client, msg: unknown): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > MAX_BUFFERED) { c.ws.close(1013, "client too slow"); return; }
    c.ws.send(JSON.stringify(msg));
  }

  private deliver(c: Client, alert: Doc, backfill: boolean): void {
    const id = String(alert.alert_id), ver = `${String(alert.last_seen)}|${String(alert.status)}|${String(alert.count)}`;
    if (c.sent.get(id) === ver) return; // the same version reached us from backfill and live
    c.sent.set(id, ver);
    if (c.sent.size > 20_000) c.sent.delete(c.sent.keys().next().value!);
    this.send(c, backfill ? { type: "alert", alert, backfill: true } : { type: "alert", alert });
  }

  broadcast(alert: Doc): void {
    for (const c of this.clients) {
      if (!streamMatches(alert, c.principal.tenant, c.filters)) continue;
      if (c.backfilling) c.pending.push(alert);
      else this.deliver(c, alert, false);
    }
  }

  private heartbeat(): void {
    for (const c of this.clients) {
      if (!c.alive) { c.ws.terminate(); continue; }
      c.alive = false;
      c.ws.ping();
      this.send(c, { type: "heartbeat", ts: new Date().toISOString() });
    }
  }

  private async resume(c: Client, since: string): Promise<void> {
    c.backfilling = true;
    let count = 0;
    try {
      let cursor: string | null = null;
      const max = this.o.config.api.stream.backfill_max;
      const filters = [...storeFilters(c.principal.tenant, c.filters), { field: "last_seen", op: "range" as const, gt: since }];
      do {
        const page = await this.o.store.search("alerts", { filters, order: "asc", limit: Math.min(500, max - count), cursor });
        for (const a of page.items) { this.deliver(c, a, true); count++; }
        cursor = page.next_cursor;
      } while (cursor && count < max && c.ws.readyState === c.ws.OPEN);
    } catch (err) {
      this.send(c, { type: "error", error: { code: "unavailable", message: "backfill failed; retry resume" } });
      logEvent("warn", "api_stream_backfill_failed", { error: (err as Error).message.slice(0, 300) });
    } finally {
      c.backfilling = false;
      const pending = c.pending;
      c.pending = [];
      for (const a of pending) this.deliver(c, a, false);
    }
    this.send(c, { type: "resumed", count });
  }

  private onMessage(c: Client, data: unknown): void {
    let raw: unknown;
    try { raw = JSON.parse(String(data)); } catch { return this.send(c, { type: "error", error: { code: "bad_request", message: "messages must be JSON" } }); }
    const r = ClientMessageSchema.safeParse(raw);
    if (!r.success) return this.send(c, { type: "error", error: { code: "bad_request", message: r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ") } });
    const msg = r.data;
    if (msg.type === "subscribe") { c.filters = msg.filters; this.send(c, { type: "subscribed", filters: c.filters }); }
    else if (msg.type === "resume") void this.resume(c, msg.since);
    else this.send(c, { type: "pong", ts: new Date().toISOString() });
  }

  private reject(socket: Duplex, status: number, text: string): void {
    const body = JSON.stringify({ error: { code: status === 401 ? "unauthenticated" : status === 403 ? "forbidden" : "unavailable", message: text } });
    socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }

  /** The http server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname !== STREAM_PATH) return this.reject(socket, 404, "Not Found");
      if (this.clients.size >= this.o.config.api.stream.max_clients) return this.reject(socket, 503, "Too Many Clients");
      let principal: Principal | null = null;
      const ticket = url.searchParams.get("ticket");
      if (ticket) principal = this.o.redeemTicket(ticket);
      else {
        principal = (await resolvePrincipal(this.o.auth, req.headers)).principal;
        // A cookie rides along on cross-site upgrades too: insist the page came from us.
        if (principal?.via === "session" && req.headers.origin && req.headers.host && new URL(req.headers.origin).host !== req.headers.host) return this.reject(socket, 403, "Forbidden");
      }
      if (!principal) return this.reject(socket, 401, "Unauthorized");
      if (!allows(principal.role, "viewer")) return this.reject(socket, 403, "Forbidden");
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, principal!));
    })().catch((err: unknown) => {
      logEvent("warn", "api_stream_upgrade_failed", { error: (err as Error).message.slice(0, 300) });
      this.reject(socket, 503, "Service Unavailable");
    });
  }

  private accept(ws: WebSocket, principal: Principal): void {
    const c: Client = { ws, principal, filters: {}, alive: true, backfilling: false, pending: [], sent: new Map() };
    this.clients.add(c);
    this.gaugeClients.set(this.clients.size);
    ws.on("pong", () => { c.alive = true; });
    ws.on("message", (data) => { c.alive = true; this.onMessage(c, data); });
    ws.on("close", () => { this.clients.delete(c); this.gaugeClients.set(this.clients.size); });
    ws.on("error", () => ws.terminate());
    this.send(c, { type: "hello", role: principal.role, tenant: principal.tenant, heartbeat_ms: this.o.config.api.stream.heartbeat_ms });
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    await this.sub?.stop();
    this.sub = null;
    this.wss.close();
  }
}
