// `npm run train:model`: trains the learned injection model (services/detector/signals/learned.ts) and writes
// models/injection-model.json. Deterministic: same corpora, same weights.
// Attacks and benign texts: Geiger's own tune split and early waves, the returned content (not the descriptions) of
// every later wave that has left NEVER_READ (both halves; `--cv-authors` is why), never the `holdout` split, wave 5
// or a never-read wave; the training-only corpora in eval/train/ (eleven authors who wrote no eval case), the TUNE half
// of the third-party corpus (`npm run eval:external`, cached packages; its blind half is never trained on), and
// every other file of this machine's /usr/share/doc, Python standard library and man pages in 3 kB chunks (the rest
// is held out). Prints the held-out figures; docs/EVAL.md and docs/detection.md quote them.
// Usage: node --import tsx bench/train-model.ts [--no-write | --cv | --cv-authors | --cv-files gen-f,gen-g]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setLogLevel } from "../shared/observability/log.js";
import { features, modelPath, windowFeatures, type ModelFile } from "../services/detector/signals/learned.js";
import { normalise } from "../services/detector/text/normalise.js";
import { contentTrained, loadCorpus, MODEL_TRAINED_SPLITS, modelTrainsOn, SPLITS } from "./eval.js";
import { buildCases } from "./external-eval.js";
import { docChunks as chunks, localFiles, MAN_PAGES, shortParagraphs } from "./local-files.js";

const BITS = 17;
const EPOCHS = 8;
/** Training runs over different sample orders whose weights are averaged. */
const RUNS = 5;
/**
 * Extra weight of the third-party corpus's attacks (chosen by `--cv`, see crossValidate): 2 until the sixteenth session;
 * with the waves' content in the training set, 3 matched weight 2's held-fold recall with fewer false alarms.
 */
const EXTERNAL_ATTACK_WEIGHT = 3;
/**
 * Splits of the eval corpus trained on whole: the own tune set and the early waves. Of the other splits, since the
 * sixteenth session, the returned content of waves that left NEVER_READ is trained on too (modelTrainsOn in
 * eval.ts): `--cv-authors` trains on one group of those waves' authors and scores the other group, and other
 * authors' content lifted held-out content on both sides while their descriptions lowered held-out tool poisoning,
 * so descriptions stay out. The never-read waves, the own holdout and wave 5 stay held out.
 */
const TRAINED_SPLITS = MODEL_TRAINED_SPLITS;
const BLIND_SPLITS: ReadonlySet<string> = new Set(SPLITS.filter((s) => !TRAINED_SPLITS.has(s)));
/**
 * Third-party sources whose tune half is not trained on. Spikee's ~400 tune attacks are ~30 short templates crossed
 * with a few instructions in one e-mail: trained on at the third party's weight they lowered the never-read waves
 * (injections 81 → 75-78 of 146) while lifting Spikee's own blind half, so its shapes were written as signals
 * instead (docs/detection.md, fourteenth session). Its blind half is still scored below as held out.
 */
const UNTRAINED_ORIGINS: ReadonlySet<string> = new Set(["spikee", "spikee-benign"]);
/** Training-only corpora (eval/train/*.jsonl): written for training by authors who wrote none of the eval cases. */
const TRAIN_DIR = join(import.meta.dirname, "..", "eval", "train");

/**
 * The window model's windows: 64 words (a planted paragraph and a little of what surrounds it) every 32 words.
 * Smaller windows (24-32 words) lost most held-out attacks; larger ones read like the whole-text model.
 */
const WINDOW = { tokens: 64, stride: 32 };

/** `f`: the whole text's features; `wins`: each window's (a description is one window: its whole text). */
interface Sample { f: Set<number>; wins: Set<number>[]; y: 0 | 1; from: string; desc: boolean; ext?: boolean; split?: string; file?: string }
const isDescription = (scope: string): boolean => /description|instructions/.test(scope);
const sample = (text: string, scope: string, y: 0 | 1, from: string): Sample => {
  const lower = normalise(text.slice(0, 20_000)).lower;
  const desc = isDescription(scope);
  const f = features(lower, desc ? "description" : "content", BITS);
  return { f, wins: desc ? [f] : windowFeatures(lower, "content", BITS, WINDOW.tokens, WINDOW.stride), y, from, desc };
};


