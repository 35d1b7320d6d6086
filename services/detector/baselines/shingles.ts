// Text fingerprints for data-flow matching: hashed word shingles and redaction fingerprints found in text.
import { hash32 } from "./sketch.js";

/** Hashes of every run of `w` consecutive normalised words (Unicode letters/digits, lower-cased), deduplicated. */
export function wordShingles(text: string, w: number): Set<number> {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const wh: number[] = [];
  for (const word of words) if (word) wh.push(hash32(word));
  const out = new Set<number>();
  for (let i = 0; i + w <= wh.length; i++) {
    // Polynomial combination of the word hashes, then a final mix: order-sensitive and cheap.
    let h = 0;
    for (let j = 0; j < w; j++) h = (Math.imul(h, 0x01000193) + wh[i + j]!) >>> 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    out.add(h >>> 0);
  }
  return out;
}

const REDACTED = /\[REDACTED:[^\]:]{1,64}:fp=([A-Za-z0-9_\-+/=]{4,128})\]/g;

/** Redaction fingerprints written inline by the collector (`[REDACTED:kind:fp=…]`). */
export function inlineRedactionFingerprints(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(REDACTED)) {
    out.push(m[1]!);
    if (out.length >= 64) break;
  }
  return out;
}
