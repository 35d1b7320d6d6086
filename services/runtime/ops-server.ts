// Ops endpoints of a headless service (detector, indexer, notifier): GET /healthz, /readyz and /metrics on a tiny
// node:http listener of its own, so probes and scrapes never wait on the service's work and vice versa.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import client from "prom-client";
import { z } from "zod";
import { ConfigError } from "../../shared/config/load.js";
import { logEvent } from "../../shared/observability/log.js";
import { registry as sharedRegistry } from "../../shared/observability/metrics.js";
import type { Store } from "../../shared/store/port.js";

const LISTEN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** Where a service serves its ops endpoints: `{ host, port }`, or null when they are off. Port 0 = any free port. */
export function parseOpsListen(value: string): { host: string; port: number } | null {
  if (value === "off") return null;
  const m = LISTEN.exec(value);
  if (!m || Number(m[2]) > 65_535) throw new Error(`expected HOST:PORT (e.g. 127.0.0.1:9464) or "off", got '${value.slice(0, 100)}'`);
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port: Number(m[2]) };
}

/**
 * The `ops_listen` key of the detector, indexer and notifier sections. Off by default: embedded `geiger start`
 * never serves these (its API has them), and two services on one host must not fight over a default port.
 */
export const OpsListenSchema = z.string().refine((v) => { try { parseOpsListen(v); return true; } catch { return false; } },
  'HOST:PORT (e.g. 127.0.0.1:9464; 0.0.0.0:9464 in a container) or "off"').default("off");

/**
 * The effective listen address: `GEIGER_OPS_LISTEN` wins over the section's key (one env per container, like
 * GEIGER_PORT for the API), and is validated the same way.
 */
export function resolveOpsListen(configured: string, env: NodeJS.ProcessEnv = process.env): { host: string; port: number } | null {
  const fromEnv = env.GEIGER_OPS_LISTEN?.trim();
  if (!fromEnv) return parseOpsListen(configured);
  try { return parseOpsListen(fromEnv); } catch (err) { throw new ConfigError([`GEIGER_OPS_LISTEN: ${(err as Error).message}`], "env"); }
}

export type CheckResult = { ok: true; detail?: string } | { ok: false; reason: string };
/** A readiness condition. May be async; a throw or a timeout counts as failing with that reason. */
export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;
export const pass = (detail?: string): CheckResult => (detail === undefined ? { ok: true } : { ok: true, detail });
export const fail = (reason: string): CheckResult => ({ ok: false, reason });

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
  failing: { check: string; reason: string }[];
}

/** Runs every check concurrently, each bounded by `timeoutMs`. No checks = ready (nothing to wait for). */
export async function evaluateReadiness(checks: ReadonlyMap<string, ReadinessCheck>, timeoutMs: number): Promise<Readiness> {
  const entries = await Promise.all([...checks].map(async ([name, check]): Promise<[string, CheckResult]> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<CheckResult>((resolve) => { timer = setTimeout(() => resolve(fail(`timed out after ${timeoutMs} ms`)), timeoutMs); });
      return [name, await Promise.race([Promise.resolve().then(check), timeout])];
    } catch (err) {
      return [name, fail((err as Error)?.message?.slice(0, 300) || String(err))];
    } finally { clearTimeout(timer); }
  }));
  const failing = entries.flatMap(([check, r]) => (r.ok ? [] : [{ check, reason: r.reason }]));
  return { ready: failing.length === 0, checks: Object.fromEntries(entries), failing };
}

/**
 * Readiness of the store: a cheap count on the `config` collection answers (ES up, index reachable). Bounded below
 * the per-check timeout, because a store that is down usually hangs in client retries rather than refusing.
 */
export function storeCheck(store: Pick<Store, "count">, timeoutMs = 1500): ReadinessCheck {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); });
      await Promise.race([store.count("config", {}), late]);
      return pass();
    } catch (err) {
      return fail(`store not reachable: ${(err as Error).message.slice(0, 200)}`);
    } finally { clearTimeout(timer); }
  };
}

/**
 * Readiness of a consumer service: failing until the service has started (topics ensured, consumer group joined:
 * the bus adapter's subscribe resolves after the first join), and again once it stops. Partitions owned are
 * reported, not required: a replica beyond the partition count is idle but healthy, and requiring an assignment
 * would stall a rolling update at full scale.
 */
export function consumerCheck(group: string, status: () => { running: boolean; assigned: number[] } | undefined): ReadinessCheck {
  return () => {
    const s = status();
    if (!s) return fail(`starting: not yet a member of consumer group ${group}`);
    if (!s.running) return fail("consumer stopped");
    return pass(`member of ${group}; partitions [${s.assigned.join(",")}]`);
  };
}

