// A learned second opinion on injection wording: logistic regression over hashed word unigrams and bigrams,
// trained by `npm run train:model` (bench/train-model.ts) on the labelled corpora's tune halves and on real
// documentation. The hand-written signals catch the shapes someone wrote down and miss paraphrases of them
// (docs/EVAL.md, waves 3-5); the model has seen thousands of attack and benign texts and ranks paraphrases well,
// but it also learns the documents attacks were planted in. So in content it never alerts alone: it only lifts a
// text in which a core signal already fired; in a tool description it may alert alone when near-certain
// (analyse.ts). Its evidence always says it is a model's probability.
import { join } from "node:path";
import { z } from "zod";
import { shippedOnce, shippedPath } from "../../../shared/config/shipped.js";
import { boundedMemo, type Memo } from "./memo.js";

/** Characters of the (normalised, lower-cased) text the model reads: attacks sit early or are repeated. */
export const MODEL_MAX_CHARS = 6000;

/** Quantised weights: weight = int8 × scale, base64 of an Int8Array of 2^bits. */
const Quantised = z.object({ scale: z.number().positive(), weights: z.string() });

const ModelFile = z.object({
  /** 2: CJK runs are read as character bigrams (version 1 read each run as one word). 3: adds `window`. */
  version: z.union([z.literal(2), z.literal(3)]),
  bits: z.number().int().min(10).max(24),
  /** Weight of quantised step: weight = int8 × scale. */
  scale: z.number().positive(),
  bias: z.number(),
  /** base64 of an Int8Array of 2^bits quantised weights. */
  weights: z.string(),
  trained: z.object({ generated: z.string(), attacks: z.number().int(), benign: z.number().int(), command: z.string() }),
  /**
   * The window model (version 3): the same features, read over windows of `tokens` words every `stride` words, and
   * trained as multiple-instance learning: a text is an attack when its most attack-like window is one. It learns
   * what the planted sentence looks like rather than what the document around it looks like.
   */
  window: Quantised.extend({ tokens: z.number().int().min(8).max(512), stride: z.number().int().min(1).max(512) }).optional(),
});
export type ModelFile = z.infer<typeof ModelFile>;

const FNV_OFFSET = 2166136261;
/** FNV-1a state after `s`, continuing from `state`: hashing "a b" equals continuing a's state with " " and "b". */
function fnv(state: number, s: string): number {
  for (let i = 0; i < s.length; i++) { state ^= s.charCodeAt(i); state = Math.imul(state, 16777619); }
  return state;
}

/** FNV-1a, masked to the table size: the same hash at training and at scoring. */
export function featureIndex(s: string, bits: number): number {
  return (fnv(FNV_OFFSET, s) >>> 0) & ((1 << bits) - 1);
}

const TOKEN_RE = /[\p{L}\p{N}_]+|[@~/#$<>[\]{}|]/gu;
const ASCII_TOKEN_RE = /[A-Za-z0-9_]+|[@~/#$<>[\]{}|]/g;
const NON_ASCII_RE = /[^\x00-\x7f]/;
const MAYBE_CJK_RE = /[^\x00-\u2e7f]/;
const SURROGATE_RE = /[\ud800-\udfff]/;
const CJK_TEST_RE = /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]/u;
const CJK_SPLIT_RE = /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]+|[^\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]+/gu;