const prob = (f: Set<number>, w: Float64Array): number => { let z = 0; for (const i of f) z += w[i]!; return 1 / (1 + Math.exp(-z)); };
/** The window model's probability: its most attack-like window's. */
const windowProb = (s: Sample, w: Float64Array): number => { let p = 0; for (const x of s.wins) p = Math.max(p, prob(x, w)); return p; };
/** The window a step of multiple-instance training moves: the bag's most attack-like one, whatever its label. */
const topWindow = (s: Sample, w: Float64Array): Set<number> => {
  let best = s.wins[0]!, z = -Infinity;
  for (const x of s.wins) { let v = 0; for (const i of x) v += w[i]!; if (v > z) { z = v; best = x; } }
  return best;
};

/**
 * Logistic regression, plain SGD with a decaying rate; attacks weighted up (they are ~1 in 6 samples), the
 * third-party corpus's attacks by `extWeight` more. One run's weights depend on the order it saw the samples in;
 * the average of RUNS runs over different orders does not (much): a held-out figure then moves because the data
 * moved, not because the shuffle did. Shuffles `train` in place (deterministically).
 */
function fit(train: Sample[], extWeight: number, windows = false): Float64Array {
  const w = new Float64Array(1 << BITS);
  const pos = train.filter((s) => s.y === 1).length;
  const classWeight = [1, (train.length - pos) / pos / 4];
  for (let run = 0; run < RUNS; run++) {
    const v = new Float64Array(1 << BITS);
    let rate = 0.2;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      // Deterministic shuffle (Fisher-Yates with a fixed LCG).
      let seed = 7919 + epoch + 1000 * run;
      for (let i = train.length - 1; i > 0; i--) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        const j = seed % (i + 1);
        [train[i], train[j]] = [train[j]!, train[i]!];
      }
      for (const s of train) {
        // Multiple-instance learning with max pooling: an attack's top window is pushed up (its planted sentence,
        // once the model finds it), a benign text's top window down (the hardest part of an honest document).
        const f = windows ? topWindow(s, v) : s.f;
        const g = (prob(f, v) - s.y) * classWeight[s.y]! * (s.ext && s.y === 1 ? extWeight : 1);
        for (const i of f) v[i]! -= rate * (g + 1e-6 * v[i]!);
      }
      rate *= 0.7;
    }
    for (let i = 0; i < w.length; i++) w[i]! += v[i]! / RUNS;
  }
  return w;
}

/**
 * `--cv`: chooses EXTERNAL_ATTACK_WEIGHT without the blind halves. The third-party TUNE half is split in two by
 * sample order; each half is held out in turn while the model trains on everything else, and scored at the
 * detector's operating points. Prints; writes nothing.
 */
function crossValidate(train: Sample[]): void {
  const ext = train.filter((s) => s.ext).sort((a, b) => (a.from + a.f.size).localeCompare(b.from + b.f.size));
  const folds = [ext.filter((_, i) => i % 2 === 0), ext.filter((_, i) => i % 2 === 1)];
  for (const weight of [1, 2, 3, 4]) {
    const n = newCounts();
    for (const fold of folds) {
      const out = new Set(fold);
      const t = train.filter((s) => !out.has(s));
      count(n, fold, fit([...t], weight), fit([...t], weight, true));
    }
    console.log(`external attack weight ${weight}: ${describe(n)}`);
  }
}

/** Held-out counts at the detector's operating points: attacks / benign above the threshold, and their totals. */
interface Counts { ca: number; cA: number; cb: number; cB: number; wa: number; wb: number; da: number; dA: number; db: number; dB: number }
const newCounts = (): Counts => ({ ca: 0, cA: 0, cb: 0, cB: 0, wa: 0, wb: 0, da: 0, dA: 0, db: 0, dB: 0 });

