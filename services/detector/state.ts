// Keyed detector state owned by the engine: LRU-bounded and idle-TTL'd in event time, JSON snapshot/restore.
import type { DetectorState } from "./detector.js";

interface Entry { v: unknown; t: number }

export interface StateSnapshot { entries: [string, unknown, number][] }

/**
 * A Map kept in recency order (touch = delete + re-insert), so the oldest entries are always first: eviction
 * by size and expiry by idle time both work from the front in O(evicted).
 */
export class KeyedState implements DetectorState {
  private readonly map = new Map<string, Entry>();
  evictions = 0;

  constructor(private readonly maxKeys: number, private readonly ttlMs: number, private readonly clock: () => number) {}

  get<T>(key: string): T | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    const now = this.clock();
    if (now - e.t > this.ttlMs) { this.map.delete(key); return undefined; }
    this.map.delete(key);
    e.t = Math.max(e.t, now);
    this.map.set(key, e);
    return e.v as T;
  }

  set<T>(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, { v: value, t: this.clock() });
    while (this.map.size > this.maxKeys) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.evictions++;
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  size(): number {
    return this.map.size;
  }

  /** Drops entries idle longer than the TTL (from the front; stops at the first live one). */
  sweep(): void {
    const now = this.clock();
    for (const [k, e] of this.map) {
      if (now - e.t <= this.ttlMs) break;
      this.map.delete(k);
    }
  }

  snapshot(): StateSnapshot {
    return { entries: [...this.map].map(([k, e]) => [k, e.v, e.t]) };
  }

  restore(s: StateSnapshot): void {
    this.map.clear();
    for (const [k, v, t] of s.entries ?? []) this.map.set(k, { v, t });
    while (this.map.size > this.maxKeys) this.map.delete(this.map.keys().next().value as string);
  }
}