/** TOKEN_RE's class of every BMP code unit, one byte each (64 kB, built in ~5 ms on the first non-ASCII text). */
let bmpClass: Uint8Array | undefined;
function bmpTable(): Uint8Array {
  if (bmpClass) return bmpClass;
  const t = new Uint8Array(0x10000);
  const word = /[\p{L}\p{N}_]/u;
  const symbol = /[@~/#$<>[\]{}|]/;
  for (let c = 0; c < 0xd800; c++) { const ch = String.fromCharCode(c); t[c] = word.test(ch) ? 1 : symbol.test(ch) ? 2 : 0; }
  for (let c = 0xe000; c < 0x10000; c++) t[c] = word.test(String.fromCharCode(c)) ? 1 : 0;
  return (bmpClass = t);
}

/** lower.match(TOKEN_RE) for text without surrogates, by table lookups: the Unicode-class regex is 3x slower. */
function bmpWords(lower: string): string[] {
  const t = bmpTable();
  const out: string[] = [];
  const n = lower.length;
  for (let i = 0; i < n;) {
    const k = t[lower.charCodeAt(i)]!;
    if (k === 1) {
      let j = i + 1;
      while (j < n && t[lower.charCodeAt(j)] === 1) j++;
      out.push(lower.slice(i, j));
      i = j;
    } else {
      if (k === 2) out.push(lower[i]!);
      i++;
    }
  }
  return out;
}

/**
 * Words of a text. Chinese and Japanese put no spaces between words, so a whole clause would be one "word" that
 * never recurs: their runs are read as overlapping character pairs instead (the usual substitute for a segmenter).
 */
export function tokens(lower: string): string[] {
  // Plain ASCII (most text) needs no Unicode classes: the same words, from a regex several times faster.
  if (!NON_ASCII_RE.test(lower)) return lower.match(ASCII_TOKEN_RE) ?? [];
  const words = SURROGATE_RE.test(lower) ? lower.match(TOKEN_RE) ?? [] : bmpWords(lower);
  // No code point of the three scripts lies below U+2E80: most non-ASCII text skips the script test.
  if (!MAYBE_CJK_RE.test(lower) || !CJK_TEST_RE.test(lower)) return words;
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

export interface WindowModel { tokens: number; stride: number; weights: Float32Array }

export interface Model {
  bits: number; bias: number; weights: Float32Array;
  window?: WindowModel;
  /** Scratch: which features the current text or window already counted (stamp = its number). */
  seen?: Uint32Array; stamp?: number;
}

function dequantise(q64: string, scale: number, bits: number): Float32Array {
  const q = new Int8Array(Buffer.from(q64, "base64").buffer.slice(0));
  if (q.length !== 1 << bits) throw new Error(`injection model: ${q.length} weights, expected ${1 << bits}`);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * scale;
  return weights;
}

export function decodeModel(file: unknown): Model {
  const m = ModelFile.parse(file);
  const model: Model = { bits: m.bits, bias: m.bias, weights: dequantise(m.weights, m.scale, m.bits) };
  if (m.window) model.window = { tokens: m.window.tokens, stride: m.window.stride, weights: dequantise(m.window.weights, m.window.scale, m.bits) };
  return model;
}

/**
 * The windows a text is read in: [from, to) word ranges of `size` words every `stride` words, the last one
 * ending at the text's last word; a text of at most `size` words is one window.
 */
export function windowRanges(words: number, size: number, stride: number): [number, number][] {
  if (words <= size) return [[0, words]];
  const out: [number, number][] = [];
  for (let at = 0; ; at += stride) {
    out.push([at, Math.min(at + size, words)]);
    if (at + size >= words) return out;
  }
}

/**
 * Per word: its unigram, context-prefixed unigram and bigram feature indices, and the context's bias feature; `of`
 * says which text, context and table size they were computed for (both models may read the same text in a row).
 */
interface WordHashes { n: number; bias: number; uni: Int32Array; pre: Int32Array; bi: Int32Array; of?: { lower: string; ctx: string; bits: number } }

/** TOKEN_RE's class of each ASCII code: 1 word character, 2 a symbol read as a word of its own, 0 a separator. */
const ASCII_CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) { const ch = String.fromCharCode(c); t[c] = /[A-Za-z0-9_]/.test(ch) ? 1 : /[@~/#$<>[\]{}|]/.test(ch) ? 2 : 0; }
  return t;
})();

/** Reused per call: content is read by the window model on every event. */
let scratch: WordHashes = { n: 0, bias: 0, uni: new Int32Array(1024), pre: new Int32Array(1024), bi: new Int32Array(1024) };

/** Whether each BMP code unit is Han, Hiragana or Katakana (CJK_TEST_RE), one byte each, built on first use. */
let cjkClass: Uint8Array | undefined;
function cjkTable(): Uint8Array {
  if (cjkClass) return cjkClass;
  const t = new Uint8Array(0x10000);
  for (let c = 0x2e80; c < 0x10000; c++) if ((c < 0xd800 || c >= 0xe000) && CJK_TEST_RE.test(String.fromCharCode(c))) t[c] = 1;
  return (cjkClass = t);
}
const ASTRAL_WORD_RE = /^[\p{L}\p{N}_]$/u;

/**
 * wordHashes() over text with non-ASCII characters, by table lookups (TOKEN_RE's classes, astral characters by
 * their code point); false, having hashed part of it, when the text has Chinese or Japanese, which tokens() reads
 * as character pairs. The words it hashes are tokens()'s.
 */
function fusedNonAscii(text: string, prefixed: number, push: (h: number, hp: number, hb: number) => void): boolean {
  const t = bmpTable(), cj = cjkTable();
  const len = text.length;
  let width = 1;
  /** TOKEN_RE's class of the code point at i (its UTF-16 width in `width`); -1 for Chinese or Japanese. */
  const classAt = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c >= 0xe000) { width = 1; return cj[c] ? -1 : t[c]!; }
    const d = i + 1 < len ? text.charCodeAt(i + 1) : 0;
    if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      width = 2;
      const ch = text.slice(i, i + 2);
      return CJK_TEST_RE.test(ch) ? -1 : ASTRAL_WORD_RE.test(ch) ? 1 : 0;
    }
    width = 1; // a lone surrogate is no letter
    return 0;
  };
  let prev = 0;
  for (let i = 0; i < len;) {
    let k = classAt(i);
    if (k < 0) return false;
    if (k === 0) { i += width; continue; }
    let h = FNV_OFFSET, hp = prefixed, hb = Math.imul(prev ^ 32, 16777619);
    for (;;) {
      for (let q = 0; q < width; q++) {
        const c = text.charCodeAt(i + q);
        h = Math.imul(h ^ c, 16777619); hp = Math.imul(hp ^ c, 16777619); hb = Math.imul(hb ^ c, 16777619);
      }
      i += width;
      if (k === 2 || i >= len) break;
      k = classAt(i);
      if (k < 0) return false;
      if (k !== 1) break;
    }
    push(h, hp, hb);
    prev = h;
  }
  return true;
}

