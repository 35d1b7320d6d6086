// Soak (`npm run soak`, not in CI): bench/load.ts at a steady rate for 30 minutes (GEIGER_SOAK_MINUTES,
// GEIGER_SOAK_RATE), then checks that memory is flat: the median RSS of the last 5 minutes is within 10 % of the
// median of minutes 5–10 (after warm-up: JIT, caches, detector state filling its bounded tables). Writes
// test-artifacts/soak.json; exit 1 when memory grew, or events were lost.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchLoad, type LoadSample } from "./load.js";

const minutes = Number(process.env.GEIGER_SOAK_MINUTES ?? 30);
const rate = Number(process.env.GEIGER_SOAK_RATE ?? 200);
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)]! : 0; };

export function memoryFlat(samples: LoadSample[], durationS: number, tolerance = 0.1): { ok: boolean; warm: number; last: number; growth: number } {
  const warmFrom = Math.min(300, durationS / 6), warmTo = Math.min(600, durationS / 3);
  const warm = median(samples.filter((s) => s.t_s >= warmFrom && s.t_s < warmTo).map((s) => s.rss_mb));
  const last = median(samples.filter((s) => s.t_s >= durationS - Math.min(300, durationS / 6) && s.t_s <= durationS).map((s) => s.rss_mb));
  const growth = warm ? (last - warm) / warm : 0;
  return { ok: growth <= tolerance, warm, last, growth };
}

if (process.argv[1]?.endsWith("bench/soak.ts")) {
  const started = Date.now();
  const report = await benchLoad({
    rate, durationS: minutes * 60, sampleEveryMs: 5000, drainTimeoutS: 300,
    onSample: (s) => { if (Math.round(s.t_s) % 60 < 5) process.stderr.write(`soak t=${Math.round(s.t_s)}s sent=${s.sent} indexed=${s.indexed} lag=${s.lag_indexer}/${s.lag_detector} rss=${s.rss_mb}MB heap=${s.heap_mb}MB\n`); },
  });
  const mem = memoryFlat(report.samples, report.duration_s);
  const lost = report.sent - report.indexed;
  const verdict = { minutes, rate, ...mem, lost, sent_per_s: report.sent_per_s, indexed_per_s: report.indexed_per_s, max_lag: report.max_lag, wall_s: Math.round((Date.now() - started) / 1000) };
  mkdirSync("test-artifacts", { recursive: true });
  writeFileSync("test-artifacts/soak.json", JSON.stringify({ verdict, report }, null, 2));
  process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
  process.exit(mem.ok && lost === 0 ? 0 : 1);
}
