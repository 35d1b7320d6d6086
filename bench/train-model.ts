// `npm run train:model`: trains the learned injection model (services/detector/signals/learned.ts) and writes
// models/injection-model.json. Deterministic: same corpora, same weights.
// Attacks and benign texts: Geiger's own eval corpus except its `holdout` split and waves 5-9 (kept out, each
// reported on its own), the training-only corpora in eval/train/ (seven authors who wrote no eval case), the TUNE half
// of the third-party corpus (`npm run eval:external`, cached packages; its blind half is never trained on), and
// every other file of this machine's /usr/share/doc and Python standard library in 3 kB chunks (the rest is held
// out). Prints the held-out figures; docs/EVAL.md and docs/detection.md quote them.
// Usage: node --import tsx bench/train-model.ts [--no-write]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { setLogLevel } from "../shared/observability/log.js";
import { features, modelPath, type ModelFile } from "../services/detector/signals/learned.js";
import { normalise } from "../services/detector/text/normalise.js";
import { loadCorpus } from "./eval.js";
import { buildCases } from "./external-eval.js";
import { localFiles } from "./local-files.js";

const BITS = 17;
const EPOCHS = 8;
/** Training runs over different sample orders whose weights are averaged. */
const RUNS = 5;
/** Extra weight of the third-party corpus's attacks (chosen by `--cv`, see crossValidate). */
const EXTERNAL_ATTACK_WEIGHT = 2;
/** Splits of the eval corpus never trained on: each is reported on its own (they come from different authors). */
const BLIND_SPLITS = new Set(["holdout", "wave5", "wave6_a", "wave6_b", "wave7_a", "wave7_b", "wave8_a", "wave8_b", "wave9_a", "wave9_b", "wave10_a", "wave10_b", "wave11h_a", "wave11h_b", "wave11i_a", "wave11i_b", "wave12j_a", "wave12j_b", "wave12k_a", "wave12k_b"]);
/** Training-only corpora (eval/train/*.jsonl): written for training by authors who wrote none of the eval cases. */
const TRAIN_DIR = join(import.meta.dirname, "..", "eval", "train");

interface Sample { f: Set<number>; y: 0 | 1; from: string; desc: boolean; ext?: boolean }
const isDescription = (scope: string): boolean => /description|instructions/.test(scope);
const sample = (text: string, scope: string, y: 0 | 1, from: string): Sample =>
  ({ f: features(normalise(text.slice(0, 20_000)).lower, isDescription(scope) ? "description" : "content", BITS), y, from, desc: isDescription(scope) });

function chunks(file: string): string[] {
  try {
    const b = readFileSync(file);
    const t = (file.endsWith(".gz") ? gunzipSync(b) : b).toString("utf8").slice(0, 60_000);
    const out: string[] = [];
    for (let at = 0; at < t.length; at += 3000) out.push(t.slice(at, at + 3000));
    return out;
  } catch { return []; }
}

const prob = (f: Set<number>, w: Float64Array): number => { let z = 0; for (const i of f) z += w[i]!; return 1 / (1 + Math.exp(-z)); };

/**
 * Logistic regression, plain SGD with a decaying rate; attacks weighted up (they are ~1 in 6 samples), the
 * third-party corpus's attacks by `extWeight` more. One run's weights depend on the order it saw the samples in;
 * the average of RUNS runs over different orders does not (much): a held-out figure then moves because the data
 * moved, not because the shuffle did. Shuffles `train` in place (deterministically).
 */
