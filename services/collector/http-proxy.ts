// The HTTP reverse proxy for Streamable HTTP (POST → JSON or SSE, GET SSE stream, DELETE, Mcp-Session-Id) and
// the legacy HTTP+SSE transport (GET /sse with an `endpoint` event, POST to that endpoint). Bodies stream through
// as they arrive; a bounded copy (JSON bodies) or an SSE parser (event streams) feeds the observer, through the
// pipeline's observation queue: parsing and observing run after the bytes were relayed, in arrival order. The
// only bytes ever changed are an absolute `endpoint` URL that points at the upstream, rewritten to point here.
import { readFileSync } from "node:fs";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { logEvent } from "../../shared/observability/log.js";
import { httpIdentity } from "./identity.js";
import { parseValue, type RpcId, type RpcMessage } from "./jsonrpc.js";
import { arrivalNow, type Arrival } from "./deferred.js";
import { collectorMetrics } from "./metrics.js";
import type { Direction, ExchangeObserver, Transport } from "./observer.js";
import type { CollectorPipeline } from "./pipeline.js";
import { SseParser, type SseEvent } from "./sse.js";
import { OVERSIZE_HEAD_BYTES, OVERSIZE_TAIL_BYTES } from "./framing.js";

export interface HttpProxyOptions {
  serverName: string;
  /** The server's MCP endpoint, e.g. http://10.0.0.5:3001/mcp; the proxy forwards every path to its origin. */
  upstream: string;
  host?: string;
  port?: number;
  pipeline: CollectorPipeline;
  /** Static principal for every session (else the header below, else the client certificate's CN). */
  principal?: string;
  /** Request header carrying the authenticated principal, set by an auth proxy in front of this one. */
  principalHeader?: string;
  tls?: { certFile: string; keyFile: string; caFile?: string; requireClientCert?: boolean };
}

export interface HttpProxy {
  url: string;
  port: number;
  server: http.Server;
  /** Number of MCP sessions currently tracked. */
  sessionCount(): number;
  /** Stops accepting, ends open streams, closes every session's observer (pending → no_response). */
  close(): Promise<void>;
}

export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:]+)):(\d{1,5})$/.exec(s) ?? /^()()(\d{1,5})$/.exec(s);
  if (!m) throw new Error(`--listen expects HOST:PORT, got '${s}'`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`--listen port out of range: ${port}`);
  return { host: m[1] || m[2] || "127.0.0.1", port };
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) are never forwarded. */
const HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization"]);
const MAX_SESSIONS = 10_000;

interface Session {
  key: string | null;
  observer: ExchangeObserver;
  lastSeen: number;
}

