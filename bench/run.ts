// `npm run bench`: runs every benchmark several times (medians reported), plus small sweeps of throughput and
// memory against the number of rules and of sessions, and writes docs/BENCHMARKS.md (bench/report.ts).
//
//   npm run bench                        # everything, 3 runs each
//   npm run bench -- --runs 5 --only detector,e2e
//   npm run bench -- --quick             # smaller sizes, 1 run: a smoke test of the suite, not figures to publish
//   npm run bench -- --out /tmp/b.md     # write elsewhere
//   npm run bench -- --only sweep        # re-run some; the others keep their results from the existing report
//
// Benchmarks owned by other modules (bench/detector.ts, state.ts, collector.ts) are imported and called; one that
// is missing or fails is reported as "not available" with the reason, and the rest still run.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { loadavg } from "node:os";
import { setLogLevel } from "../shared/observability/log.js";
import type { TelemetryEvent } from "../shared/schema/telemetry.js";
import { parseRaw, renderReport, type BenchOutcome, type RawResults, type SweepRow } from "./report.js";

const ROOT = join(import.meta.dirname, "..");

interface BenchSpec {
  name: string;
  /** What the benchmark measures, one line for the report. */
  what: string;
  run: (quick: boolean) => Promise<Record<string, number>>;
}

/** Imports `file` and returns its export `fn`, or throws "not available" with the reason. */
async function load<F>(file: string, fn: string): Promise<F> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(file)) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`not available: ${file} cannot be loaded (${(err as Error).message.split("\n")[0]})`);
  }
  if (typeof mod[fn] !== "function") throw new Error(`not available: ${file} does not export ${fn}()`);
  return mod[fn] as F;
}

type BenchFn = (opts: Record<string, unknown>) => Promise<Record<string, number>>;

const BENCHES: BenchSpec[] = [
  {
    name: "detector",
    what: "semantic detectors + YAML rules on one core, realistic mix and typical ~1.5 kB tool calls, beside JSON.parse alone (bench/detector.ts)",
    run: async (quick) => (await load<BenchFn>("./detector.js", "benchDetector"))(quick ? { events: 5_000, maxMs: 2_000 } : {}),
  },
  {
    name: "state",
    what: "behavioural state heap at 1M distinct sessions under the declared bounds, behavioural and whole-engine throughput (bench/state.ts)",
    run: async (quick) => (await load<BenchFn>("./state.js", "benchState"))(quick ? { sessions: 50_000, throughputEvents: 20_000 } : {}),
  },
  {
    name: "collector",
    what: "latency/throughput of the stdio and Streamable HTTP collectors per tools/call vs direct and vs a bare byte relay, one call at a time and 16 in flight (bench/collector.ts)",
    run: async (quick) => (await load<BenchFn>("./collector.js", "benchCollector"))(quick ? { calls: 100, burst: 200 } : {}),
  },
  {
    name: "e2e",
    what: "events/s produced into Kafka until a detector process and an indexer process (one consumer each) have committed all of them (bench/e2e.ts)",
    run: async (quick) => (await load<BenchFn>("./e2e.js", "benchE2EThroughput"))({ events: quick ? 5_000 : 50_000 }),
  },
  {
    name: "ceiling",
    what: "Kafka alone (produce, then one bare consumer that only parses) and Elasticsearch alone (Geiger's telemetry documents bulk-written with the store's mapping), same events as e2e, no Geiger service in the path (bench/ceiling.ts)",
    run: async (quick) => (await load<BenchFn>("./ceiling.js", "benchCeilings"))({ events: quick ? 5_000 : 50_000 }),
  },
  {
    name: "latency",
    what: "MCP tools/call through `geiger collect http` (kafka sink) → detector → alert visible in `geiger api` (bench/e2e.ts)",
    run: async (quick) => (await load<BenchFn>("./e2e.js", "benchAlertLatency"))({ calls: quick ? 10 : 50 }),
  },
];