export interface OpsServer {
  /** The bound address (the real port when 0 was asked for). */
  readonly host: string;
  readonly port: number;
  /** Adds or replaces a readiness check. */
  setCheck(name: string, check: ReadinessCheck): void;
  /** From now on /readyz answers 503 `stopping` (called first thing on SIGTERM, so no new traffic is routed here). */
  stopping(): void;
  /** Stops listening and closes idle keep-alive connections. Owned by the composition root; idempotent. */
  close(): Promise<void>;
}

/** Bound on each readiness check unless a server is given another: probes need a timeout above it. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

export interface OpsServerOptions {
  service: string;
  listen: { host: string; port: number };
  checks?: Record<string, ReadinessCheck>;
  registry?: client.Registry;
  /** Bound on each readiness check (default DEFAULT_CHECK_TIMEOUT_MS): a probe answers in about this time at worst. */
  checkTimeoutMs?: number;
  /** Also export prom-client's process metrics (CPU, memory, event-loop lag) on the registry. Default true. */
  processMetrics?: boolean;
}

const withProcessMetrics = new WeakSet<client.Registry>();
const ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...headers });
  res.end(text);
}

/**
 * Starts the ops listener; rejects if the address cannot be bound (a configured endpoint that is not served must
 * stop the service loudly, not leave probes failing for an unknown reason). The server is unref'd: it never keeps
 * a process alive on its own.
 */
export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  const registry = o.registry ?? sharedRegistry;
  const timeoutMs = o.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const checks = new Map<string, ReadinessCheck>(Object.entries(o.checks ?? {}));
  const startedAt = Date.now();
  let stopping = false;
  if ((o.processMetrics ?? true) && !withProcessMetrics.has(registry)) {
    client.collectDefaultMetrics({ register: registry });
    withProcessMetrics.add(registry);
  }
  // Concurrent probes share one evaluation, so a burst of /readyz costs the store one round trip.
  let inFlight: Promise<Readiness> | null = null;
  const readiness = (): Promise<Readiness> => {
    inFlight ??= evaluateReadiness(checks, timeoutMs).finally(() => { inFlight = null; });
    return inFlight;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    req.resume(); // a body is never read; drain it so the connection stays usable
    const path = (req.url ?? "/").split("?")[0]!;
    if (!ROUTES.has(path)) return sendJson(res, 404, { error: { code: "not_found", message: "ops endpoints: GET /healthz, /readyz, /metrics" } });
    if (req.method !== "GET") return sendJson(res, 405, { error: { code: "method_not_allowed", message: "GET only" } }, { Allow: "GET" });
    if (path === "/healthz") return sendJson(res, 200, { status: "ok", service: o.service, uptime_s: Math.round((Date.now() - startedAt) / 1000) });
    if (path === "/readyz") {
      if (stopping) return sendJson(res, 503, { status: "not_ready", service: o.service, failing: [{ check: "lifecycle", reason: "stopping" }], checks: {} });
      const r = await readiness();
      return sendJson(res, r.ready ? 200 : 503, { status: r.ready ? "ready" : "not_ready", service: o.service, failing: r.failing, checks: r.checks });
    }
    const text = await registry.metrics();
    res.writeHead(200, { "Content-Type": registry.contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
    res.end(text);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logEvent("warn", "ops_request_failed", { service: o.service, path: (req.url ?? "").slice(0, 100), error: (err as Error).message.slice(0, 200) });
      if (!res.headersSent) sendJson(res, 500, { error: { code: "internal", message: "ops endpoint failed; see the service log" } });
      else res.destroy();
    });
  });
  // Probes and scrapes are small and quick: bound slow or piled-up clients so they cannot hold sockets.
  server.headersTimeout = 5000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5000;
  server.maxConnections = 64;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(new Error(`${o.service}: cannot serve ops endpoints on ${o.listen.host}:${o.listen.port}: ${err.message}`, { cause: err }));
    server.once("error", onError);
    server.listen(o.listen.port, o.listen.host, () => { server.off("error", onError); resolve(); });
  });
  server.on("error", (err) => logEvent("warn", "ops_server_error", { service: o.service, error: err.message }));
  server.unref();
  const addr = server.address() as AddressInfo;
  logEvent("info", "ops_server_listening", { service: o.service, host: addr.address, port: addr.port });

  let closing: Promise<void> | null = null;
  return {
    host: addr.address,
    port: addr.port,
    setCheck: (name, check) => { checks.set(name, check); },
    stopping: () => { stopping = true; },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        stopping = true;
        server.close(() => resolve());
        server.closeIdleConnections();
        // A scrape still in flight gets a moment, then its socket goes too.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      return closing;
    },
  };
}

/** What a service CLI holds: the real server, or a no-op when ops endpoints are off. */
export async function startOpsIfConfigured(service: string, listen: { host: string; port: number } | null): Promise<Pick<OpsServer, "setCheck" | "stopping" | "close">> {
  if (!listen) return { setCheck: () => undefined, stopping: () => undefined, close: async () => undefined };
  return startOpsServer({ service, listen });
}
