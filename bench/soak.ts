// Soak (`npm run soak`, not in CI): bench/load.ts at a steady rate for 30 minutes (GEIGER_SOAK_MINUTES,
// GEIGER_SOAK_RATE), then judges memory by the rule in docs/reliability.md "Load and soak": the heap left after a
// forced full GC (the leak signal) and RSS (the platform signal) must each end within +10 % of their warm-up
// baseline, and every event must be indexed. Writes test-artifacts/soak.json; exit 1 when the rule fails.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchLoad, type LoadSample } from "./load.js";

/** Cadence of the forced-GC heap readings (a full GC of ~50 MB costs tens of ms: negligible at this cadence). */
const HEAP_GC_EVERY_MS = 30_000;

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)]! : 0; };

/**
 * Windows in load time (t = 0 at the first event, after the clients, engines and warm-up runs are up: not process
 * start). Baseline: minutes 5–10 — past JIT tier-up, the clients' connection pools and the detector's per-key
 * tables at this cardinality (measured flat from minute 1). End: the last 5 minutes. Runs shorter than 30 minutes
 * scale both to sixths and thirds of the run.
 */
export function soakWindows(durationS: number): { warm: [number, number]; end: [number, number] } {
  const tail = Math.min(300, durationS / 6);
  return { warm: [Math.min(300, durationS / 6), Math.min(600, durationS / 3)], end: [durationS - tail, durationS] };
}

export interface MemorySignal { warm: number; last: number; growth: number; ok: boolean; samples: { warm: number; end: number } }

/** Median of `pick` over each window, and the relative growth from baseline to end (samples without a value are skipped). */
export function memorySignal(samples: LoadSample[], durationS: number, pick: (s: LoadSample) => number | undefined, tolerance = 0.1): MemorySignal {
  const w = soakWindows(durationS);
  const inWin = ([a, b]: [number, number], closed: boolean) => samples
    .filter((s) => s.t_s >= a && (closed ? s.t_s <= b : s.t_s < b))
    .map(pick).filter((v): v is number => typeof v === "number");
  const warmXs = inWin(w.warm, false), endXs = inWin(w.end, true);
  const warm = median(warmXs), last = median(endXs);
  const growth = warm ? (last - warm) / warm : 0;
  // No samples in a window is a failed measurement, not a pass.
  return { warm, last, growth: Math.round(growth * 1000) / 1000, ok: warmXs.length > 0 && endXs.length > 0 && growth <= tolerance, samples: { warm: warmXs.length, end: endXs.length } };
}

/** Least-squares slope (MB per minute) of the post-GC heap from the start of the baseline window: the leak rate. */
export function heapSlopeMbPerMin(samples: LoadSample[], durationS: number): number {
  const from = soakWindows(durationS).warm[0];
  const pts = samples.filter((s) => s.t_s >= from && s.t_s <= durationS && s.heap_gc_mb !== undefined).map((s) => [s.t_s / 60, s.heap_gc_mb!] as const);
  if (pts.length < 2) return 0;
  const mx = pts.reduce((a, [x]) => a + x, 0) / pts.length, my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  const num = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0), den = pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den ? Math.round((num / den) * 1000) / 1000 : 0;
}

/** The documented rule: post-GC heap and RSS each within +tolerance of the baseline, and nothing lost. */
export function soakVerdict(samples: LoadSample[], durationS: number, lost: number, tolerance = 0.1) {
  const heap = memorySignal(samples, durationS, (s) => s.heap_gc_mb, tolerance);
  const rss = memorySignal(samples, durationS, (s) => s.rss_mb, tolerance);
  return { ok: heap.ok && rss.ok && lost === 0, windows_s: soakWindows(durationS), heap_after_gc_mb: heap, rss_mb: rss, heap_slope_mb_per_min: heapSlopeMbPerMin(samples, durationS), lost };
}

if (process.argv[1]?.endsWith("bench/soak.ts")) {
  const minutes = Number(process.env.GEIGER_SOAK_MINUTES ?? 30);
  const rate = Number(process.env.GEIGER_SOAK_RATE ?? 200);
  const started = Date.now();
  let lastGc: number | undefined;
  const report = await benchLoad({
    rate, durationS: minutes * 60, sampleEveryMs: 5000, drainTimeoutS: 300, heapAfterGcEveryMs: HEAP_GC_EVERY_MS,
    onSample: (s) => {
      if (s.heap_gc_mb !== undefined) lastGc = s.heap_gc_mb;
      if (Math.round(s.t_s) % 60 < 5) process.stderr.write(`soak t=${Math.round(s.t_s)}s sent=${s.sent} indexed=${s.indexed} lag=${s.lag_indexer}/${s.lag_detector} rss=${s.rss_mb}MB heap=${s.heap_mb}MB heap_after_gc=${lastGc ?? "-"}MB\n`);
    },
  });
  const v = soakVerdict(report.samples, report.duration_s, report.sent - report.indexed);
  const verdict = { minutes, rate, ...v, sent: report.sent, indexed: report.indexed, sent_per_s: report.sent_per_s, indexed_per_s: report.indexed_per_s, max_lag: report.max_lag, drain_s: report.drain_s, wall_s: Math.round((Date.now() - started) / 1000) };
  mkdirSync("test-artifacts", { recursive: true });
  writeFileSync("test-artifacts/soak.json", JSON.stringify({ verdict, report }, null, 2));
  process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
  process.exit(v.ok ? 0 : 1);
}
