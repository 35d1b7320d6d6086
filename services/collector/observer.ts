// The observer of one MCP connection: pairs each request with its response per direction (client→server and
// server→client), records notifications and initialize info, and emits one redacted TelemetryEvent per exchange.
// Transport-agnostic: the stdio proxy feeds it frames, the HTTP proxy and the SDK hook feed it messages.
// Every public method catches its own errors: observation must never break the relay.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../../shared/schema/telemetry.js";
import { logEvent } from "../../shared/observability/log.js";
import type { CollectorConfig } from "./config.js";
import { exchangeCost } from "./cost.js";
import type { Arrival } from "./deferred.js";
import type { Frame } from "./framing.js";
import { parseLine, sniffTruncated, type RpcId, type RpcMessage } from "./jsonrpc.js";
import { collectorMetrics } from "./metrics.js";
import type { RedactionRecord, Redactor } from "./redaction.js";

export type Direction = "client_to_server" | "server_to_client";
export type Transport = "stdio" | "streamable-http" | "sse";

/** Who and what this connection is: fixed for the observer's life (initialize info is added as it is seen). */
export interface ConnectionContext {
  tenant: string;
  agent: { id: string; session_id: string; principal?: string; host?: string };
  server: { name: string; transport: Transport; endpoint?: string };
  collector: { id: string; version: string };
}

export interface ObserverOptions {
  redactor: Redactor;
  emit: (event: TelemetryEvent) => void;
  config: Pick<CollectorConfig, "pairing_timeout_ms" | "max_pending_requests" | "price_table">;
  /** Monotonic milliseconds (durations) and wall clock (ts); injectable for tests. */
  now?: () => number;
  wallClock?: () => number;
  /** Sweep pending requests for timeouts on a timer (default true; tests call sweep() themselves). */
  timers?: boolean;
  /** Called once after close() (the owner forgets the observer). */
  onClose?: () => void;
}

/** Flags on events that did not come out of a clean request/response exchange. */
export type Flag =
  | "timeout" | "no_response" | "cancelled" | "evicted" | "truncated" | "invalid_json" | "not_jsonrpc"
  | "unpaired_response" | "batch";

interface Pending {
  method: string;
  id: RpcId;
  params: unknown;
  requestBytes: number;
  t0: number;
  wall: number;
  flags: Flag[];
}

const opposite = (d: Direction): Direction => (d === "client_to_server" ? "server_to_client" : "client_to_server");
const idKey = (id: RpcId): string => (typeof id === "number" ? `n${id}` : `s${id}`);

export class ExchangeObserver {
  private readonly pending: Record<Direction, Map<string, Pending>> = { client_to_server: new Map(), server_to_client: new Map() };
  private client?: { name?: string; version?: string };
  private serverInfo?: { name?: string; version?: string };
  private protocolVersion?: string;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly wall: () => number;
  /** Last `agent`/`server` views built for events (see agentView). */
  private readonly views: {
    agent?: TelemetryEvent["agent"]; agentFrom?: ConnectionContext["agent"]; agentSession?: string; client?: { name?: string; version?: string } | undefined;
    server?: TelemetryEvent["server"]; serverFrom?: ConnectionContext["server"]; serverInfo?: { name?: string; version?: string } | undefined;
  } = {};
  /** Set while observing a message that was queued: its arrival time stands in for the clocks. */
  private arrival: Arrival | undefined;

  constructor(readonly ctx: ConnectionContext, private readonly o: ObserverOptions) {
    this.now = o.now ?? (() => performance.now());
    this.wall = o.wallClock ?? (() => Date.now());
  }

  /** Number of requests still waiting for a response, per direction. */
  pendingCount(direction?: Direction): number {
    return direction ? this.pending[direction].size : this.pending.client_to_server.size + this.pending.server_to_client.size;
  }

  /** A frame from the newline-delimited stdio stream. `at`: when it arrived, if it is observed later. */
  frame(direction: Direction, f: Frame, at?: Arrival): void {
    this.guard(at, () => {
      if (f.type === "oversize") return this.truncated(direction, f.size, f.head.toString("utf8"), f.tail.toString("utf8"));
      const parsed = parseLine(f.bytes.toString("utf8"), f.bytes.length);
      if (!parsed.ok) return this.invalid(direction, f.bytes.length, parsed.reason);
      for (const m of parsed.messages) this.onMessage(direction, m.msg, m.bytes, parsed.batch ? ["batch"] : []);
    });
  }

