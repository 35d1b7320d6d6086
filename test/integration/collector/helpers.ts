// Shared helpers for the collector integration tests: real MCP servers from node_modules, the CLI from source.
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const require = createRequire(join(REPO, "package.json"));

/** Absolute path of an installed MCP server's entry script. */
export function serverScript(pkg: "server-everything" | "server-filesystem" | "server-memory"): string {
  return join(dirname(require.resolve(`@modelcontextprotocol/${pkg}/package.json`)), "dist", "index.js");
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `geiger-${prefix}-`));

/** Env for a collector child: its own data dir, quiet logs, fast spool. */
export function collectorEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return { ...env, GEIGER_DATA_DIR: dataDir, GEIGER_LOG_LEVEL: "warn", GEIGER_REDACTION_KEY: "integration-test-key-0123456789", ...extra };
}

/** An SDK client transport that runs `geiger collect stdio` (from source) in front of `cmd`. */
export function collectorStdioTransport(o: { server: string; sink: string; cmd: string[]; dataDir: string; env?: Record<string, string>; config?: string }): StdioClientTransport {
  return new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", join(REPO, "services/cli/entry.ts"), "collect", "stdio", "--server", o.server, "--sink", o.sink, ...(o.config ? ["--config", o.config] : []), "--", ...o.cmd],
    env: collectorEnv(o.dataDir, o.env),
    cwd: REPO,
    stderr: "pipe",
  });
}

export function readEvents(file: string): TelemetryEvent[] {
  let text = "";
  try { text = readFileSync(file, "utf8"); } catch { return []; }
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as TelemetryEvent);
}

export async function waitFor<T>(fn: () => T | undefined | false, ms = 15_000, what = "condition"): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


/** A port that was free a moment ago (for servers that take their port from env and cannot listen on 0). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts server-everything in `sse` or `streamableHttp` mode on a free port; resolves once it accepts connections. */
export async function startEverythingHttp(mode: "sse" | "streamableHttp"): Promise<{ port: number; stop(): Promise<void> }> {
  const { spawn } = await import("node:child_process");
  const { connect } = await import("node:net");
  const port = await freePort();
  const child = spawn(process.execPath, [serverScript("server-everything"), mode], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "ignore"] });
  await waitForAsync(async () => new Promise<boolean>((r) => {
    const sock = connect(port, "127.0.0.1");
    sock.once("connect", () => { sock.destroy(); r(true); });
    sock.once("error", () => r(false));
  }), 20_000, `server-everything ${mode} on ${port}`);
  return {
    port,
    stop: () => new Promise<void>((r) => { if (child.exitCode !== null) return r(); child.once("exit", () => r()); child.kill("SIGTERM"); }),
  };
}

export async function waitForAsync(fn: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
