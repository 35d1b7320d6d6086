// A learned second opinion on injection wording: logistic regression over hashed word unigrams and bigrams,
// trained by `npm run train:model` (bench/train-model.ts) on the labelled corpora's tune halves and on real
// documentation. The hand-written signals catch the shapes someone wrote down and miss paraphrases of them
// (docs/EVAL.md, waves 3-5); the model has seen thousands of attack and benign texts and ranks paraphrases well,
// but it also learns the documents attacks were planted in. So in content it never alerts alone: it only lifts a
// text in which a core signal already fired; in a tool description it may alert alone when near-certain
// (analyse.ts). Its evidence always says it is a model's probability.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { shippedPath } from "../../../shared/config/shipped.js";
import { logEvent } from "../../../shared/observability/log.js";
import { boundedMemo, type Memo } from "./memo.js";

/** Characters of the (normalised, lower-cased) text the model reads: attacks sit early or are repeated. */
export const MODEL_MAX_CHARS = 6000;

const ModelFile = z.object({
  /** 2: CJK runs are read as character bigrams (version 1 read each run as one word). */
  version: z.literal(2),
  bits: z.number().int().min(10).max(24),
  /** Weight of quantised step: weight = int8 × scale. */
  scale: z.number().positive(),
  bias: z.number(),
  /** base64 of an Int8Array of 2^bits quantised weights. */
  weights: z.string(),
  trained: z.object({ generated: z.string(), attacks: z.number().int(), benign: z.number().int(), command: z.string() }),
});
export type ModelFile = z.infer<typeof ModelFile>;

/** FNV-1a, masked to the table size: the same hash at training and at scoring. */
export function featureIndex(s: string, bits: number): number {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) { x ^= s.charCodeAt(i); x = Math.imul(x, 16777619); }
  return (x >>> 0) & ((1 << bits) - 1);
}

const TOKEN_RE = /[\p{L}\p{N}_]+|[@~/#$<>[\]{}|]/gu;
const CJK_TEST_RE = /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]/u;
const CJK_SPLIT_RE = /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]+|[^\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]+/gu;

/**
 * Words of a text. Chinese and Japanese put no spaces between words, so a whole clause would be one "word" that
 * never recurs: their runs are read as overlapping character pairs instead (the usual substitute for a segmenter).
 */
export function tokens(lower: string): string[] {
  const words = lower.match(TOKEN_RE) ?? [];
  if (!CJK_TEST_RE.test(lower)) return words;
  const out: string[] = [];
  for (const w of words) {
    if (!CJK_TEST_RE.test(w)) { out.push(w); continue; }
    for (const part of w.match(CJK_SPLIT_RE) ?? []) {
      if (!CJK_TEST_RE.test(part)) { out.push(part); continue; }
      const chars = [...part];
      if (chars.length === 1) out.push(part);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

/**
 * The distinct feature indices of a text: a per-context bias, every token (also prefixed by its context, since
 * "must" means something else in a description than in a document), and every adjacent token pair.
 */
export function features(lower: string, ctx: "description" | "content", bits: number): Set<number> {
  const words = tokens(lower.slice(0, MODEL_MAX_CHARS));
  const p = ctx === "description" ? "d" : "c";
  const out = new Set<number>([featureIndex(`${p}|bias`, bits)]);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out.add(featureIndex(w, bits));
    out.add(featureIndex(p + w, bits));
    if (i + 1 < words.length) out.add(featureIndex(`${w} ${words[i + 1]!}`, bits));
  }
  return out;
}

export interface Model { bits: number; bias: number; weights: Float32Array }

export function decodeModel(file: unknown): Model {
  const m = ModelFile.parse(file);
  const q = new Int8Array(Buffer.from(m.weights, "base64").buffer.slice(0));
  if (q.length !== 1 << m.bits) throw new Error(`injection model: ${q.length} weights, expected ${1 << m.bits}`);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * m.scale;
  return { bits: m.bits, bias: m.bias, weights };
}

/** Probability that the text is an injection, by the model. */
export function modelScore(model: Model, lower: string, ctx: "description" | "content"): number {
  const score = (): number => {
    let z = model.bias;
    for (const i of features(lower, ctx, model.bits)) z += model.weights[i]!;
    return 1 / (1 + Math.exp(-z));
  };
  if (ctx !== "description") return score();
  // Tool definitions come back on every tools/list: the same descriptions are scored again and again.
  let memo = descriptionMemo.get(model);
  if (!memo) descriptionMemo.set(model, (memo = boundedMemo(1024)));
  return memo.get(lower, score);
}

/** Scores of recently seen descriptions, per model. */
const descriptionMemo = new WeakMap<Model, Memo<string, number>>();

/** Where the shipped model lives: `models/` beside package.json (the same from source and from dist/). */
export const modelPath = (): string => shippedPath(join("models", "injection-model.json"));

let loaded: Model | null | undefined;
/** The shipped model, loaded once; null (and one warning) when the file is absent: signals alone then decide. */
export function shippedModel(): Model | null {
  if (loaded === undefined) {
    const path = modelPath();
    try { loaded = decodeModel(JSON.parse(readFileSync(path, "utf8"))); } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      logEvent("warn", "detector_model_missing", { path, effect: "the learned model does not lift core signals" });
      loaded = null;
    }
  }
  return loaded;
}