  /** An already-parsed JSON-RPC message (HTTP proxy, SDK hook). */
  message(direction: Direction, msg: RpcMessage, bytes: number, flags: Flag[] = [], at?: Arrival): void {
    this.guard(at, () => this.onMessage(direction, msg, bytes, flags));
  }

  /** A body that is not JSON or not JSON-RPC: recorded (size only, never its content). */
  invalidMessage(direction: Direction, bytes: number, reason: "invalid_json" | "not_jsonrpc", at?: Arrival): void {
    this.guard(at, () => this.invalid(direction, bytes, reason));
  }

  /** A message past the size limit: relayed untouched elsewhere, here only its head/tail are sniffed. */
  truncatedMessage(direction: Direction, size: number, head: string, tail: string, at?: Arrival): void {
    this.guard(at, () => this.truncated(direction, size, head, tail));
  }

  /** A request that will never be answered on this connection (upstream unreachable, client gone). */
  abandon(direction: Direction, id: RpcId, flag: Flag = "no_response"): void {
    this.guard(undefined, () => {
      const p = this.takePending(direction, id);
      if (p) this.emitExchange(direction, p, undefined, [flag]);
    });
  }

  /** Emits every request pending longer than the pairing timeout, with no result and the `timeout` flag. */
  sweep(): void {
    this.guard(undefined, () => {
      const limit = this.now() - this.o.config.pairing_timeout_ms;
      for (const dir of ["client_to_server", "server_to_client"] as const) {
        for (const [k, p] of this.pending[dir]) {
          if (p.t0 > limit) continue;
          this.pending[dir].delete(k);
          this.emitExchange(dir, p, undefined, ["timeout"]);
        }
      }
    });
  }

  /** The connection ended: whatever is still pending is emitted with `no_response`. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.guard(undefined, () => {
      for (const dir of ["client_to_server", "server_to_client"] as const) {
        for (const p of this.pending[dir].values()) this.emitExchange(dir, p, undefined, ["no_response"]);
        this.pending[dir].clear();
      }
    });
    this.o.onClose?.();
  }

  private guard(at: Arrival | undefined, fn: () => void): void {
    this.arrival = at;
    try {
      fn();
    } catch (err) {
      collectorMetrics.observationError();
      logEvent("warn", "collector_observation_error", { server: this.ctx.server.name, error: (err as Error).message.slice(0, 200) });
    } finally {
      this.arrival = undefined;
    }
  }

  /** The clocks as of the message being observed: its arrival when it was queued, else now. */
  private monoNow(): number {
    return this.arrival ? this.arrival.mono : this.now();
  }

  private wallNow(): number {
    return this.arrival ? this.arrival.wall : this.wall();
  }

  private onMessage(direction: Direction, msg: RpcMessage, bytes: number, flags: Flag[]): void {
    if (msg.type === "request") {
      if (msg.method === "initialize" && direction === "client_to_server") this.noteInitializeRequest(msg.params);
      this.addPending(direction, { method: msg.method, id: msg.id, params: msg.params, requestBytes: bytes, t0: this.monoNow(), wall: this.wallNow(), flags });
      return;
    }
    if (msg.type === "notification") {
      if (msg.method === "notifications/cancelled") this.noteCancelled(direction, msg.params);
      this.emit({
        direction, kind: "notification", method: msg.method, params: msg.params, requestBytes: bytes, responseBytes: 0,
        wall: this.wallNow(), flags,
      });
      return;
    }
    const p = msg.id === null ? undefined : this.takePending(opposite(direction), msg.id);
    if (!p) {
      this.emit({
        direction, kind: "request", method: "geiger/unpaired_response", ...(msg.id !== null ? { rpcId: msg.id } : {}),
        ...(msg.hasResult ? { result: msg.result } : {}), ...(msg.error ? { error: msg.error } : {}),
        requestBytes: 0, responseBytes: bytes, wall: this.wallNow(), flags: [...flags, "unpaired_response"],
      });
      return;
    }
    if (p.method === "initialize" && msg.hasResult) this.noteInitializeResult(msg.result);
    this.emitExchange(opposite(direction), p, { bytes, ...(msg.hasResult ? { result: msg.result } : {}), ...(msg.error ? { error: msg.error } : {}) }, flags);
  }