/** The whole-text model `w` at 0.95 in content and 0.99 in descriptions, the window model `ww` at 0.998 in content. */
function count(n: Counts, scored: readonly Sample[], w: Float64Array, ww: Float64Array): void {
  for (const s of scored) {
    if (s.desc) { const hit = prob(s.f, w) > 0.99; if (s.y) { n.dA++; if (hit) n.da++; } else { n.dB++; if (hit) n.db++; } continue; }
    const hit = prob(s.f, w) > 0.95, wh = windowProb(s, ww) > 0.998;
    if (s.y) { n.cA++; if (hit) n.ca++; if (wh) n.wa++; } else { n.cB++; if (hit) n.cb++; if (wh) n.wb++; }
  }
}

const describe = (n: Counts): string =>
  `content: whole-text model ${n.ca}/${n.cA} attacks, ${n.cb}/${n.cB} benign above 0.95; window model ${n.wa}/${n.cA}, ${n.wb}/${n.cB} above 0.998. descriptions: ${n.da}/${n.dA}, ${n.db}/${n.dB} above 0.99`;

/**
 * Training orders each check is averaged over. One model's counts at these tail thresholds move with the order its
 * samples came in: over four rotations of one training set (seventeenth session) the whole-text model caught 419-436
 * of the read waves' 703 attacks, the window model 267-296, so one comparison of two sets was partly noise.
 */
const ORDERS = 4;

/**
 * Trains both models on `train` (at the shipped third-party weight; once per rotation of its order, ORDERS, the
 * counts averaged) and scores `scored`, and the held-out
 * documentation chunks `docs`: texts unlike the waves', where training data that suits the waves can still raise
 * false alarms (the sixteenth session's training-only texts did, in `eval:benign`). The window model is counted
 * there from 0.99, below its alerting threshold, because a handful of chunks is all it takes.
 */
function operatingPoints(scored: readonly Sample[], train: readonly Sample[], docs: readonly Sample[], short: readonly Sample[]): string {
  const n = newCounts();
  let whole = 0, win = 0, shortWhole = 0, shortWin = 0;
  for (let k = 0; k < ORDERS; k++) {
    const at = Math.floor((k * train.length) / ORDERS);
    const t = [...train.slice(at), ...train.slice(0, at)];
    const w = fit([...t], EXTERNAL_ATTACK_WEIGHT), ww = fit(t, EXTERNAL_ATTACK_WEIGHT, true);
    count(n, scored, w, ww);
    whole += docs.filter((s) => prob(s.f, w) > 0.95).length;
    win += docs.filter((s) => windowProb(s, ww) > 0.99).length;
    // Short paragraphs at the levels where each model can alert on content without a core signal (analyse.ts).
    shortWhole += short.filter((s) => prob(s.f, w) > 0.99).length;
    shortWin += short.filter((s) => windowProb(s, ww) > (s.wins.length === 1 ? 0.9998 : 0.998)).length;
  }
  const mean = (x: number): number => Math.round((10 * x) / ORDERS) / 10;
  const m = Object.fromEntries(Object.entries(n).map(([k, v]) => [k, mean(v)])) as unknown as Counts;
  return `${describe(m)}. held-out documentation: whole-text model ${mean(whole)}, window model ${mean(win)} of ${docs.length} above 0.95 / 0.99; ` +
    `short paragraphs: whole-text model ${mean(shortWhole)}, window model ${mean(shortWin)} of ${short.length} above 0.99 / 0.9998 (one window) or 0.998`;
}

const DOCS_HELD = "docs, Python, man (odd files)";
/**
 * Short paragraphs (80-600 characters) of the same held-out files, one in every few: the size of a one-line mail,
 * a log line or a short tool result, where the chunks above are 3 kB. The sixteenth session's training-only texts
 * passed the chunk count and still raised false alarms on short honest texts (unit tests, eval:benign).
 */
const SHORT_HELD = "short paragraphs of the odd files";
const SHORT_PARAGRAPHS = 3000;

/** A sample of a wave that has left NEVER_READ (the early, wholly trained waves aside): the cross-author checks' pool. */
const ofReadWave = (s: Sample): boolean => s.split !== undefined && contentTrained(s.split) && !TRAINED_SPLITS.has(s.split);

