// Benchmark: what the collector costs an MCP client, per transport (stdio, Streamable HTTP), measured against the
// direct path and a bare relay (the floor of any extra hop) in the same run: latency added per tools/call
// (p50/p99), throughput ratio with one call at a time and with several in flight, the proxy's own CPU per call,
// and a count check that every call through the collector became an event.
// Runnable alone: `node --import tsx bench/collector.ts [calls]`.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface CollectorBenchOptions {
  /** Sequential calls per path for latency (bounded). */
  calls?: number;
  /** Calls per path for the throughput burst, `concurrency` in flight. */
  burst?: number;
  concurrency?: number;
  /** Run the compiled CLI (dist/, what users run) instead of the sources through tsx. Default: when dist is current. */
  compiled?: boolean;
  /** Which transports to measure (default both). */
  transports?: ("stdio" | "http")[];
}

/** True when dist/ holds a build of every collector source at least as new as the source. */
function distIsCurrent(): boolean {
  const src = join(REPO, "services/collector");
  const files = readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
  return files.every((f) => {
    const js = join(REPO, "dist/services/collector", f.replace(/\.ts$/, ".js"));
    return existsSync(js) && statSync(js).mtimeMs >= statSync(join(src, f)).mtimeMs;
  });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round = (n: number, d = 3): number => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is no /proc. */
function cpuSeconds(pid: number | null | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return NaN;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

async function waitFor(fn: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const accepts = (port: number) => new Promise<boolean>((r) => {
  const sock = connect(port, "127.0.0.1");
  sock.once("connect", () => { sock.destroy(); r(true); });
  sock.once("error", () => r(false));
});

const exited = (child: ChildProcess, ms: number) => new Promise<void>((r) => {
  if (child.exitCode !== null || child.signalCode !== null) return r();
  const t = setTimeout(() => { child.kill("SIGKILL"); r(); }, ms);
  child.once("exit", () => { clearTimeout(t); r(); });
});

/** tools/call events the file sink received for one transport. */
function countToolCalls(file: string, transport: string): number {
  if (!existsSync(file)) return 0;
  let n = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line) continue;
    const e = JSON.parse(line) as { method?: string; server?: { transport?: string } };
    if (e.method === "tools/call" && e.server?.transport === transport) n++;
  }
  return n;
}

/**
 * The floor any out-of-process proxy pays on this machine: a bare relay that only copies bytes, no observation
 * (stdio: pipes to a child; HTTP: a keep-alive reverse proxy). Measured beside the collector in the same run, it
 * separates the cost of the extra hop from the cost of observing.
 */
const BARE_STDIO_RELAY = `
const { spawn } = require("node:child_process");
const [cmd, ...args] = process.argv.slice(1);
const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "inherit"] });
process.stdin.on("data", (c) => child.stdin.write(c));
process.stdin.on("end", () => child.stdin.end());
child.stdout.on("data", (c) => process.stdout.write(c));
child.on("close", (code) => process.exit(code ?? 1));`;

const BARE_HTTP_RELAY = `
const http = require("node:http");
const [upstreamPort] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const headers = { ...req.headers, host: "127.0.0.1:" + upstreamPort };
  delete headers.connection;
  const up = http.request({ host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers, agent }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on("error", () => res.destroy());
  req.pipe(up);
});
server.listen(0, "127.0.0.1", () => process.stderr.write("listening http://127.0.0.1:" + server.address().port + " →\\n"));`;

interface Path {
  name: "direct" | "bare" | "collector";
  client: Client;
  pid: () => number | null | undefined;
}

interface PathResult {
  lat: number[];
  seqMs: number;
  burstMs: number;
  cpuS: number;
  calls: number;
}

/**
 * Measures every path in one run. Latency: interleaved blocks of sequential calls, so drift on a shared machine
 * hits all paths alike; the sequential throughput is the same calls' count over their summed time. Throughput with
 * `concurrency` calls in flight: rounds alternate between the paths and the totals are compared. CPU of a proxy
 * process is read from /proc around its burst rounds.
 */
async function measurePaths(paths: Path[], calls: number, burst: number, concurrency: number): Promise<{ results: Record<string, PathResult>; burstCalls: number }> {
  const call = (c: Client, i: number) => c.callTool({ name: "echo", arguments: { message: `bench message ${i} with a little payload to look like a real call` } });
  const results: Record<string, PathResult> = {};
  for (const p of paths) results[p.name] = { lat: [], seqMs: 0, burstMs: 0, cpuS: 0, calls: 0 };
  for (let i = 0; i < 200; i++) for (const p of paths) { await call(p.client, i); results[p.name]!.calls++; } // warm-up (JIT, pipes)
  for (let done = 0; done < calls; done += 100) {
    for (const p of paths) {
      const r = results[p.name]!;
      for (let i = 0; i < Math.min(100, calls - done); i++) {
        const t0 = performance.now();
        await call(p.client, done + i);
        r.lat.push(performance.now() - t0);
        r.calls++;
      }
    }
  }
  for (const r of Object.values(results)) r.seqMs = r.lat.reduce((a, b) => a + b, 0);
  const burstTime = async (c: Client, n: number): Promise<number> => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await call(c, next++); }));
    return performance.now() - t0;
  };
  const rounds = 6;
  const per = Math.max(1, Math.floor(burst / rounds));
  for (let round = 0; round < rounds; round++) {
    for (const p of paths) {
      const r = results[p.name]!;
      const c0 = cpuSeconds(p.pid());
      r.burstMs += await burstTime(p.client, per);
      r.cpuS += cpuSeconds(p.pid()) - c0;
      r.calls += per;
    }
  }
  return { results, burstCalls: per * rounds };
}