  private invalid(direction: Direction, bytes: number, reason: "invalid_json" | "not_jsonrpc"): void {
    collectorMetrics.invalidMessage(reason);
    this.emit({ direction, kind: "notification", method: "geiger/invalid_message", requestBytes: bytes, responseBytes: 0, wall: this.wallNow(), flags: [reason] });
  }

  private truncated(direction: Direction, size: number, head: string, tail: string): void {
    collectorMetrics.truncatedMessage();
    const s = sniffTruncated(head, tail);
    if (s.method && s.id !== undefined) {
      this.addPending(direction, { method: s.method, id: s.id, params: undefined, requestBytes: size, t0: this.monoNow(), wall: this.wallNow(), flags: ["truncated"] });
      return;
    }
    if (s.method) {
      this.emit({ direction, kind: "notification", method: s.method, requestBytes: size, responseBytes: 0, wall: this.wallNow(), flags: ["truncated"] });
      return;
    }
    const p = s.isResponse && s.id !== undefined ? this.takePending(opposite(direction), s.id) : undefined;
    if (p) {
      this.emitExchange(opposite(direction), p, { bytes: size }, ["truncated"]);
      return;
    }
    this.emit({
      direction, kind: "notification", method: "geiger/oversize_message", ...(s.id !== undefined ? { rpcId: s.id } : {}),
      requestBytes: size, responseBytes: 0, wall: this.wallNow(), flags: ["truncated"],
    });
  }

  private addPending(direction: Direction, p: Pending): void {
    const map = this.pending[direction];
    const key = idKey(p.id);
    const dup = map.get(key);
    // A reused id while the first is unanswered: the first can no longer be paired reliably.
    if (dup) { map.delete(key); this.emitExchange(direction, dup, undefined, ["no_response"]); }
    if (map.size >= this.o.config.max_pending_requests) {
      const oldestKey = map.keys().next().value as string;
      const oldest = map.get(oldestKey)!;
      map.delete(oldestKey);
      this.emitExchange(direction, oldest, undefined, ["evicted"]);
    }
    map.set(key, p);
    if (this.o.timers !== false && !this.sweepTimer && !this.closed) {
      this.sweepTimer = setInterval(() => this.sweep(), Math.max(10, Math.min(1000, this.o.config.pairing_timeout_ms / 2)));
      this.sweepTimer.unref();
    }
  }

  private takePending(direction: Direction, id: RpcId): Pending | undefined {
    const key = idKey(id);
    const p = this.pending[direction].get(key);
    if (p) this.pending[direction].delete(key);
    return p;
  }

  private noteCancelled(direction: Direction, params: unknown): void {
    const id = (params as { requestId?: unknown } | undefined)?.requestId;
    if (typeof id !== "string" && typeof id !== "number") return;
    // The canceller is the side that sent the request, so the request is pending in this same direction.
    const p = this.takePending(direction, id);
    if (p) this.emitExchange(direction, p, undefined, ["cancelled"]);
  }

  private noteInitializeRequest(params: unknown): void {
    const p = params as { protocolVersion?: unknown; clientInfo?: { name?: unknown; version?: unknown } } | undefined;
    if (typeof p?.protocolVersion === "string") this.protocolVersion = p.protocolVersion;
    const ci = p?.clientInfo;
    if (ci) this.client = { ...(typeof ci.name === "string" ? { name: ci.name } : {}), ...(typeof ci.version === "string" ? { version: ci.version } : {}) };
  }

  private noteInitializeResult(result: unknown): void {
    const r = result as { protocolVersion?: unknown; serverInfo?: { name?: unknown; version?: unknown } } | undefined;
    if (typeof r?.protocolVersion === "string") this.protocolVersion = r.protocolVersion;
    const si = r?.serverInfo;
    if (si) this.serverInfo = { ...(typeof si.name === "string" ? { name: si.name } : {}), ...(typeof si.version === "string" ? { version: si.version } : {}) };
  }

