// The stdio proxy: spawns the MCP server and relays stdin/stdout byte for byte (the original chunks, never a
// re-serialisation), stderr inherited, signals forwarded, the child's exit code returned. Each chunk is written
// first; then it is stamped with its arrival time and queued (pipeline.observations): framing, parsing, pairing,
// redaction and spooling run after the current I/O callbacks, inside a catch, so observation neither delays the
// bytes nor breaks the relay.
import { spawn } from "node:child_process";
import { constants as osConstants } from "node:os";
import type { Readable, Writable } from "node:stream";
import { logEvent } from "../../shared/observability/log.js";
import { arrivalNow, type Arrival } from "./deferred.js";
import { LineFramer } from "./framing.js";
import type { AgentIdentity } from "./identity.js";
import { collectorMetrics } from "./metrics.js";
import type { ExchangeObserver } from "./observer.js";
import type { CollectorPipeline } from "./pipeline.js";

export interface StdioProxyOptions {
  serverName: string;
  command: string;
  args: string[];
  pipeline: CollectorPipeline;
  identity: AgentIdentity;
  /** The MCP client's side (default: this process's stdin/stdout). */
  input?: Readable;
  output?: Writable;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Runs the proxy until the server exits; resolves to the exit code to use (the child's, or 128+signal). */
export function runStdioProxy(o: StdioProxyOptions): Promise<number> {
  const input = o.input ?? process.stdin;
  const output = o.output ?? process.stdout;
  const observer: ExchangeObserver = o.pipeline.observer({
    agent: { id: o.identity.id, session_id: o.identity.session_id, host: o.identity.host, ...(o.identity.principal ? { principal: o.identity.principal } : {}) },
    server: { name: o.serverName, transport: "stdio", endpoint: o.command },
  });
  const max = o.pipeline.config.max_message_bytes;
  const queue = o.pipeline.observations;
  const safe = (fn: () => void) => {
    try { fn(); } catch { collectorMetrics.observationError(); }
  };
  // Set while a queued chunk is framed: every line completed by that chunk arrived with it.
  let at: Arrival | undefined;
  const c2s = new LineFramer(max, (f) => observer.frame("client_to_server", f, at));
  const s2c = new LineFramer(max, (f) => observer.frame("server_to_client", f, at));
  const observe = (framer: LineFramer, chunk: Buffer) => {
    const arrived = arrivalNow();
    queue.push(chunk.length, () => { at = arrived; try { framer.push(chunk); } finally { at = undefined; } });
  };

  return new Promise<number>((resolve) => {
    const child = spawn(o.command, o.args, { stdio: ["pipe", "pipe", "inherit"], env: o.env ?? process.env, ...(o.cwd ? { cwd: o.cwd } : {}) });
    const forward = (sig: NodeJS.Signals) => { if (child.exitCode === null) child.kill(sig); };
    for (const s of FORWARDED_SIGNALS) process.on(s, forward);
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      input.off("data", onInput);
      input.off("end", onInputEnd);
      // What is still queued belongs before the close (no_response for whatever stays unanswered).
      queue.drain();
      safe(() => { c2s.end(); s2c.end(); });
      observer.close();
      resolve(code);
    };

    const onInput = (chunk: Buffer) => {
      if (child.stdin.writable && !child.stdin.write(chunk)) {
        input.pause();
        child.stdin.once("drain", () => input.resume());
      }
      safe(() => observe(c2s, chunk));
    };
    const onInputEnd = () => {
      safe(() => queue.push(0, () => c2s.end(), false));
      child.stdin.end();
    };
    input.on("data", onInput);
    input.on("end", onInputEnd);
    // The server may exit before reading everything; its closed stdin must not crash the proxy.
    child.stdin.on("error", (err) => logEvent("debug", "collector_stdio_child_stdin_error", { error: err.message }));

    child.stdout.on("data", (chunk: Buffer) => {
      if (!output.write(chunk)) {
        child.stdout.pause();
        output.once("drain", () => child.stdout.resume());
      }
      safe(() => observe(s2c, chunk));
    });
    // A client that went away (EPIPE) must not kill the proxy before the server has been told.
    output.on("error", (err) => {
      logEvent("info", "collector_stdio_client_gone", { error: err.message });
      child.stdin.end();
    });

    child.on("error", (err) => {
      logEvent("error", "collector_stdio_spawn_failed", { command: o.command, error: err.message });
      process.stderr.write(`geiger collect: cannot start '${o.command}': ${err.message}\n`);
      finish((err as NodeJS.ErrnoException).code === "ENOENT" ? 127 : 126);
    });
    child.on("close", (code, signal) => {
      logEvent("info", "collector_stdio_server_exited", { server: o.serverName, code, signal });
      finish(code ?? (signal ? 128 + signalNumber(signal) : 1));
    });
  });
}

const signalNumber = (sig: NodeJS.Signals): number => (osConstants.signals as Record<string, number>)[sig] ?? 0;
