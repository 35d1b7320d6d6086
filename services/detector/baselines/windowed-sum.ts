// Sliding-window sums at two resolutions (fine for short windows, coarse for long ones) in bounded, sparse plain data.

/** Sparse buckets as flat [start, sum, start, sum, …] arrays, oldest first; only buckets with spend exist. */
export interface WindowedSum {
  f: number[];
  c: number[];
}

export interface WindowedSumParams {
  fineMs: number;
  coarseMs: number;
  /** Longest window served from fine buckets. */
  fineSpanMs: number;
  /** Longest window at all. */
  coarseSpanMs: number;
}

export function wsNew(): WindowedSum {
  return { f: [], c: [] };
}

function addTo(arr: number[], start: number, v: number): void {
  // Late events land in their own (older) bucket when it still exists; else in the newest (bounded lateness upstream).
  for (let i = arr.length - 2; i >= 0 && i >= arr.length - 8; i -= 2) {
    if (arr[i] === start) {
      arr[i + 1]! += v;
      return;
    }
    if (arr[i]! < start) break;
  }
  if (arr.length === 0 || arr[arr.length - 2]! < start) arr.push(start, v);
  else arr[arr.length - 1]! += v;
}

function prune(arr: number[], oldest: number): void {
  let k = 0;
  while (k < arr.length && arr[k]! < oldest) k += 2;
  if (k) arr.splice(0, k);
}

export function wsAdd(s: WindowedSum, t: number, v: number, p: WindowedSumParams): void {
  addTo(s.f, Math.floor(t / p.fineMs) * p.fineMs, v);
  addTo(s.c, Math.floor(t / p.coarseMs) * p.coarseMs, v);
  prune(s.f, t - p.fineSpanMs - p.fineMs);
  prune(s.c, t - p.coarseSpanMs - p.coarseMs);
}

/**
 * Sum over (t − windowMs, t]. Windows up to `fineSpanMs` are exact to one fine bucket; longer ones to one coarse
 * bucket (a partially covered bucket counts whole: it errs towards alerting a few minutes early, never late).
 */
export function wsSum(s: WindowedSum, t: number, windowMs: number, p: WindowedSumParams): number {
  const fine = windowMs <= p.fineSpanMs;
  const arr = fine ? s.f : s.c;
  const width = fine ? p.fineMs : p.coarseMs;
  const from = t - windowMs;
  let sum = 0;
  for (let i = arr.length - 2; i >= 0; i -= 2) {
    if (arr[i]! + width <= from) break;
    sum += arr[i + 1]!;
  }
  return sum;
}