  private emitExchange(direction: Direction, p: Pending, res: { bytes: number; result?: unknown; error?: { code: number; message: string; data?: unknown } } | undefined, flags: Flag[]): void {
    if (flags.includes("timeout")) collectorMetrics.pairingTimeout();
    const e: EmitInput = {
      direction, kind: "request", method: p.method, rpcId: p.id, params: p.params,
      requestBytes: p.requestBytes, responseBytes: res?.bytes ?? 0, wall: p.wall,
      flags: p.flags.length === 0 ? flags : flags.length === 0 ? p.flags : [...new Set([...p.flags, ...flags])],
    };
    if (res && "result" in res) e.result = res.result;
    if (res?.error) e.error = res.error;
    if (res) e.durationMs = Math.max(0, this.monoNow() - p.t0);
    this.emit(e);
  }

  /**
   * Builds, counts and hands on one event. Fields are assigned one by one rather than spread from conditional
   * literals: this runs once per exchange and the temporaries were most of its garbage. The key order is the
   * serialised order (the Kafka sink reads `agent` early in the text).
   */
  private emit(e: EmitInput): void {
    const redactions: RedactionRecord[] = [];
    const r = this.o.redactor;
    const params = e.params === undefined ? undefined : r.redact(e.params, "params", redactions);
    const result = e.result === undefined ? undefined : r.redact(e.result, "result", redactions);
    const error = e.error ? (r.redact(e.error, "error", redactions) as NonNullable<typeof e.error>) : undefined;
    const traceparent = (e.params as { _meta?: { traceparent?: unknown } } | undefined)?._meta?.traceparent;
    const cost = exchangeCost(this.o.config.price_table, this.ctx.server.name, e.method, e.params, e.result);
    const ctx = this.ctx;
    const event = {
      schema: TELEMETRY_SCHEMA,
      event_id: randomUUID(),
      ts: new Date(e.wall).toISOString(),
    } as TelemetryEvent;
    if (e.durationMs !== undefined) event.duration_ms = Math.round(e.durationMs * 1000) / 1000;
    event.tenant = ctx.tenant;
    event.agent = this.agentView();
    event.server = this.serverView();
    event.collector = ctx.collector;
    event.direction = e.direction;
    event.kind = e.kind;
    event.method = e.method.length > 512 ? e.method.slice(0, 512) : e.method;
    if (e.rpcId !== undefined) event.rpc_id = e.rpcId;
    if (params !== undefined) event.params = params;
    if (result !== undefined) event.result = result;
    if (error) event.error = error;
    event.size = { request_bytes: e.requestBytes, response_bytes: e.responseBytes };
    if (redactions.length) event.redactions = redactions;
    if (cost) event.cost = cost;
    if (typeof traceparent === "string" && traceparent.length <= 512) event.trace = { traceparent };
    if (this.protocolVersion) event.mcp = { protocol_version: this.protocolVersion };
    if (e.flags.length) event.flags = e.flags;
    if (e.flags.includes("truncated")) event.truncated = true;
    collectorMetrics.eventObserved(e.kind, e.direction);
    if (redactions.length) collectorMetrics.redacted(redactions.length);
    this.o.emit(event);
  }

  /**
   * `agent` and `server` as events carry them: the context plus what initialize reported. Cached (and shared by
   * the events, which are serialised and never mutated) until the context or the initialize info changes.
   */
  private agentView(): TelemetryEvent["agent"] {
    const a = this.ctx.agent;
    const c = this.views;
    if (c.agent && c.agentFrom === a && c.agentSession === a.session_id && c.client === this.client) return c.agent;
    const view: TelemetryEvent["agent"] = { ...a };
    if (this.client?.name) view.client_name = this.client.name;
    if (this.client?.version) view.client_version = this.client.version;
    Object.assign(c, { agent: view, agentFrom: a, agentSession: a.session_id, client: this.client });
    return view;
  }

  private serverView(): TelemetryEvent["server"] {
    const c = this.views;
    if (c.server && c.serverFrom === this.ctx.server && c.serverInfo === this.serverInfo) return c.server;
    const view: TelemetryEvent["server"] = { ...this.ctx.server };
    if (this.serverInfo?.version) view.version = this.serverInfo.version;
    if (this.serverInfo?.name) view.reported_name = this.serverInfo.name;
    Object.assign(c, { server: view, serverFrom: this.ctx.server, serverInfo: this.serverInfo });
    return view;
  }
}

interface EmitInput {
  direction: Direction;
  kind: "request" | "notification";
  method: string;
  rpcId?: RpcId;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  requestBytes: number;
  responseBytes: number;
  wall: number;
  durationMs?: number;
  flags: Flag[];
}