function summarise(prefix: string, m: { results: Record<string, PathResult>; burstCalls: number }, eventsSeen: number): Record<string, number> {
  const d = m.results.direct!;
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const dl = sorted(d.lat);
  const seq = (r: PathResult) => r.lat.length / (r.seqMs / 1000);
  const con = (r: PathResult) => m.burstCalls / (r.burstMs / 1000);
  const out: Record<string, number> = {
    [`${prefix}direct_p50_ms`]: round(quantile(dl, 0.5)),
    [`${prefix}direct_p99_ms`]: round(quantile(dl, 0.99)),
    [`${prefix}direct_rps_sequential`]: Math.round(seq(d)),
    [`${prefix}direct_rps`]: Math.round(con(d)),
  };
  for (const [name, key] of [["collector", "collector"], ["bare", "bare_relay"]] as const) {
    const r = m.results[name];
    if (!r) continue;
    const l = sorted(r.lat);
    // The collector's figures keep their historical names; the bare relay's are prefixed.
    const k = (metric: string) => (name === "collector" ? `${prefix}${metric}` : `${prefix}${key}.${metric}`);
    Object.assign(out, {
      [k(name === "collector" ? "collector_p50_ms" : "p50_ms")]: round(quantile(l, 0.5)),
      [k(name === "collector" ? "collector_p99_ms" : "p99_ms")]: round(quantile(l, 0.99)),
      [k("added_p50_ms")]: round(quantile(l, 0.5) - quantile(dl, 0.5)),
      [k("added_p99_ms")]: round(quantile(l, 0.99) - quantile(dl, 0.99)),
      [k(name === "collector" ? "collector_rps_sequential" : "rps_sequential")]: Math.round(seq(r)),
      [k("throughput_ratio_sequential")]: round(seq(r) / seq(d)),
      [k(name === "collector" ? "collector_rps" : "rps")]: Math.round(con(r)),
      [k("throughput_ratio")]: round(con(r) / con(d)),
      [k("proxy_cpu_us_per_call")]: Math.round((r.cpuS / m.burstCalls) * 1e6),
    });
  }
  const c = m.results.collector;
  if (c) out[`${prefix}events_missing`] = c.calls - eventsSeen;
  return out;
}