export async function startHttpProxy(o: HttpProxyOptions): Promise<HttpProxy> {
  const upstream = new URL(o.upstream);
  if (upstream.protocol !== "http:" && upstream.protocol !== "https:") throw new Error(`--upstream must be http(s)://, got ${upstream.protocol}`);
  const upstreamLib = upstream.protocol === "https:" ? https : http;
  const agent = new upstreamLib.Agent({ keepAlive: true, maxSockets: 256 });
  const endpointLabel = `${upstream.protocol}//${upstream.host}${upstream.pathname}`;
  const cfg = o.pipeline.config;
  const maxBytes = cfg.max_message_bytes;
  const queue = o.pipeline.observations;
  /** Observer work, queued behind everything relayed before it (control work: never shed by the bound). */
  const later = (fn: () => void): void => queue.push(0, fn, false);
  const sessions = new Map<string, Session>();
  const openResponses = new Set<ServerResponse>();

  const principalOf = (req: IncomingMessage): string | undefined => {
    if (o.principal) return o.principal;
    if (o.principalHeader) {
      const v = req.headers[o.principalHeader.toLowerCase()];
      if (typeof v === "string" && v) return v.slice(0, 256);
    }
    const sock = req.socket as TLSSocket;
    if (sock.authorized && typeof sock.getPeerCertificate === "function") {
      const cn = sock.getPeerCertificate()?.subject?.CN;
      if (typeof cn === "string" && cn) return `cn:${cn}`;
    }
    return undefined;
  };

  const newSession = (req: IncomingMessage, transport: Transport, mcpSessionId: string | undefined): Session => {
    const principal = principalOf(req);
    const id = httpIdentity({ clientAddress: req.socket.remoteAddress ?? "unknown", ...(principal ? { principal } : {}), ...(mcpSessionId ? { mcpSessionId } : {}) });
    const observer = o.pipeline.observer({
      agent: { id: id.id, session_id: id.session_id, host: id.host, ...(id.principal ? { principal: id.principal } : {}) },
      server: { name: o.serverName, transport, endpoint: endpointLabel },
    });
    return { key: null, observer, lastSeen: Date.now() };
  };

  const register = (s: Session, key: string): void => {
    s.key = key;
    if (sessions.size >= MAX_SESSIONS) {
      const [oldestKey, oldest] = sessions.entries().next().value as [string, Session];
      sessions.delete(oldestKey);
      later(() => oldest.observer.close());
    }
    sessions.set(key, s);
  };

  /** Stops tracking a session now; its observer closes once what was queued for it has been observed. */
  const forget = (s: Session): void => {
    if (s.key) sessions.delete(s.key);
    later(() => s.observer.close());
  };

  const sweep = setInterval(() => {
    const limit = Date.now() - cfg.http_session_idle_ms;
    for (const s of [...sessions.values()]) if (s.lastSeen < limit) forget(s);
  }, Math.min(60_000, cfg.http_session_idle_ms));
  sweep.unref();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    openResponses.add(res);
    res.on("close", () => openResponses.delete(res));
    try {
      proxy(req, res);
    } catch (err) {
      collectorMetrics.observationError();
      logEvent("error", "collector_http_proxy_error", { error: (err as Error).message.slice(0, 200) });
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    }
  };

  const proxy = (req: IncomingMessage, res: ServerResponse): void => {
    const target = new URL(req.url ?? "/", upstream);
    const mcpSid = headerValue(req.headers["mcp-session-id"]);
    const legacySid = target.searchParams.get("sessionId");
    const method = req.method ?? "GET";

    // Which MCP session this exchange belongs to; created lazily for initialize / stateless / legacy streams.
    let session: Session | undefined =
      (mcpSid ? sessions.get(`mcp:${mcpSid}`) : undefined) ?? (legacySid ? sessions.get(`sse:${legacySid}`) : undefined);
    let ephemeral = false;
    const ensureSession = (): Session => {
      if (session) return session;
      session = newSession(req, legacySid && method === "POST" ? "sse" : "streamable-http", mcpSid);
      if (mcpSid) register(session, `mcp:${mcpSid}`);
      else ephemeral = true;
      return session;
    };
    if (session) session.lastSeen = Date.now();

    // Observation runs strictly after the request body was observed, so a response always finds its request
    // (an upstream may answer before the request body has ended). Everything runs on the observation queue.
    let requestQueued = false;
    const deferred: (() => void)[] = [];
    const afterRequest = (fn: () => void, bytes = 0) => (requestQueued ? queue.push(bytes, fn, bytes > 0) : deferred.push(fn));
    const requestIds: RpcId[] = [];
    const queueRequestObservation = (observe: (() => void) | null, bytes: number) => {
      requestQueued = true;
      const after = deferred.splice(0);
      queue.push(bytes, () => {
        if (observe) safe(observe);
        for (const fn of after) safe(fn);
      }, bytes > 0 && after.length === 0);
    };

    const headers = forwardHeaders(req.headers, upstream.host, req.socket.remoteAddress);
    const upReq = upstreamLib.request({
      protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port || undefined,
      method, path: target.pathname + target.search, headers, agent,
    });

    const observeBody = method === "POST" && isJson(req.headers["content-type"]);
    const reqCopy = observeBody ? new BoundedCopy(maxBytes) : null;
    req.on("data", (chunk: Buffer) => {
      if (!upReq.write(chunk)) { req.pause(); upReq.once("drain", () => req.resume()); }
      reqCopy?.push(chunk);
    });
    req.on("end", () => {
      upReq.end();
      const at = arrivalNow();
      if (reqCopy && reqCopy.size > 0) {
        const s = ensureSession();
        queueRequestObservation(() => observeBodyCopy(s.observer, "client_to_server", reqCopy, at, (msg) => { if (msg.type === "request") requestIds.push(msg.id); }), reqCopy.size);
      } else {
        queueRequestObservation(null, 0);
      }
    });
    // The client went away before the exchange finished: stop the upstream work, record the loss.
    res.on("close", () => {
      if (!res.writableFinished) {
        upReq.destroy();
        afterRequest(() => { if (session) for (const id of requestIds) session.observer.abandon("client_to_server", id); });
      }
      if (ephemeral && session) { const s = session; afterRequest(() => forget(s)); }
    });

    upReq.on("error", (err) => {
      logEvent("warn", "collector_http_upstream_error", { upstream: endpointLabel, error: err.message.slice(0, 200) });
      afterRequest(() => { if (session) for (const id of requestIds) session.observer.abandon("client_to_server", id); });
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "Bad Gateway: MCP server unreachable through geiger collector" } }));
      } else res.destroy(err);
    });

    upReq.on("response", (up) => {
      const status = up.statusCode ?? 502;
      const newSid = headerValue(up.headers["mcp-session-id"]);
      if (newSid && !mcpSid && status < 400) {
        const s = ensureSession();
        if (!s.key) {
          // The initialize exchange: from now on this is session `newSid`; its events carry the final identity.
          const principal = principalOf(req);
          const id = httpIdentity({ clientAddress: req.socket.remoteAddress ?? "unknown", mcpSessionId: newSid, ...(principal ? { principal } : {}) });
          s.observer.ctx.agent.session_id = id.session_id;
          register(s, `mcp:${newSid}`);
          ephemeral = false;
        }
      }
      if (method === "DELETE" && status < 300 && session) {
        const s = session;
        up.on("end", () => forget(s));
      }
      res.writeHead(status, up.statusMessage, responseHeaders(up));
      // Flush headers now: an SSE stream may stay silent for a long time.
      res.flushHeaders();
      const ctype = headerValue(up.headers["content-type"]) ?? "";
      const encoded = (headerValue(up.headers["content-encoding"]) ?? "identity") !== "identity";
      if (ctype.startsWith("text/event-stream") && !encoded) {
        const s = method === "GET" && !session ? null : ensureSession();
        pumpSse(up, res, s, method === "GET", req, afterRequest);
      } else if (isJson(ctype) && !encoded && method !== "GET") {
        const copy = new BoundedCopy(maxBytes);
        up.on("data", (chunk: Buffer) => { if (!res.write(chunk)) { up.pause(); res.once("drain", () => up.resume()); } copy.push(chunk); });
        up.on("end", () => {
          res.end();
          const at = arrivalNow();
          const s = ensureSession();
          afterRequest(() => observeBodyCopy(s.observer, "server_to_client", copy, at), copy.size);
        });
      } else {
        up.pipe(res);
      }
      up.on("error", () => res.destroy());
      // A 4xx/5xx without a JSON-RPC body leaves the request unanswered: record it now, not at the timeout.
      up.on("end", () => {
        if (status >= 400 && !isJson(ctype)) afterRequest(() => { if (session) for (const id of requestIds) session.observer.abandon("client_to_server", id); });
      });
    });
  };

  /**
   * Streams an SSE response through. GET streams hold back only their first event: in the legacy transport it is
   * the `endpoint` event, whose URL is rewritten when it names the upstream's origin; after it, bytes flow as read.
   */
  const pumpSse = (up: IncomingMessage, res: ServerResponse, s: Session | null, isGet: boolean, req: IncomingMessage, afterRequest: (fn: () => void, bytes: number) => void): void => {
    let holding = isGet && !s;
    // Arrival of the chunk being parsed (the parser runs on the observation queue, after the relay).
    let at: Arrival | undefined;
    let held: Buffer[] = [];
    let heldBytes = 0;
    let legacy: Session | null = null;
    const sessionFor = (): Session => {
      if (s) return s;
      legacy ??= newSession(req, "sse", undefined);
      return legacy;
    };
    const parser = new SseParser(maxBytes, (ev) => {
      if (holding) {
        holding = false;
        let out = Buffer.concat(held);
        held = [];
        if (ev.type === "endpoint" && "data" in ev) {
          const rewritten = rewriteEndpoint(ev.data, upstream, req);
          if (rewritten !== ev.data) out = Buffer.from(out.toString("utf8").replace(ev.data, rewritten), "utf8");
          const sid = new URL(ev.data, upstream).searchParams.get("sessionId");
          if (sid && !s) register(sessionFor(), `sse:${sid}`);
          res.write(out);
          return;
        }
        res.write(out);
      }
      safe(() => observeSseEvent(sessionFor().observer, ev, at));
    });
    up.on("data", (chunk: Buffer) => {
      if (holding) {
        held.push(chunk);
        heldBytes += chunk.length;
        safe(() => parser.push(chunk));
        // No event boundary within a sane size: give up on rewriting, never on relaying.
        if (holding && heldBytes > 64 * 1024) { holding = false; res.write(Buffer.concat(held)); held = []; }
        return;
      }
      if (!res.write(chunk)) { up.pause(); res.once("drain", () => up.resume()); }
      const arrived = arrivalNow();
      afterRequest(() => { at = arrived; try { parser.push(chunk); } finally { at = undefined; } }, chunk.length);
    });
    up.on("end", () => {
      if (held.length) res.write(Buffer.concat(held));
      res.end();
      if (legacy && isGet) forget(legacy);
    });
    res.on("close", () => { up.destroy(); if (legacy && isGet) forget(legacy); });
  };

  const server = o.tls
    ? https.createServer({
        cert: readFileSync(o.tls.certFile),
        key: readFileSync(o.tls.keyFile),
        ...(o.tls.caFile ? { ca: readFileSync(o.tls.caFile) } : {}),
        requestCert: !!o.tls.requireClientCert,
        rejectUnauthorized: !!o.tls.requireClientCert,
      }, handler)
    : http.createServer(handler);
  // SSE streams are long-lived: no request/headers timeouts on the proxy side.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  const host = o.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, host, () => { server.off("error", reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${o.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  logEvent("info", "collector_http_proxy_listening", { url, upstream: endpointLabel, server: o.serverName });

  return {
    url, port, server,
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweep);
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const r of openResponses) r.destroy();
      server.closeAllConnections();
      await closed;
      for (const s of [...sessions.values()]) forget(s);
      agent.destroy();
    },
  };
}