/**
 * Per word of tokens(text): the feature indices featureIndex() gives `w`, `${ctx}${w}` and `${prev} ${w}` (and the
 * text's `${ctx}|bias`), by continuing FNV states instead of building those strings. Hashed as the text is read,
 * without building the words either (ASCII by a 128-entry table, other scripts by the tokenizer's 64 kB one);
 * Chinese and Japanese go through tokens(), which pairs their characters. Writes into a buffer reused across calls.
 */
function wordHashes(lower: string, ctx: "description" | "content", bits: number): WordHashes {
  const of = scratch.of;
  if (of && of.ctx === ctx && of.bits === bits && of.lower === lower) return scratch;
  const text = lower.length > MODEL_MAX_CHARS ? lower.slice(0, MODEL_MAX_CHARS) : lower;
  const mask = (1 << bits) - 1;
  const p = ctx === "description" ? "d" : "c";
  const prefixed = fnv(FNV_OFFSET, p);
  if (scratch.uni.length < text.length) {
    const size = Math.max(text.length, 2 * scratch.uni.length);
    scratch = { n: 0, bias: 0, uni: new Int32Array(size), pre: new Int32Array(size), bi: new Int32Array(size) };
  }
  const { uni, pre, bi } = scratch;
  let n = 0, prev = 0;
  const push = (h: number, hp: number, hb: number): void => {
    uni[n] = (h >>> 0) & mask; pre[n] = (hp >>> 0) & mask; bi[n] = (hb >>> 0) & mask; n++;
  };
  const len = text.length;
  if (!NON_ASCII_RE.test(text)) {
    for (let i = 0; i < len;) {
      const k = ASCII_CLASS[text.charCodeAt(i)]!;
      if (k === 0) { i++; continue; }
      let h = FNV_OFFSET, hp = prefixed, hb = Math.imul(prev ^ 32, 16777619);
      do {
        const c = text.charCodeAt(i++);
        h = Math.imul(h ^ c, 16777619); hp = Math.imul(hp ^ c, 16777619); hb = Math.imul(hb ^ c, 16777619);
      } while (k === 1 && i < len && ASCII_CLASS[text.charCodeAt(i)] === 1);
      push(h, hp, hb);
      prev = h;
    }
  } else if (!fusedNonAscii(text, prefixed, push)) {
    // Chinese or Japanese: their runs become character pairs (tokens()), hashed word by word.
    n = 0; prev = 0;
    for (const w of tokens(text)) {
      let h = FNV_OFFSET, hp = prefixed, hb = Math.imul(prev ^ 32, 16777619);
      for (let k = 0; k < w.length; k++) {
        const c = w.charCodeAt(k);
        h = Math.imul(h ^ c, 16777619); hp = Math.imul(hp ^ c, 16777619); hb = Math.imul(hb ^ c, 16777619);
      }
      push(h, hp, hb);
      prev = h;
    }
  }
  scratch.n = n;
  scratch.bias = (fnv(FNV_OFFSET, `${p}|bias`) >>> 0) & mask;
  scratch.of = { lower, ctx, bits };
  return scratch;
}

