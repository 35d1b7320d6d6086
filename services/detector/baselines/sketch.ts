// Hashes and small plain-data sketches (HyperLogLog, bottom-k) for state that must stay bounded.

/** murmur3's fmix32 finaliser. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit with a seed, over UTF-16 code units (stable across processes, so snapshots stay valid). */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche: FNV's low bits are weak, and HLL and bottom-k rely on uniform bits.
  return fmix32(h);
}

/** A 64-bit fingerprint as 16 hex chars: two independent 32-bit hashes, collisions negligible at our volumes. */
export function fingerprint64(s: string): string {
  return hash32(s).toString(16).padStart(8, "0") + hash32(s, 0x9747b28c).toString(16).padStart(8, "0");
}

// ---- HyperLogLog (p = 6 → 64 registers, ~13% error): distinct counts of sessions/servers past the exact cap.

/** Registers as a 64-char string (one char per register): compact, immutable-friendly and JSON-native. */
export type Hll = string;
const HLL_P = 6;
const HLL_M = 1 << HLL_P;

export function hllEmpty(): Hll {
  return "0".repeat(HLL_M);
}

export function hllAdd(h: Hll, item: string): Hll {
  const x = hash32(item, 0x3c6ef372);
  const idx = x >>> (32 - HLL_P);
  const w = (x << HLL_P) >>> 0;
  const rank = Math.min(w === 0 ? 32 - HLL_P + 1 : Math.clz32(w) + 1, 35);
  const cur = parseInt(h[idx]!, 36);
  return rank > cur ? h.slice(0, idx) + rank.toString(36) + h.slice(idx + 1) : h;
}

export function hllCount(h: Hll): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < HLL_M; i++) {
    const r = parseInt(h[i]!, 36);
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const alpha = 0.709; // α for m = 64
  const est = (alpha * HLL_M * HLL_M) / sum;
  // Linear counting for small cardinalities, where raw HLL is biased.
  return Math.round(est <= 2.5 * HLL_M && zeros > 0 ? HLL_M * Math.log(HLL_M / zeros) : est);
}

// ---- Bottom-k: the k smallest hashes of a set, a uniform sample usable for containment estimates.

/** The largest hash a full bottom-k sketch keeps (nothing above it can enter), or Infinity while it is filling. */
export function bottomKBound(hashes: readonly number[], k: number): number {
  return hashes.length >= k ? hashes[hashes.length - 1]! : Infinity;
}

/** Inserts hashes (with a tag each) keeping the k smallest; arrays stay sorted ascending by hash. */
export function bottomKInsert(hashes: number[], tags: number[], items: Iterable<number>, tag: number, k: number): void {
  for (const h of items) {
    if (hashes.length >= k && h >= hashes[hashes.length - 1]!) continue;
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hashes[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    if (hashes[lo] === h) {
      tags[lo] = tag; // most recent source wins: it is the one a later copy most likely came from
      continue;
    }
    hashes.splice(lo, 0, h);
    tags.splice(lo, 0, tag);
    if (hashes.length > k) {
      hashes.pop();
      tags.pop();
    }
  }
}

/** Index of `h` in a sorted hash array, or -1. */
export function bottomKFind(hashes: readonly number[], h: number): number {
  let lo = 0;
  let hi = hashes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = hashes[mid]!;
    if (v === h) return mid;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