function fit(train: Sample[], extWeight: number): Float64Array {
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
        const g = (prob(s.f, v) - s.y) * classWeight[s.y]! * (s.ext && s.y === 1 ? extWeight : 1);
        for (const i of s.f) v[i]! -= rate * (g + 1e-6 * v[i]!);
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
    const n = { ca: 0, cA: 0, cb: 0, cB: 0, da: 0, dA: 0, db: 0, dB: 0 };
    for (const fold of folds) {
      const out = new Set(fold);
      const w = fit(train.filter((s) => !out.has(s)), weight);
      for (const s of fold) {
        const hit = prob(s.f, w) > (s.desc ? 0.99 : 0.95);
        if (s.desc) { if (s.y) { n.dA++; if (hit) n.da++; } else { n.dB++; if (hit) n.db++; } }
        else if (s.y) { n.cA++; if (hit) n.ca++; } else { n.cB++; if (hit) n.cb++; }
      }
    }
    console.log(`external attack weight ${weight}: content attacks ${n.ca}/${n.cA}, benign ${n.cb}/${n.cB} above 0.95; descriptions ${n.da}/${n.dA}, ${n.db}/${n.dB} above 0.99`);
  }
}

function main(): void {
  setLogLevel("silent");
  const train: Sample[] = [];
  const held: Record<string, Sample[]> = Object.fromEntries([...BLIND_SPLITS, "external blind", "docs and Python (odd files)"].map((k) => [k, []]));
  for (const c of loadCorpus()) (BLIND_SPLITS.has(c.split!) ? held[c.split!]! : train).push(sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.id));
  for (const f of readdirSync(TRAIN_DIR).filter((x) => x.endsWith(".jsonl")).sort()) {
    for (const line of readFileSync(join(TRAIN_DIR, f), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as { id: string; label: "attack" | "benign"; scope: string; text: string };
      train.push(sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.id));
    }
  }
  for (const c of buildCases()) (c.split === "tune" ? train : held["external blind"]!).push({ ...sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.origin), ext: true });
  const docs = [
    ...localFiles("/usr/share/doc", (f) => /(?:\.md|\.txt|README[^/]*|NEWS[^/]*)$/i.test(f), 3000),
    ...localFiles("/usr/lib/python3.11", (f) => f.endsWith(".py"), 600),
  ];
  docs.forEach((f, i) => { for (const t of chunks(f)) (i % 2 === 0 ? train : held["docs and Python (odd files)"]!).push(sample(t, "tool_result", 0, "doc")); });

  if (process.argv.includes("--cv")) return crossValidate(train);
  const pos = train.filter((s) => s.y === 1).length;
  const w = fit(train, EXTERNAL_ATTACK_WEIGHT);
  const p = (f: Set<number>): number => prob(f, w);
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 127;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) { q[i] = Math.round(w[i]! / scale); w[i] = q[i]! * scale; }

  console.log(`trained on ${train.length} samples (${pos} attacks), ${1 << BITS} hashed features, ${q.filter((x) => x !== 0).length} non-zero`);
  console.log("held out, the model alone: attacks above p / benign above p (the detector lifts content at 0.95, alerts on descriptions at 0.99)");
  for (const [name, set] of Object.entries(held)) {
    for (const desc of [true, false]) {
      const a = set.filter((s) => s.y === 1 && s.desc === desc);
      const b = set.filter((s) => s.y === 0 && s.desc === desc);
      if (a.length + b.length === 0) continue;
      const at = (t: number): string => `${a.filter((s) => p(s.f) > t).length}/${a.length} ${b.filter((s) => p(s.f) > t).length}/${b.length}`;
      console.log(`  ${`${name}, ${desc ? "descriptions" : "content"}`.padEnd(40)} p>0.5: ${at(0.5).padEnd(14)} p>0.95: ${at(0.95).padEnd(14)} p>0.99: ${at(0.99)}`);
    }
  }
  if (process.argv.includes("--no-write")) return;
  const file: ModelFile = {
    version: 2, bits: BITS, scale, bias: 0, weights: Buffer.from(q.buffer).toString("base64"),
    trained: { generated: new Date().toISOString().slice(0, 10), attacks: pos, benign: train.length - pos, command: "npm run train:model" },
  };
  writeFileSync(modelPath(), `${JSON.stringify(file)}\n`);
  console.log(`wrote ${modelPath()}`);
}

main();
