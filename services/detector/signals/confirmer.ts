// A second model of another kind, asked only to confirm the window model (learned.ts). The window model reads
// hashed words and knows the words it was trained on; the confirmer reads word pieces through vectors distilled
// from a pretrained sentence encoder (all-MiniLM-L6-v2), which place paraphrases near each other whatever words
// they use. Their mistakes differ, so a passage both find attack-like can alert at a window probability far below
// the one at which the window model alerts alone (analyse.ts): on authors nobody read, that agreement caught
// attacks the window model alone missed without flagging held-out documentation (docs/detection.md, thirteenth
// session). Trained by bench/confirmer/train.py; models/confirmer.json. Absent file: no confirmation, no error.
import { join } from "node:path";
import { z } from "zod";
import { shippedOnce, shippedPath } from "../../../shared/config/shipped.js";
import { MODEL_MAX_CHARS } from "./learned.js";
import { vocabOf, wordPieces, type Vocab } from "./wordpiece.js";


const ConfirmerFile = z.object({
  version: z.literal(1),
  encoder: z.string(),
  trained: z.object({ generated: z.string(), texts: z.number().int(), command: z.string() }),
  dim: z.number().int().min(1).max(1024),
  window: z.number().int().min(1).max(512),
  stride: z.number().int().min(1).max(512),
  vocab: z.array(z.string()).min(1),
  /** Word-piece vectors, row-major vocab × dim, int8 × scale. */
  table: z.object({ scale: z.number().positive(), int8: z.string() }),
  /** Per word piece, its weight in a window's mean × 255. */
  weights: z.object({ uint8: z.string() }),
  hidden: z.number().int().min(1).max(4096),
  /** float32, dim × hidden (row-major), hidden, hidden. */
  w1: z.string(), b1: z.string(), w2: z.string(), b2: z.number(),
});

export interface Confirmer {
  vocab: Vocab; dim: number; window: number; stride: number; hidden: number;
  table: Int8Array; scale: number; weights: Float32Array;
  w1: Float32Array; b1: Float32Array; w2: Float32Array; b2: number;
}

const f32 = (b64: string, n: number, what: string): Float32Array => {
  const b = Buffer.from(b64, "base64");
  if (b.length !== n * 4) throw new Error(`confirmer: ${what} has ${b.length / 4} values, expected ${n}`);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
};

export function decodeConfirmer(file: unknown): Confirmer {
  const m = ConfirmerFile.parse(file);
  const v = m.vocab.length;
  const tb = Buffer.from(m.table.int8, "base64");
  if (tb.length !== v * m.dim) throw new Error(`confirmer: table has ${tb.length} values, expected ${v * m.dim}`);
  const wb = Buffer.from(m.weights.uint8, "base64");
  if (wb.length !== v) throw new Error(`confirmer: ${wb.length} weights for ${v} word pieces`);
  const weights = new Float32Array(v);
  for (let i = 0; i < v; i++) weights[i] = wb[i]! / 255;
  return {
    vocab: vocabOf(m.vocab), dim: m.dim, window: m.window, stride: m.stride, hidden: m.hidden,
    table: new Int8Array(tb.buffer.slice(tb.byteOffset, tb.byteOffset + tb.length)), scale: m.table.scale, weights,
    w1: f32(m.w1, m.dim * m.hidden, "w1"), b1: f32(m.b1, m.hidden, "b1"), w2: f32(m.w2, m.hidden, "w2"), b2: m.b2,
  };
}

/** The classifier's probability for one window's unit vector. */
function classify(c: Confirmer, x: Float32Array): number {
  let z = c.b2;
  for (let h = 0; h < c.hidden; h++) {
    let a = c.b1[h]!;
    for (let d = 0; d < c.dim; d++) a += x[d]! * c.w1[d * c.hidden + h]!;
    if (a > 0) z += a * c.w2[h]!;
  }
  return 1 / (1 + Math.exp(-z));
}

/**
 * The confirmer's probability for a text: its most attack-like window of `window` word pieces every `stride`
 * (a description is read whole). Each window is the weighted mean of its pieces' vectors, at unit length.
 */
export function confirmScore(c: Confirmer, lower: string, description = false): number {
  // The characters the window model reads, and the confirmer was trained on.
  const ids = wordPieces(lower.length > MODEL_MAX_CHARS ? lower.slice(0, MODEL_MAX_CHARS) : lower, c.vocab);
  const spans: [number, number][] = [];
  if (description || ids.length <= c.window) spans.push([0, ids.length]);
  else for (let s = 0; s < Math.max(1, ids.length - (c.window >> 1)); s += c.stride) spans.push([s, Math.min(ids.length, s + c.window)]);
  const x = new Float32Array(c.dim);
  let best = 0;
  for (const [from, to] of spans) {
    x.fill(0);
    for (let i = from; i < to; i++) {
      const id = ids[i]!, w = c.weights[id]! * c.scale;
      if (w === 0) continue;
      const row = id * c.dim;
      for (let d = 0; d < c.dim; d++) x[d]! += c.table[row + d]! * w;
    }
    let n = 0;
    for (let d = 0; d < c.dim; d++) n += x[d]! * x[d]!;
    if (n > 0) { n = 1 / Math.sqrt(n); for (let d = 0; d < c.dim; d++) x[d]! *= n; }
    best = Math.max(best, classify(c, x));
  }
  return best;
}

export const confirmerPath = (): string => shippedPath(join("models", "confirmer.json"));

/** The shipped confirmer, loaded on first use; null (one warning) when its file is absent. */
export const shippedConfirmer = shippedOnce(confirmerPath, decodeConfirmer, { event: "detector_confirmer_missing", effect: "the window model alerts only alone, at its own threshold" });
