// Per-bucket baseline of one entity's metric: bounded sliding window → median/MAD robust z-score, p95, EWMA level.
import { medianSorted, quantileSorted } from "simple-statistics";

/** Plain-data state (JSON-serialisable; short keys because there is one per entity). */
export interface SeriesState {
  /** Start of the open bucket (ms). */
  b: number;
  /** Sum of the metric in the open bucket. */
  v: number;
  /** Up to 5 event ids of the open bucket (the newest), for alert evidence. */
  ids: string[];
  /** Closed bucket values, oldest first, at most `window` long. */
  h: number[];
  /** Closed buckets ever (learning). */
  n: number;
  /** First event time (learning). */
  t0: number;
  /** EWMA of closed bucket values. */
  ew: number;
  /** Cached window stats, recomputed when a bucket closes (not per event). */
  med: number;
  mad: number;
  p95: number;
  /** Bucket start already alerted on (one alert per bucket), or -1. */
  a: number;
}

export interface SeriesParams {
  bucketMs: number;
  window: number;
  alpha: number;
}

export function seriesNew(t: number, p: SeriesParams): SeriesState {
  return { b: bucketStart(t, p.bucketMs), v: 0, ids: [], h: [], n: 0, t0: t, ew: 0, med: 0, mad: 0, p95: 0, a: -1 };
}

const bucketStart = (t: number, ms: number) => Math.floor(t / ms) * ms;

/** EWMA step: `alpha` is the weight of the newest value (0.1 ≈ a 10-bucket memory). */
export function ewma(prev: number, value: number, alpha: number, first: boolean): number {
  return first ? value : alpha * value + (1 - alpha) * prev;
}

/**
 * Rolls the open bucket forward to the one containing `t`, closing it and any empty buckets in between (as zeros,
 * at most a window's worth). Returns false when `t` is before the open bucket (a late event: the caller decides).
 */
export function seriesAdvance(s: SeriesState, t: number, p: SeriesParams): boolean {
  const b = bucketStart(t, p.bucketMs);
  if (b < s.b) return false;
  if (b === s.b) return true;
  const gap = Math.min((b - s.b) / p.bucketMs, p.window + 1);
  for (let i = 0; i < gap; i++) {
    const v = i === 0 ? s.v : 0;
    s.ew = ewma(s.ew, v, p.alpha, s.n === 0);
    s.h.push(v);
    s.n++;
  }
  if (s.h.length > p.window) s.h.splice(0, s.h.length - p.window);
  const sorted = [...s.h].sort((x, y) => x - y);
  s.med = medianSorted(sorted);
  s.mad = medianSorted(sorted.map((x) => Math.abs(x - s.med)).sort((x, y) => x - y));
  s.p95 = quantileSorted(sorted, 0.95);
  s.b = b;
  s.v = 0;
  s.ids = [];
  return true;
}

export function seriesAdd(s: SeriesState, value: number, eventId: string): void {
  s.v += value;
  s.ids.push(eventId);
  if (s.ids.length > 5) s.ids.shift();
}

/** 1.4826 × MAD estimates σ for normal data; floored so a perfectly flat history does not divide by zero. */
export function robustZ(s: SeriesState, value: number, minScale: number): number {
  return (value - s.med) / Math.max(1.4826 * s.mad, minScale);
}

export function seriesLearned(s: SeriesState, t: number, minSamples: number, minDurationMs: number): boolean {
  return s.n >= minSamples && t - s.t0 >= minDurationMs;
}