/** The distinct features of words [from, to): the bias, unigrams, prefixed unigrams, and bigrams but the first word's. */
function rangeSet(f: WordHashes, from: number, to: number): Set<number> {
  const s = new Set<number>([f.bias]);
  for (let i = from; i < to; i++) { s.add(f.uni[i]!); s.add(f.pre[i]!); if (i > from) s.add(f.bi[i]!); }
  return s;
}

/**
 * The distinct feature indices of a text (what the whole-text model is trained on: presence, not counts): a
 * per-context bias, every token (also prefixed by its context, since "must" means something else in a description
 * than in a document), and every adjacent token pair.
 */
export function features(lower: string, ctx: "description" | "content", bits: number): Set<number> {
  const f = wordHashes(lower, ctx, bits);
  return rangeSet(f, 0, f.n);
}

/**
 * The distinct feature indices of each window of a text: what features() gives for the window's words alone (its
 * first word has no bigram with the word before the window). What the window model is trained on. Presence, not
 * counts, as for the whole-text model: trained on counts, the window model put 8 of 8,333 held-out documentation
 * chunks above 0.995 (0 on presence), a long document's repeated words adding up.
 */
export function windowFeatures(lower: string, ctx: "description" | "content", bits: number, size: number, stride: number): Set<number>[] {
  const f = wordHashes(lower, ctx, bits);
  return windowRanges(f.n, size, stride).map(([from, to]) => rangeSet(f, from, to));
}

/**
 * The logit of words [from, to) under `weights`, each distinct feature counted once (as in training) through the
 * model's stamp table instead of a Set per text.
 */
function rangeLogit(model: Model, weights: Float32Array, f: WordHashes, from: number, to: number): number {
  const seen = (model.seen ??= new Uint32Array(model.weights.length));
  const stamp = (model.stamp = ((model.stamp ?? 0) + 1) >>> 0 || 1);
  if (stamp === 1) seen.fill(0);
  const { uni, pre, bi } = f;
  let z = model.bias + weights[f.bias]!;
  seen[f.bias] = stamp;
  for (let i = from; i < to; i++) {
    let k = uni[i]!;
    if (seen[k] !== stamp) { seen[k] = stamp; z += weights[k]!; }
    k = pre[i]!;
    if (seen[k] !== stamp) { seen[k] = stamp; z += weights[k]!; }
    if (i > from) { k = bi[i]!; if (seen[k] !== stamp) { seen[k] = stamp; z += weights[k]!; } }
  }
  return z;
}

/** The window model's probability for the text's most attack-like window: words [from, to) of `windows`. */
export interface WindowScore { p: number; from: number; to: number; windows: number }

/**
 * The [start, end) characters of `lower` that words [from, to) were read from: each word looked for after the
 * previous one (after its start, for the overlapping character pairs of Chinese and Japanese). For evidence only,
 * so the words are built here, not while scoring.
 */
export function windowSpan(lower: string, w: { from: number; to: number }): [number, number] {
  const words = tokens(lower.slice(0, MODEL_MAX_CHARS));
  let start = 0, end = 0, prevStart = -1;
  for (let i = 0; i < w.to && i < words.length; i++) {
    const word = words[i]!;
    let at = lower.indexOf(word, end);
    if (at < 0) at = lower.indexOf(word, prevStart + 1);
    if (at < 0) break;
    if (i === w.from) start = at;
    prevStart = at;
    end = at + word.length;
  }
  return [start, Math.max(start, end)];
}

/** Reads content through the window model; null when the model file has none. */
export function windowScore(model: Model, lower: string): WindowScore | null {
  const wm = model.window;
  if (!wm) return null;
  const f = wordHashes(lower, "content", model.bits);
  let best = -Infinity, bestFrom = 0, bestTo = 0;
  const ranges = windowRanges(f.n, wm.tokens, wm.stride);
  for (const [from, to] of ranges) {
    const z = rangeLogit(model, wm.weights, f, from, to);
    if (z > best) { best = z; bestFrom = from; bestTo = to; }
  }
  return { p: 1 / (1 + Math.exp(-best)), from: bestFrom, to: bestTo, windows: ranges.length };
}

/** Probability that the text is an injection, by the model. */
export function modelScore(model: Model, lower: string, ctx: "description" | "content"): number {
  const score = (): number => {
    const f = wordHashes(lower, ctx, model.bits);
    return 1 / (1 + Math.exp(-rangeLogit(model, model.weights, f, 0, f.n)));
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

/** The shipped model, loaded once; null (and one warning) when the file is absent: signals alone then decide. */
export const shippedModel = shippedOnce(modelPath, decodeModel, { event: "detector_model_missing", effect: "the learned model does not lift core signals" });
