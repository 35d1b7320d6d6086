// Text fingerprints for data-flow matching: hashed word shingles and redaction fingerprints found in text.
import { fmix32, hash32 } from "./sketch.js";

const FNV_SEED = 0x811c9dc5;

/**
 * hash32 of every word (maximal run of Unicode letters/digits, lower-cased), in order, in one pass over the
 * characters with no lower-cased copy and no word strings: the same numbers as hash32(word) (FNV-1a over the
 * lower-cased code units), so sketches kept in snapshots stay comparable. ASCII is classified inline; other
 * characters (rare in most text: typographic quotes and dashes) one at a time. Text with a capital sigma takes
 * the reference path: its lower case depends on the position in the word.
 */
function wordHashes(text: string): number[] {
  const wh: number[] = [];
  if (text.includes("\u03a3")) {
    for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (word) wh.push(hash32(word));
    return wh;
  }
  let h = FNV_SEED;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        h = Math.imul(h ^ c, 0x01000193);
        inWord = true;
        continue;
      }
    } else {
      // One code point (a surrogate pair counts as one), lower-cased, then each code point of its lower case
      // classified, as the reference does ("İ" lower-cases to "i" plus a combining dot, which ends the word).
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      const ch = pair ? text.slice(i, i + 2) : text[i]!;
      if (pair) i++;
      for (const cp of ch.toLowerCase()) {
        if (LETTER_OR_DIGIT.test(cp)) {
          for (let k = 0; k < cp.length; k++) h = Math.imul(h ^ cp.charCodeAt(k), 0x01000193);
          inWord = true;
        } else if (inWord) {
          wh.push(fmix32(h));
          h = FNV_SEED;
          inWord = false;
        }
      }
      continue;
    }
    if (inWord) {
      wh.push(fmix32(h));
      h = FNV_SEED;
      inWord = false;
    }
  }
  if (inWord) wh.push(fmix32(h));
  return wh;
}
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Calls `fn` with the hash of every run of `w` consecutive words (repeats included), in order. */
export function forEachShingle(text: string, w: number, fn: (h: number) => void): void {
  const wh = wordHashes(text);
  if (wh.length < w) return;
  // Polynomial combination of the word hashes (Σ wh[i+j]·P^(w-1-j) mod 2^32), rolled from one run to the next,
  // then a final mix: order-sensitive, and one multiply per word instead of w.
  const P = 0x01000193;
  let top = 1; // P^(w-1) mod 2^32
  for (let j = 1; j < w; j++) top = Math.imul(top, P);
  let h = 0;
  for (let j = 0; j < w; j++) h = (Math.imul(h, P) + wh[j]!) >>> 0;
  for (let i = 0; ; i++) {
    let x = h ^ (h >>> 15);
    x = Math.imul(x, 0x2c1b3c6d);
    x ^= x >>> 12;
    fn(x >>> 0);
    if (i + w >= wh.length) break;
    h = (Math.imul((h - Math.imul(wh[i]!, top)) >>> 0, P) + wh[i + w]!) >>> 0;
  }
}

/** Hashes of every run of `w` consecutive normalised words, deduplicated; only those below `below` when given. */
export function wordShingles(text: string, w: number, below = Infinity): Set<number> {
  const out = new Set<number>();
  forEachShingle(text, w, (h) => { if (h < below) out.add(h); });
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
