// In-memory token buckets keyed by principal or client IP: enough to blunt brute force and runaway clients
// on one API instance (each instance limits on its own).
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly capacity: number, private readonly refillPerSec: number, private readonly maxKeys = 50_000) {}

  private refill(key: string, now: number): { tokens: number; at: number } {
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSec);
    b.at = now;
    if (!this.buckets.has(key)) {
      // Full buckets carry no information, so evicting the oldest keys under pressure is harmless-ish.
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Takes one token; returns 0 if allowed, else the seconds until one is available. */
  take(key: string, now = Date.now()): number {
    const b = this.refill(key, now);
    if (b.tokens >= 1) { b.tokens -= 1; return 0; }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.refillPerSec));
  }

  /** True when a request from `key` would currently be refused (checked before spending work on it). */
  exhausted(key: string, now = Date.now()): boolean {
    return this.refill(key, now).tokens < 1;
  }
}