function safe(fn: () => void): void {
  try { fn(); } catch { collectorMetrics.observationError(); }
}

const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const isJson = (ct: string | string[] | undefined): boolean => /^application\/(?:[\w.+-]*\+)?json/i.test(headerValue(ct) ?? "");

function forwardHeaders(h: IncomingHttpHeaders, upstreamHost: string, clientAddr: string | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const connectionListed = new Set((headerValue(h.connection) ?? "").toLowerCase().split(",").map((s) => s.trim()).filter(Boolean));
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || HOP.has(k) || connectionListed.has(k) || k === "host") continue;
    out[k] = v;
  }
  out.host = upstreamHost;
  const xff = headerValue(h["x-forwarded-for"]);
  if (clientAddr) out["x-forwarded-for"] = xff ? `${xff}, ${clientAddr}` : clientAddr;
  return out;
}

function responseHeaders(up: IncomingMessage): string[] {
  const out: string[] = [];
  const raw = up.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i]!;
    if (HOP.has(k.toLowerCase())) continue;
    out.push(k, raw[i + 1]!);
  }
  return out;
}

/** An absolute endpoint URL on the upstream's origin is moved to the proxy's; a relative one already resolves here. */
export function rewriteEndpoint(data: string, upstream: URL, req: IncomingMessage): string {
  let u: URL;
  try {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(data)) return data;
    u = new URL(data);
  } catch {
    return data;
  }
  if (u.origin !== upstream.origin) return data;
  const proto = (req.socket as TLSSocket).encrypted ? "https" : "http";
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return `${proto}://${host}${u.pathname}${u.search}${u.hash}`;
}

