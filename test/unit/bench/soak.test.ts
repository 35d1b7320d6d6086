// The soak's verdict rule (docs/reliability.md "Load and soak") on synthetic sample series: baseline after the
// warm-up, heap-after-GC and RSS both gated, a leak caught by its slope, a failed measurement never a pass.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { LoadSample } from "../../../bench/load.js";
import { soakVerdict, soakWindows } from "../../../bench/soak.js";

const D = 1800;
/** One sample every 5 s, heap-after-GC every 30 s, from the given curves (t in seconds). */
function series(rss: (t: number) => number, heapGc: (t: number) => number | undefined, until = D): LoadSample[] {
  const out: LoadSample[] = [];
  for (let t = 5; t <= until; t += 5) {
    const s: LoadSample = { t_s: t, sent: t * 200, indexed: t * 200, lag_indexer: 0, lag_detector: 0, rss_mb: rss(t), heap_mb: 60 + (t % 40) };
    const h = t % 30 === 0 ? heapGc(t) : undefined;
    if (h !== undefined) s.heap_gc_mb = h;
    out.push(s);
  }
  return out;
}
const wobble = (t: number, base: number, amp: number) => base + amp * Math.sin(t / 47);

test("windows: minutes 5–10 against the last 5 minutes; sixths and thirds of shorter runs", () => {
  assert.deepEqual(soakWindows(1800), { warm: [300, 600], end: [1500, 1800] });
  assert.deepEqual(soakWindows(900), { warm: [150, 300], end: [750, 900] });
});

test("flat memory with noise passes, and the start-up peak before the baseline is not compared", () => {
  const v = soakVerdict(series((t) => (t < 240 ? 300 : wobble(t, 205, 8)), (t) => wobble(t, 46, 1)), D, 0);
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.ok(Math.abs(v.heap_slope_mb_per_min) < 0.1);
});

test("a steady heap leak fails on the heap signal even when RSS stays within bounds", () => {
  // The soak's leak before the fix: ~0.8 MB/min of heap on ~46 MB, RSS noisy but inside +10 %.
  const v = soakVerdict(series((t) => wobble(t, 205, 8), (t) => 46 + 0.8 * (t / 60)), D, 0);
  assert.equal(v.ok, false);
  assert.equal(v.heap_after_gc_mb.ok, false);
  assert.equal(v.rss_mb.ok, true);
  assert.ok(Math.abs(v.heap_slope_mb_per_min - 0.8) < 0.05, String(v.heap_slope_mb_per_min));
});

test("RSS growth fails the soak on its own, and so do lost events", () => {
  assert.equal(soakVerdict(series((t) => 200 + t / 30, () => 46), D, 0).ok, false);
  assert.equal(soakVerdict(series(() => 200, () => 46), D, 3).ok, false);
});

test("no heap readings in a window is a failed measurement, not a pass", () => {
  const v = soakVerdict(series(() => 200, () => undefined), D, 0);
  assert.equal(v.heap_after_gc_mb.samples.warm, 0);
  assert.equal(v.ok, false);
});