/**
 * `--cv-authors`: does training on other authors' returned content help on authors the model never saw? The waves
 * that left NEVER_READ are dealt alternately into two groups of authors; each group is scored by a model trained
 * without any of them and by one trained on the other group's content (or also its descriptions), at the
 * detector's operating points (whole-text model 0.95 in content, 0.99 in descriptions; window model 0.998).
 * Prints; writes nothing. The never-read waves are not used.
 */
function crossValidateAuthors(train: Sample[], held: Record<string, Sample[]>): void {
  const pool = [...train, ...Object.values(held).flat()].filter(ofReadWave);
  const waves = [...new Set(pool.map((s) => s.split!.replace(/_[ab]$/, "")))];
  const base = train.filter((s) => !ofReadWave(s));
  const groups = [waves.filter((_, i) => i % 2 === 0), waves.filter((_, i) => i % 2 === 1)];
  const inGroup = (s: Sample, g: string[]): boolean => s.split !== undefined && g.includes(s.split.replace(/_[ab]$/, ""));
  console.log(`two groups of authors: ${groups.map((g) => g.join(" ")).join(" | ")}`);
  for (const [k, g] of groups.entries()) {
    const other = groups[1 - k]!;
    // Both halves of the group's waves, content and descriptions.
    const scored = pool.filter((s) => inGroup(s, g));
    const extra = (desc: boolean): Sample[] => pool.filter((s) => inGroup(s, other) && (desc || !s.desc));
    for (const [name, t] of [["without either group", base], ["+ the other group's content", [...base, ...extra(false)]], ["+ its content and descriptions", [...base, ...extra(true)]]] as const) {
      console.log(`group ${k + 1}, model ${name.padEnd(31)} ${operatingPoints(scored, t, held[DOCS_HELD]!, held[SHORT_HELD]!)}`);
    }
  }
}

/**
 * `--cv-files gen-f,gen-g`: do these files of eval/train/ help on authors they did not come from? Models trained
 * without the read waves, with and without the files, scored on every read wave (content at 0.95 and window 0.998,
 * descriptions at 0.99). Prints; writes nothing.
 */
function crossValidateFiles(train: Sample[], held: Record<string, Sample[]>, files: string[]): void {
  const scored = [...train, ...Object.values(held).flat()].filter(ofReadWave);
  const isNew = (s: Sample): boolean => s.file !== undefined && files.includes(s.file);
  const base = train.filter((s) => !ofReadWave(s) && !isNew(s));
  const extra = train.filter(isNew);
  console.log(`${extra.length} samples in ${files.join(", ")}; scored on ${scored.length} samples of the read waves`);
  for (const [name, t] of [["without the files", base], ["with the files", [...base, ...extra]]] as const) {
    console.log(`model ${name.padEnd(18)} ${operatingPoints(scored, t, held[DOCS_HELD]!, held[SHORT_HELD]!)}`);
  }
}