/** Keeps a body for observation up to the limit; past it only the head and tail (for id/method sniffing). */
class BoundedCopy {
  private parts: Buffer[] = [];
  size = 0;
  private head: Buffer | null = null;
  private tail = Buffer.alloc(0);

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (!this.head && this.size <= this.max) { this.parts.push(chunk); return; }
    if (!this.head) {
      const all = Buffer.concat([...this.parts, chunk]);
      this.head = Buffer.from(all.subarray(0, OVERSIZE_HEAD_BYTES));
      this.tail = Buffer.from(all.subarray(Math.max(0, all.length - OVERSIZE_TAIL_BYTES)));
      this.parts = [];
      return;
    }
    const joined = Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - OVERSIZE_TAIL_BYTES)));
  }

  get oversize(): { head: string; tail: string } | null {
    return this.head ? { head: this.head.toString("utf8"), tail: this.tail.toString("utf8") } : null;
  }

  text(): string {
    return Buffer.concat(this.parts).toString("utf8");
  }
}

function observeBodyCopy(obs: ExchangeObserver, dir: Direction, copy: BoundedCopy, at: Arrival, onMessage?: (m: RpcMessage) => void): void {
  if (copy.size === 0) return;
  const over = copy.oversize;
  if (over) return obs.truncatedMessage(dir, copy.size, over.head, over.tail, at);
  let v: unknown;
  try {
    v = JSON.parse(copy.text());
  } catch {
    return obs.invalidMessage(dir, copy.size, "invalid_json", at);
  }
  const parsed = parseValue(v, copy.size);
  if (!parsed.ok) return obs.invalidMessage(dir, copy.size, parsed.reason, at);
  for (const m of parsed.messages) {
    onMessage?.(m.msg);
    obs.message(dir, m.msg, m.bytes, parsed.batch ? ["batch"] : [], at);
  }
}

function observeSseEvent(obs: ExchangeObserver, ev: SseEvent, at: Arrival | undefined): void {
  if (ev.type !== "message") return;
  if (ev.oversize) return obs.truncatedMessage("server_to_client", ev.bytes, ev.oversize.head, ev.oversize.tail, at);
  if (ev.data.trim() === "") return;
  let v: unknown;
  try {
    v = JSON.parse(ev.data);
  } catch {
    return obs.invalidMessage("server_to_client", ev.bytes, "invalid_json", at);
  }
  const parsed = parseValue(v, ev.bytes);
  if (!parsed.ok) return obs.invalidMessage("server_to_client", ev.bytes, parsed.reason, at);
  for (const m of parsed.messages) obs.message("server_to_client", m.msg, m.bytes, parsed.batch ? ["batch"] : [], at);
}