export async function benchCollector(opts: CollectorBenchOptions = {}): Promise<Record<string, number>> {
  const calls = Math.min(opts.calls ?? 2000, 20_000);
  const burst = Math.min(opts.burst ?? 4000, 40_000);
  const concurrency = Math.min(opts.concurrency ?? 16, 256);
  const transports = opts.transports ?? ["stdio", "http"];
  const require = createRequire(join(REPO, "package.json"));
  const everything = join(dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")), "dist", "index.js");
  const dataDir = mkdtempSync(join(tmpdir(), "geiger-bench-collector-"));
  const sinkFile = join(dataDir, "events.jsonl");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { GEIGER_DATA_DIR: dataDir, GEIGER_LOG_LEVEL: "warn", GEIGER_REDACTION_KEY: "bench-redaction-key-0123456789" });
  const compiled = opts.compiled ?? distIsCurrent();
  const cli = compiled ? [join(REPO, "bin/geiger.js")] : ["--import", "tsx", join(REPO, "services/cli/entry.ts")];
  const out: Record<string, number> = { calls, burst, concurrency, compiled_cli: compiled ? 1 : 0 };
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    if (transports.includes("stdio")) {
      const server = [everything, "stdio"];
      const direct = new Client({ name: "bench", version: "1" });
      await direct.connect(new StdioClientTransport({ command: process.execPath, args: server, env, stderr: "ignore" }));
      cleanups.push(() => direct.close());
      const bareTransport = new StdioClientTransport({ command: process.execPath, args: ["-e", BARE_STDIO_RELAY, "--", process.execPath, ...server], env, stderr: "ignore" });
      const bare = new Client({ name: "bench", version: "1" });
      await bare.connect(bareTransport);
      cleanups.push(() => bare.close());
      const proxiedTransport = new StdioClientTransport({
        command: process.execPath,
        args: [...cli, "collect", "stdio", "--server", "everything", "--sink", `file://${sinkFile}`, "--", process.execPath, ...server],
        env, cwd: REPO, stderr: "ignore",
      });
      const proxied = new Client({ name: "bench", version: "1" });
      await proxied.connect(proxiedTransport);
      const m = await measurePaths([
        { name: "direct", client: direct, pid: () => null },
        { name: "bare", client: bare, pid: () => bareTransport.pid },
        { name: "collector", client: proxied, pid: () => proxiedTransport.pid },
      ], calls, burst, concurrency);
      // Closing ends the proxy's stdin: it drains its spool into the sink before it exits.
      await proxied.close();
      await bare.close();
      await direct.close();
      Object.assign(out, summarise("", m, countToolCalls(sinkFile, "stdio")));
    }
    if (transports.includes("http")) {
      const port = await freePort();
      const server = spawn(process.execPath, [everything, "streamableHttp"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "ignore"] });
      cleanups.push(async () => { server.kill("SIGTERM"); await exited(server, 5000); });
      await waitFor(() => accepts(port), 20_000, "server-everything streamableHttp");
      /** Starts a proxy process that prints `http://127.0.0.1:PORT →` on stderr once it listens. */
      const startProxy = async (args: string[]): Promise<{ child: ChildProcess; url: string }> => {
        const child = spawn(process.execPath, args, { env, cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
        cleanups.push(async () => { child.kill("SIGTERM"); await exited(child, 10_000); });
        let stderr = "";
        child.stderr!.on("data", (c: Buffer) => { stderr += c.toString(); });
        await waitFor(() => /http:\/\/127\.0\.0\.1:\d+ →/.test(stderr), 20_000, `proxy ${args[0]}`);
        return { child, url: /(http:\/\/127\.0\.0\.1:\d+) →/.exec(stderr)![1]! };
      };
      const collector = await startProxy([...cli, "collect", "http", "--server", "everything", "--upstream", `http://127.0.0.1:${port}/mcp`, "--listen", "127.0.0.1:0", "--sink", `file://${sinkFile}`]);
      const bareProxy = await startProxy(["-e", BARE_HTTP_RELAY, "--", String(port)]);
      const connectTo = async (url: string) => {
        const c = new Client({ name: "bench", version: "1" });
        await c.connect(new StreamableHTTPClientTransport(new URL(url)));
        return c;
      };
      const direct = await connectTo(`http://127.0.0.1:${port}/mcp`);
      const bare = await connectTo(`${bareProxy.url}/mcp`);
      const proxied = await connectTo(`${collector.url}/mcp`);
      const m = await measurePaths([
        { name: "direct", client: direct, pid: () => null },
        { name: "bare", client: bare, pid: () => bareProxy.child.pid },
        { name: "collector", client: proxied, pid: () => collector.child.pid },
      ], calls, burst, concurrency);
      for (const c of [proxied, bare, direct]) await c.close();
      collector.child.kill("SIGTERM");
      await exited(collector.child, 10_000);
      Object.assign(out, summarise("http.", m, countToolCalls(sinkFile, "streamable-http")));
    }
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const calls = Number(process.argv[2] ?? 2000);
  const only = process.argv[3] ? (process.argv[3].split(",") as ("stdio" | "http")[]) : undefined;
  const r = await benchCollector({ calls, burst: calls * 2, ...(only ? { transports: only } : {}) });
  process.stdout.write(JSON.stringify(r, null, 2) + "\n");
}