const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function gcFn(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/** Events/s of one engine over `events`, bounded by `maxMs` after a warm-up. */
async function engineRate(engineOpts: Record<string, unknown>, events: TelemetryEvent[], maxMs: number): Promise<number> {
  const { DetectionEngine } = await import("../services/detector/engine.js");
  const engine = new DetectionEngine(engineOpts);
  for (const e of events.slice(0, 300)) engine.process(e);
  const t0 = performance.now();
  let k = 0;
  for (const e of events) { engine.process(e); k++; if ((k & 127) === 0 && performance.now() - t0 > maxMs) break; }
  return k / ((performance.now() - t0) / 1000);
}

/** Throughput of the semantic detectors as the number of YAML rules grows (built-in rules cloned under new ids). */
async function sweepRules(quick: boolean): Promise<SweepRow[]> {
  const { makeEvents } = await import("./detector.js");
  const { semanticDetectors } = await import("../services/detector/detectors/semantic/index.js");
  const { builtinRulesDir, loadRules } = await import("../services/detector/rules/rule.js");
  const base = loadRules([builtinRulesDir()]);
  const events = makeEvents(quick ? 2_000 : 6_000).filter((e) => e.method === "tools/call");
  const rows: SweepRow[] = [];
  for (const copies of quick ? [0, 1, 4] : [0, 1, 4, 16]) {
    const rules = Array.from({ length: copies }, (_, c) => base.map((r) => (c === 0 ? r : { ...r, rule: { ...r.rule, id: `${r.rule.id}.copy${c}` } }))).flat();
    const rates: number[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) rates.push(await engineRate({ detectors: semanticDetectors, rules }, events, quick ? 500 : 2_000));
    rows.push({ x: rules.length, label: `${rules.length} rules`, values: { events_per_s: Math.round(median(rates)), patterns: rules.reduce((s, r) => s + r.matchers.length, 0) } });
  }
  return rows;
}

/**
 * Every detector and rule (the whole engine), with the events spread over more and more distinct sessions (each
 * event a new session at the top end): events/s and the engine's retained heap after the run.
 */
async function sweepSessions(quick: boolean): Promise<SweepRow[]> {
  const { makeEvents } = await import("./detector.js");
  const { DetectionEngine } = await import("../services/detector/engine.js");
  const gc = gcFn();
  const templates = makeEvents(2_000);
  const rows: SweepRow[] = [];
  for (const sessions of quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 300_000]) {
    const n = Math.max(sessions, 20_000);
    const t0ms = Date.UTC(2025, 0, 1);
    const eventAt = (i: number): TelemetryEvent => {
      const tpl = templates[i % templates.length]!;
      const s = `sess-${i % sessions}`;
      return { ...tpl, event_id: `sw-${i}`, ts: new Date(t0ms + i).toISOString(), agent: { ...tpl.agent, id: `agent-${s}`, session_id: s, principal: `user-${i % Math.min(sessions, 5_000)}` } };
    };
    gc();
    const before = process.memoryUsage().heapUsed;
    const engine = new DetectionEngine({});
    const t = performance.now();
    for (let i = 0; i < n; i++) engine.process(eventAt(i));
    const ms = performance.now() - t;
    gc();
    const heapMb = (process.memoryUsage().heapUsed - before) / 1048576;
    // Read the engine after measuring: otherwise it is garbage before the measurement and the heap looks empty.
    const alerts = engine.alerts().length;
    rows.push({ x: sessions, label: `${sessions.toLocaleString("en-US")} sessions`, values: { events: n, events_per_s: Math.round(n / (ms / 1000)), engine_heap_mb: Math.round(heapMb * 10) / 10, alerts } });
  }
  return rows;
}

function readPreviousRaw(file: string): RawResults | null {
  if (!existsSync(file)) return null;
  try { return parseRaw(readFileSync(file, "utf8")); } catch { return null; }
}

function parseCli(argv: string[]): { runs: number; only: Set<string> | null; quick: boolean; out: string } {
  let runs = 3;
  let only: Set<string> | null = null;
  let quick = false;
  let out = join(ROOT, "docs/BENCHMARKS.md");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") quick = true;
    else if (a === "--runs") runs = Math.max(1, Math.min(20, Number(argv[++i])));
    else if (a === "--only") only = new Set(argv[++i]!.split(","));
    else if (a === "--out") out = argv[++i]!;
    else throw new Error(`unknown option ${a} (use --runs N, --only a,b, --quick, --out FILE)`);
  }
  if (!Number.isInteger(runs)) throw new Error("--runs expects an integer");
  return { runs: quick ? 1 : runs, only, quick, out };
}

async function main(): Promise<void> {
  setLogLevel("silent");
  const { runs, only, quick, out } = parseCli(process.argv.slice(2));
  const started = new Date();
  const argv = process.argv.slice(2);
  const command = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
  const outcomes: BenchOutcome[] = [];
  for (const b of BENCHES) {
    if (only && !only.has(b.name)) continue;
    const samples: Record<string, number>[] = [];
    let error: string | undefined;
    const load0 = loadavg()[0]!;
    const t0 = performance.now();
    for (let r = 0; r < runs && !error; r++) {
      process.stderr.write(`bench ${b.name}: run ${r + 1}/${runs}…\n`);
      try {
        samples.push(await b.run(quick));
      } catch (err) {
        error = (err as Error).message.startsWith("not available") ? (err as Error).message : `failed: ${(err as Error).message.split("\n")[0]}`;
        process.stderr.write(`bench ${b.name}: ${error}\n`);
      }
    }
    const keys = [...new Set(samples.flatMap((s) => Object.keys(s)))];
    const medians = Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k] ?? NaN))]));
    outcomes.push({ name: b.name, what: b.what, at: new Date().toISOString(), runs: samples.length, medians, samples, seconds: (performance.now() - t0) / 1000, loadavg: [load0, loadavg()[0]!], command, ...(error ? { error } : {}) });
  }
  const sweeps: { rules?: SweepRow[]; sessions?: SweepRow[] } = {};
  if (!only || only.has("sweep")) {
    process.stderr.write("bench sweep: rules…\n");
    sweeps.rules = await sweepRules(quick).catch((err: unknown) => { process.stderr.write(`sweep rules failed: ${(err as Error).message}\n`); return undefined; });
    process.stderr.write("bench sweep: sessions…\n");
    sweeps.sessions = await sweepSessions(quick).catch((err: unknown) => { process.stderr.write(`sweep sessions failed: ${(err as Error).message}\n`); return undefined; });
  }
  // With --only, the benchmarks not re-run keep their previous results (from the report's raw block).
  if (only) {
    const previous = readPreviousRaw(out);
    if (previous) {
      for (const o of previous.outcomes) if (!outcomes.some((x) => x.name === o.name)) outcomes.push(o);
      outcomes.sort((a, b) => BENCHES.findIndex((x) => x.name === a.name) - BENCHES.findIndex((x) => x.name === b.name));
      sweeps.rules ??= previous.sweeps.rules;
      sweeps.sessions ??= previous.sweeps.sessions;
    }
  }
  const md = renderReport({ command, started, finished: new Date(), runs, quick, outcomes, sweeps });
  writeFileSync(out, md);
  process.stderr.write(`wrote ${out}\n`);
  process.stdout.write(md.split("\n## Raw")[0] + "\n");
}

await main();
