// Benchmark of behavioural detector state: heap for 1M distinct sessions under the declared bounds, and throughput.
import v8 from "node:v8";
import vm from "node:vm";
import { pathToFileURL } from "node:url";
import type { TelemetryEvent } from "../shared/schema/telemetry.js";
import type { Detector } from "../services/detector/detector.js";
import { KeyedState } from "../services/detector/state.js";
import { behaviouralDetectors } from "../services/detector/detectors/behavioural/index.js";

const T0 = Date.parse("2025-03-03T09:00:00.000Z");
const WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon".split(" ");
const TOOLS: [string, Record<string, unknown>][] = [
  ["fetch", { url: "https://docs.example/page" }],
  ["read_file", { path: "/home/dev/project/.env" }],
  ["list_directory", { path: "/home/dev" }],
  ["send_email", { to: "team@acme.test", body: "status" }],
  ["query", { sql: "select 1" }],
];

/**
 * Synthetic events built as plain objects (no schema parse: the bench measures detectors, not zod). Event i
 * belongs to session i / perSession, so `n / perSession` distinct sessions; every event is "expensive", carries
 * result text, and every third fails, so each session-keyed detector creates a key per session.
 */
function makeEvent(i: number, perSession: number, stepMs: number): TelemetryEvent {
  const s = Math.floor(i / perSession);
  const [tool, args] = TOOLS[i % TOOLS.length]!;
  const text = Array.from({ length: 24 }, (_, k) => WORDS[(i * 7 + k * 3 + s) % WORDS.length]).join(" ") + ` ${s}`;
  const failed = i % 3 === 0;
  return {
    schema: "geiger.telemetry/v1",
    event_id: `b-${i}`,
    ts: new Date(T0 + i * stepMs).toISOString(),
    duration_ms: 2500,
    tenant: `t${s % 7}`,
    agent: { id: `a-${s}`, session_id: `s-${s}`, principal: `p-${s % 100_000}` },
    server: { name: `srv-${i % 11}`, transport: "stdio" },
    collector: { id: "c", version: "0" },
    direction: "client_to_server",
    kind: "request",
    method: "tools/call",
    params: { name: tool, arguments: args },
    ...(failed ? { error: { code: -32603, message: "boom" } } : { result: { content: [{ type: "text", text }] } }),
    size: { request_bytes: 120, response_bytes: 400 },
    cost: { usd: 0.0004, source: "meta" },
  } as TelemetryEvent;
}

function gcFn(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

function runDetectors(detectors: Detector[], n: number, perSession: number, stepMs: number): { states: Map<string, KeyedState>; ms: number } {
  let now = 0;
  const states = new Map<string, KeyedState>();
  for (const d of detectors) states.set(d.meta.id, new KeyedState(d.meta.state!.maxKeys, d.meta.state!.ttlMs, () => now));
  const config = {};
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const e = makeEvent(i, perSession, stepMs);
    now = Math.max(now, Date.parse(e.ts));
    for (const d of detectors) d.detect(e, { state: states.get(d.meta.id)!, now, config });
  }
  return { states, ms: performance.now() - t0 };
}

export async function benchState(opts: { sessions?: number; throughputEvents?: number } = {}): Promise<Record<string, number>> {
  const sessions = opts.sessions ?? 1_000_000;
  const gc = gcFn();
  const out: Record<string, number> = {};

  // 1. Memory: one event per distinct session, 1M sessions in ~17 min of event time (1 ms apart) so TTLs do not help:
  //    only the declared maxKeys bounds apply.
  gc();
  const before = process.memoryUsage().heapUsed;
  const { states, ms } = runDetectors(behaviouralDetectors, sessions, 1, 1);
  gc();
  const after = process.memoryUsage().heapUsed;
  let keys = 0;
  for (const [id, s] of states) {
    keys += s.size();
    out[`keys.${id}`] = s.size();
  }
  out.sessions = sessions;
  out.state_keys_total = keys;
  out.state_heap_mb = Math.round(((after - before) / 1048576) * 10) / 10;
  out.state_bytes_per_key = Math.round((after - before) / Math.max(keys, 1));
  out.memory_run_events_per_s = Math.round(sessions / (ms / 1000));
  states.clear();
  gc();

  // 2. Throughput: a realistic mix (20 events per session) through every behavioural detector.
  const n = opts.throughputEvents ?? 200_000;
  const tp = runDetectors(behaviouralDetectors, n, 20, 50);
  out.behavioural_events_per_s = Math.round(n / (tp.ms / 1000));
  out.behavioural_us_per_event = Math.round((tp.ms * 1000) / n);

  // 3. Beside the semantic-only figure, through the real engine when it is available.
  try {
    const { DetectionEngine } = await import("../services/detector/engine.js");
    const { registry } = await import("../services/detector/registry.js");
    const semantic = registry.filter((d) => !behaviouralDetectors.includes(d));
    const m = Math.min(n, 50_000);
    const events = Array.from({ length: m }, (_, i) => makeEvent(i, 20, 50));
    for (const [label, detectors] of [["engine_semantic_only", semantic], ["engine_all", registry]] as const) {
      const engine = new DetectionEngine({ detectors: [...detectors], config: { builtin_rules: true } });
      const t = performance.now();
      for (const e of events) engine.process(e);
      out[`${label}_events_per_s`] = Math.round(m / ((performance.now() - t) / 1000));
    }
  } catch (err) {
    out.engine_unavailable = 1;
    process.stderr.write(`bench/state: engine comparison skipped: ${(err as Error).message}\n`);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const sessions = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
  benchState({ sessions }).then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
}