function main(): void {
  setLogLevel("silent");
  const train: Sample[] = [];
  const held: Record<string, Sample[]> = Object.fromEntries([...BLIND_SPLITS, "external blind", DOCS_HELD, SHORT_HELD].map((k) => [k, []]));
  for (const c of loadCorpus()) (modelTrainsOn(c.split!, c.scope) ? train : held[c.split!]!).push({ ...sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.id), split: c.split! });
  for (const f of readdirSync(TRAIN_DIR).filter((x) => x.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(TRAIN_DIR, f), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as { id: string; label: "attack" | "benign"; scope: string; text: string };
      train.push({ ...sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.id), file: f.replace(/\.jsonl$/, "") });
    }
  }
  for (const c of buildCases()) {
    if (c.split === "tune" && UNTRAINED_ORIGINS.has(c.origin)) continue;
    (c.split === "tune" ? train : held["external blind"]!).push({ ...sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.origin), ext: true });
  }
  const docs = [
    ...localFiles("/usr/share/doc", (f) => /(?:\.md|\.txt|README[^/]*|NEWS[^/]*)$/i.test(f), 3000),
    ...localFiles("/usr/lib/python3.11", (f) => f.endsWith(".py"), 600),
    // Manual pages in ten languages: without them the window model read any long Spanish, Italian or Japanese
    // document as an attack (the attack corpora have many languages, the honest documents were nearly all English).
    ...localFiles(MAN_PAGES.root, MAN_PAGES.take, MAN_PAGES.maxFiles),
  ];
  docs.forEach((f, i) => { for (const t of chunks(f)) (i % 2 === 0 ? train : held[DOCS_HELD]!).push(sample(t, "tool_result", 0, "doc")); });
  const shortOnes = docs.filter((_, i) => i % 2 === 1).flatMap((f) => chunks(f).flatMap(shortParagraphs));
  const step = Math.max(1, Math.floor(shortOnes.length / SHORT_PARAGRAPHS));
  for (let k = 0; k < shortOnes.length && held[SHORT_HELD]!.length < SHORT_PARAGRAPHS; k += step) held[SHORT_HELD]!.push(sample(shortOnes[k]!, "tool_result", 0, "doc"));

  if (process.argv.includes("--cv")) return crossValidate(train);
  if (process.argv.includes("--cv-authors")) return crossValidateAuthors(train, held);
  const cvFiles = process.argv.indexOf("--cv-files");
  if (cvFiles > 0) return crossValidateFiles(train, held, (process.argv[cvFiles + 1] ?? "").split(","));
  const pos = train.filter((s) => s.y === 1).length;
  const w = fit(train, EXTERNAL_ATTACK_WEIGHT);
  const ww = fit(train, EXTERNAL_ATTACK_WEIGHT, true);
  const quantise = (v: Float64Array): { scale: number; q: Int8Array } => {
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    const scale = max / 127;
    const q = new Int8Array(v.length);
    for (let i = 0; i < v.length; i++) { q[i] = Math.round(v[i]! / scale); v[i] = q[i]! * scale; }
    return { scale, q };
  };
  const whole = quantise(w), win = quantise(ww);

  console.log(`trained on ${train.length} samples (${pos} attacks), ${1 << BITS} hashed features, ${whole.q.filter((x) => x !== 0).length} non-zero (window model: ${win.q.filter((x) => x !== 0).length})`);
  console.log("held out, the model alone: attacks above p / benign above p (the detector lifts content at 0.95, alerts on descriptions at 0.99)");
  const report = (p: (s: Sample) => number, th: number[], descriptions: boolean[]): void => {
    for (const [name, set] of Object.entries(held)) {
      for (const desc of descriptions) {
        const a = set.filter((s) => s.y === 1 && s.desc === desc);
        const b = set.filter((s) => s.y === 0 && s.desc === desc);
        if (a.length + b.length === 0) continue;
        const at = (t: number): string => `${a.filter((s) => p(s) > t).length}/${a.length} ${b.filter((s) => p(s) > t).length}/${b.length}`;
        console.log(`  ${`${name}, ${desc ? "descriptions" : "content"}`.padEnd(40)} ${th.map((t) => `p>${t}: ${at(t).padEnd(14)}`).join(" ")}`);
      }
    }
  };
  report((s) => prob(s.f, w), [0.5, 0.95, 0.99], [true, false]);
  console.log("held out, the window model alone on content: its top window above p (the detector alerts alone at 0.998, at 0.9998 on a text of one window)");
  report((s) => windowProb(s, ww), [0.95, 0.99, 0.995, 0.999], [false]);
  if (process.argv.includes("--no-write")) return;
  const file: ModelFile = {
    version: 3, bits: BITS, scale: whole.scale, bias: 0, weights: Buffer.from(whole.q.buffer).toString("base64"),
    trained: { generated: new Date().toISOString().slice(0, 10), attacks: pos, benign: train.length - pos, command: "npm run train:model" },
    window: { ...WINDOW, scale: win.scale, weights: Buffer.from(win.q.buffer).toString("base64") },
  };
  writeFileSync(modelPath(), `${JSON.stringify(file)}\n`);
  console.log(`wrote ${modelPath()}`);
}

main();
