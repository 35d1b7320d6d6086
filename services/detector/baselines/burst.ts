// "N occurrences within a window": the newest N (time, event id) pairs of a key, sorted, in plain data.

/** Newest occurrences, oldest first, never more than the threshold N. */
export type Burst = [number, string][];

/** Records an occurrence (late ones are sorted into place) and keeps only the newest `n`. */
export function burstPush(b: Burst, t: number, eventId: string, n: number): void {
  b.push([t, eventId]);
  if (b.length > 1 && t < b[b.length - 2]![0]) b.sort((p, q) => p[0] - q[0]);
  if (b.length > n) b.splice(0, b.length - n);
}

/** True when the newest `n` occurrences all fall within `windowMs`. */
export function burstFull(b: Burst, n: number, windowMs: number): boolean {
  return b.length >= n && b[b.length - 1]![0] - b[0]![0] <= windowMs;
}

export const burstIds = (b: Burst): string[] => b.map((x) => x[1]);
