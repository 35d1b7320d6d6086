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

  constructor(readonly ctx: ConnectionContext, private readonly o: ObserverOptions) {
    this.now = o.now ?? (() => performance.now());
    this.wall = o.wallClock ?? (() => Date.now());
  }

  /** Number of requests still waiting for a response, per direction. */
  pendingCount(direction?: Direction): number {
    return direction ? this.pending[direction].size : this.pending.client_to_server.size + this.pending.server_to_client.size;
  }

  /** A frame from the newline-delimited stdio stream. */
  frame(direction: Direction, f: Frame): void {
    this.guard(() => {
      if (f.type === "oversize") return this.truncated(direction, f.size, f.head.toString("utf8"), f.tail.toString("utf8"));
      const parsed = parseLine(f.bytes.toString("utf8"), f.bytes.length);
      if (!parsed.ok) return this.invalid(direction, f.bytes.length, parsed.reason);
      for (const m of parsed.messages) this.onMessage(direction, m.msg, m.bytes, parsed.batch ? ["batch"] : []);
    });
  }

  /** An already-parsed JSON-RPC message (HTTP proxy, SDK hook). */
  message(direction: Direction, msg: RpcMessage, bytes: number, flags: Flag[] = []): void {
    this.guard(() => this.onMessage(direction, msg, bytes, flags));
  }

  /** A body that is not JSON or not JSON-RPC: recorded (size only, never its content). */
  invalidMessage(direction: Direction, bytes: number, reason: "invalid_json" | "not_jsonrpc"): void {
    this.guard(() => this.invalid(direction, bytes, reason));
  }

  /** A message past the size limit: relayed untouched elsewhere, here only its head/tail are sniffed. */
  truncatedMessage(direction: Direction, size: number, head: string, tail: string): void {
    this.guard(() => this.truncated(direction, size, head, tail));
  }

  /** A request that will never be answered on this connection (upstream unreachable, client gone). */
  abandon(direction: Direction, id: RpcId, flag: Flag = "no_response"): void {
    this.guard(() => {
      const p = this.takePending(direction, id);
      if (p) this.emitExchange(direction, p, undefined, [flag]);
    });
  }

  /** Emits every request pending longer than the pairing timeout, with no result and the `timeout` flag. */
  sweep(): void {
    this.guard(() => {
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
    this.guard(() => {
      for (const dir of ["client_to_server", "server_to_client"] as const) {
        for (const p of this.pending[dir].values()) this.emitExchange(dir, p, undefined, ["no_response"]);
        this.pending[dir].clear();
      }
    });
    this.o.onClose?.();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      collectorMetrics.observationError();
      logEvent("warn", "collector_observation_error", { server: this.ctx.server.name, error: (err as Error).message.slice(0, 200) });
    }
  }

  private onMessage(direction: Direction, msg: RpcMessage, bytes: number, flags: Flag[]): void {
    if (msg.type === "request") {
      if (msg.method === "initialize" && direction === "client_to_server") this.noteInitializeRequest(msg.params);
      this.addPending(direction, { method: msg.method, id: msg.id, params: msg.params, requestBytes: bytes, t0: this.now(), wall: this.wall(), flags });
      return;
    }
    if (msg.type === "notification") {
      if (msg.method === "notifications/cancelled") this.noteCancelled(direction, msg.params);
      this.emit({
        direction, kind: "notification", method: msg.method, params: msg.params, requestBytes: bytes, responseBytes: 0,
        wall: this.wall(), flags,
      });
      return;
    }
    const p = msg.id === null ? undefined : this.takePending(opposite(direction), msg.id);
    if (!p) {
      this.emit({
        direction, kind: "request", method: "geiger/unpaired_response", ...(msg.id !== null ? { rpcId: msg.id } : {}),
        ...(msg.hasResult ? { result: msg.result } : {}), ...(msg.error ? { error: msg.error } : {}),
        requestBytes: 0, responseBytes: bytes, wall: this.wall(), flags: [...flags, "unpaired_response"],
      });
      return;
    }
    if (p.method === "initialize" && msg.hasResult) this.noteInitializeResult(msg.result);
    this.emitExchange(opposite(direction), p, { bytes, ...(msg.hasResult ? { result: msg.result } : {}), ...(msg.error ? { error: msg.error } : {}) }, flags);
  }

  private invalid(direction: Direction, bytes: number, reason: "invalid_json" | "not_jsonrpc"): void {
    collectorMetrics.invalidMessage(reason);
    this.emit({ direction, kind: "notification", method: "geiger/invalid_message", requestBytes: bytes, responseBytes: 0, wall: this.wall(), flags: [reason] });
  }

  private truncated(direction: Direction, size: number, head: string, tail: string): void {
    collectorMetrics.truncatedMessage();
    const s = sniffTruncated(head, tail);
    if (s.method && s.id !== undefined) {
      this.addPending(direction, { method: s.method, id: s.id, params: undefined, requestBytes: size, t0: this.now(), wall: this.wall(), flags: ["truncated"] });
      return;
    }
    if (s.method) {
      this.emit({ direction, kind: "notification", method: s.method, requestBytes: size, responseBytes: 0, wall: this.wall(), flags: ["truncated"] });
      return;
    }
    const p = s.isResponse && s.id !== undefined ? this.takePending(opposite(direction), s.id) : undefined;
    if (p) {
      this.emitExchange(opposite(direction), p, { bytes: size }, ["truncated"]);
      return;
    }
    this.emit({
      direction, kind: "notification", method: "geiger/oversize_message", ...(s.id !== undefined ? { rpcId: s.id } : {}),
      requestBytes: size, responseBytes: 0, wall: this.wall(), flags: ["truncated"],
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
    this.emit({
      direction, kind: "request", method: p.method, rpcId: p.id, params: p.params,
      ...(res && "result" in res ? { result: res.result } : {}), ...(res?.error ? { error: res.error } : {}),
      requestBytes: p.requestBytes, responseBytes: res?.bytes ?? 0, wall: p.wall,
      ...(res ? { durationMs: Math.max(0, this.now() - p.t0) } : {}),
      flags: [...new Set([...p.flags, ...flags])],
    });
  }

  private emit(e: {
    direction: Direction; kind: "request" | "notification"; method: string; rpcId?: RpcId; params?: unknown; result?: unknown;
    error?: { code: number; message: string; data?: unknown }; requestBytes: number; responseBytes: number; wall: number;
    durationMs?: number; flags: Flag[];
  }): void {
    const redactions: RedactionRecord[] = [];
    const r = this.o.redactor;
    const params = e.params === undefined ? undefined : r.redact(e.params, "params", redactions);
    const result = e.result === undefined ? undefined : r.redact(e.result, "result", redactions);
    const error = e.error ? (r.redact(e.error, "error", redactions) as NonNullable<typeof e.error>) : undefined;
    const traceparent = (e.params as { _meta?: { traceparent?: unknown } } | undefined)?._meta?.traceparent;
    const cost = exchangeCost(this.o.config.price_table, this.ctx.server.name, e.method, e.params, e.result);
    const ctx = this.ctx;
    const event: TelemetryEvent = {
      schema: TELEMETRY_SCHEMA,
      event_id: randomUUID(),
      ts: new Date(e.wall).toISOString(),
      ...(e.durationMs !== undefined ? { duration_ms: Math.round(e.durationMs * 1000) / 1000 } : {}),
      tenant: ctx.tenant,
      agent: {
        ...ctx.agent,
        ...(this.client?.name ? { client_name: this.client.name } : {}),
        ...(this.client?.version ? { client_version: this.client.version } : {}),
      },
      server: {
        ...ctx.server,
        ...(this.serverInfo?.version ? { version: this.serverInfo.version } : {}),
        ...(this.serverInfo?.name ? { reported_name: this.serverInfo.name } : {}),
      },
      collector: ctx.collector,
      direction: e.direction,
      kind: e.kind,
      method: e.method.slice(0, 512),
      ...(e.rpcId !== undefined ? { rpc_id: e.rpcId } : {}),
      ...(params !== undefined ? { params } : {}),
      ...(result !== undefined ? { result } : {}),
      ...(error ? { error } : {}),
      size: { request_bytes: e.requestBytes, response_bytes: e.responseBytes },
      ...(redactions.length ? { redactions } : {}),
      ...(cost ? { cost } : {}),
      ...(typeof traceparent === "string" && traceparent.length <= 512 ? { trace: { traceparent } } : {}),
      ...(this.protocolVersion ? { mcp: { protocol_version: this.protocolVersion } } : {}),
      ...(e.flags.length ? { flags: e.flags } : {}),
      ...(e.flags.includes("truncated") ? { truncated: true } : {}),
    };
    collectorMetrics.eventObserved(e.kind, e.direction);
    if (redactions.length) collectorMetrics.redacted(redactions.length);
    this.o.emit(event);
  }
}
