// SDK hook: one line instruments any @modelcontextprotocol/sdk Transport, client or server side, by wrapping
// `send` (outgoing) and the `onmessage` the Protocol installs (incoming). Observation errors never reach the app.
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { logEvent } from "../../shared/observability/log.js";
import type { CollectorConfig } from "./config.js";
import { readProcStat, stdioIdentity, type AgentIdentity } from "./identity.js";
import { classify } from "./jsonrpc.js";
import { collectorMetrics } from "./metrics.js";
import type { Direction, Transport as TransportKind } from "./observer.js";
import { openPipeline, type CollectorPipeline } from "./pipeline.js";

export interface InstrumentOptions {
  /** The MCP server's name as the SOC should see it. */
  server: string;
  /** Which end of the connection this transport is: "client" (this app calls the server) or "server". */
  side: "client" | "server";
  /** Label for server.transport (default "stdio"). */
  transport?: TransportKind;
  /** Share one pipeline (spool + sink) between several instrumented transports; the caller closes it. */
  pipeline?: CollectorPipeline;
  /** Used when no pipeline is given: a private one is opened, and closed when the transport closes. */
  sinkUrl?: string;
  dataDir?: string;
  tenant?: string;
  collector?: Partial<CollectorConfig>;
  /** Identity overrides (default: client side = this process; server side = the parent process, like stdio). */
  agent?: Partial<AgentIdentity>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Wraps `transport` in place and returns it, so `await client.connect(instrumentTransport(t, {...}))` is the
 * whole integration. Must be called before `connect()` (which installs `onmessage` and starts the transport).
 * An owned pipeline (no `pipeline` given) is flushed and closed when the transport closes.
 */
export function instrumentTransport<T extends Transport>(transport: T, opts: InstrumentOptions): T {
  const env = opts.env ?? process.env;
  const owned = !opts.pipeline;
  const pipeline = opts.pipeline ?? openPipeline({
    dataDir: opts.dataDir ?? env.GEIGER_DATA_DIR ?? join(homedir(), ".geiger"),
    collectorId: `${hostname()}/sdk/${opts.server}`,
    ...(opts.sinkUrl ? { sinkUrl: opts.sinkUrl } : {}),
    ...(opts.collector ? { collector: opts.collector } : {}),
    tenant: opts.tenant ?? env.GEIGER_TENANT ?? "default",
    env,
  });
  const id = { ...defaultIdentity(opts.side, env, pipeline.config.principal), ...opts.agent };
  const observer = pipeline.observer({
    agent: { id: id.id!, session_id: id.session_id!, ...(id.host ? { host: id.host } : {}), ...(id.principal ? { principal: id.principal } : {}) },
    server: { name: opts.server, transport: opts.transport ?? "stdio" },
  });
  const outgoing: Direction = opts.side === "client" ? "client_to_server" : "server_to_client";
  const incoming: Direction = opts.side === "client" ? "server_to_client" : "client_to_server";
  const observe = (dir: Direction, message: unknown) => {
    try {
      const msg = classify(message);
      const bytes = Buffer.byteLength(JSON.stringify(message));
      if (msg) observer.message(dir, msg, bytes);
      else observer.invalidMessage(dir, bytes, "not_jsonrpc");
    } catch {
      collectorMetrics.observationError();
    }
  };

  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    observe(outgoing, message);
    return send(message, options);
  };

  // The Protocol installs onmessage/onclose in connect() (chaining any earlier handler) and then calls start():
  // hooking start() wraps the final handlers, without fighting the Protocol's own chaining.
  let closed = false;
  const start = transport.start.bind(transport);
  transport.start = () => {
    const onmessage = transport.onmessage;
    transport.onmessage = (message, extra) => {
      observe(incoming, message);
      onmessage?.(message, extra);
    };
    const onclose = transport.onclose;
    transport.onclose = () => {
      if (!closed) {
        closed = true;
        observer.close();
        if (owned) pipeline.close().catch((err: unknown) => logEvent("warn", "collector_sdk_hook_close_failed", { error: (err as Error).message }));
      }
      onclose?.();
    };
    return start();
  };
  return transport;
}

function defaultIdentity(side: "client" | "server", env: NodeJS.ProcessEnv, principal: string | undefined): AgentIdentity {
  if (side === "server") return stdioIdentity({ env, ...(principal ? { principal } : {}) });
  // Client side: this process is the agent; a fake "child" pid makes stdioIdentity pick this process as parent.
  return stdioIdentity({ env, ...(principal ? { principal } : {}), pid: -1, read: (pid) => (pid === -1 ? { comm: "self", ppid: process.pid, starttime: "0" } : readProcStat(pid)) });
}
