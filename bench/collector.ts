// Benchmark: latency added per tools/call by the stdio collector (p50/p99) and throughput ratio vs direct, on the
// same machine in the same run, with server-everything's echo tool and the real SDK client.
// Runnable alone: `node --import tsx bench/collector.ts [calls]`.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface CollectorBenchOptions {
  /** Sequential calls per path for latency (bounded). */
  calls?: number;
  /** Calls per path for the throughput burst, `concurrency` in flight. */
  burst?: number;
  concurrency?: number;
  /** Run the compiled CLI (dist/, what users run) instead of the sources through tsx. Default: when dist is current. */
  compiled?: boolean;
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

export async function benchCollector(opts: CollectorBenchOptions = {}): Promise<Record<string, number>> {
  const calls = Math.min(opts.calls ?? 2000, 20_000);
  const burst = Math.min(opts.burst ?? 2000, 20_000);
  const concurrency = Math.min(opts.concurrency ?? 16, 256);
  const require = createRequire(join(REPO, "package.json"));
  const everything = join(dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")), "dist", "index.js");
  const dataDir = mkdtempSync(join(tmpdir(), "geiger-bench-collector-"));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { GEIGER_DATA_DIR: dataDir, GEIGER_LOG_LEVEL: "warn", GEIGER_REDACTION_KEY: "bench-redaction-key-0123456789" });

  const direct = new Client({ name: "bench", version: "1" });
  await direct.connect(new StdioClientTransport({ command: process.execPath, args: [everything, "stdio"], env, stderr: "ignore" }));
  const compiled = opts.compiled ?? distIsCurrent();
  const cli = compiled ? [join(REPO, "bin/geiger.js")] : ["--import", "tsx", join(REPO, "services/cli/entry.ts")];
  const proxied = new Client({ name: "bench", version: "1" });
  await proxied.connect(new StdioClientTransport({
    command: process.execPath,
    args: [...cli, "collect", "stdio", "--server", "everything", "--sink", `file://${join(dataDir, "events.jsonl")}`, "--", process.execPath, everything, "stdio"],
    env, cwd: REPO, stderr: "ignore",
  }));

  const call = (c: Client, i: number) => c.callTool({ name: "echo", arguments: { message: `bench message ${i} with a little payload to look like a real call` } });
  try {
    for (let i = 0; i < 100; i++) { await call(direct, i); await call(proxied, i); } // warm-up (JIT, pipes)
    const lat = { direct: [] as number[], proxied: [] as number[] };
    // Interleaved blocks so drift on a shared machine hits both paths alike.
    for (let done = 0; done < calls; done += 100) {
      for (const [name, c] of [["direct", direct], ["proxied", proxied]] as const) {
        for (let i = 0; i < Math.min(100, calls - done); i++) {
          const t0 = performance.now();
          await call(c, done + i);
          lat[name].push(performance.now() - t0);
        }
      }
    }
    // Throughput: `concurrency` calls in flight; rounds alternate between the paths so load from other
    // processes on the machine is shared fairly, and the totals are compared.
    const burstTime = async (c: Client, n: number): Promise<number> => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await call(c, next++); }));
      return performance.now() - t0;
    };
    const rounds = 4;
    const per = Math.max(1, Math.floor(burst / rounds));
    let directMs = 0;
    let proxiedMs = 0;
    for (let r = 0; r < rounds; r++) {
      directMs += await burstTime(direct, per);
      proxiedMs += await burstTime(proxied, per);
    }
    const directRps = (per * rounds) / (directMs / 1000);
    const proxiedRps = (per * rounds) / (proxiedMs / 1000);
    const d = lat.direct.sort((a, b) => a - b);
    const p = lat.proxied.sort((a, b) => a - b);
    return {
      calls,
      compiled_cli: compiled ? 1 : 0,
      direct_p50_ms: round(quantile(d, 0.5)),
      direct_p99_ms: round(quantile(d, 0.99)),
      collector_p50_ms: round(quantile(p, 0.5)),
      collector_p99_ms: round(quantile(p, 0.99)),
      added_p50_ms: round(quantile(p, 0.5) - quantile(d, 0.5)),
      added_p99_ms: round(quantile(p, 0.99) - quantile(d, 0.99)),
      direct_rps: Math.round(directRps),
      collector_rps: Math.round(proxiedRps),
      throughput_ratio: round(proxiedRps / directRps),
    };
  } finally {
    await proxied.close().catch(() => undefined);
    await direct.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const calls = Number(process.argv[2] ?? 2000);
  const r = await benchCollector({ calls, burst: calls });
  process.stdout.write(JSON.stringify(r, null, 2) + "\n");
}
