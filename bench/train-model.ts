// `npm run train:model`: trains the learned injection model (services/detector/signals/learned.ts) and writes
// models/injection-model.json. Deterministic: same corpora, same weights.
// Attacks and benign texts: Geiger's own corpus except its `holdout` split and waves 5 and 6 (kept blind), the TUNE half
// of the third-party corpus (`npm run eval:external`, cached packages; its blind half is never trained on), and
// every other file of this machine's /usr/share/doc and Python standard library in 3 kB chunks (the rest is held
// out). Prints the held-out figures; docs/EVAL.md and docs/detection.md quote them.
// Usage: node --import tsx bench/train-model.ts [--no-write]
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { setLogLevel } from "../shared/observability/log.js";
import { features, modelPath, type ModelFile } from "../services/detector/signals/learned.js";
import { normalise } from "../services/detector/text/normalise.js";
import { loadCorpus } from "./eval.js";
import { buildCases } from "./external-eval.js";
import { localFiles } from "./local-files.js";

const BITS = 17;
const EPOCHS = 8;
const BLIND_SPLITS = new Set(["wave5", "wave6_a", "wave6_b", "wave7_a", "wave7_b", "holdout"]);

interface Sample { f: Set<number>; y: 0 | 1; from: string }
const isDescription = (scope: string): boolean => /description|instructions/.test(scope);
const sample = (text: string, scope: string, y: 0 | 1, from: string): Sample =>
  ({ f: features(normalise(text.slice(0, 20_000)).lower, isDescription(scope) ? "description" : "content", BITS), y, from });

function chunks(file: string): string[] {
  try {
    const b = readFileSync(file);
    const t = (file.endsWith(".gz") ? gunzipSync(b) : b).toString("utf8").slice(0, 60_000);
    const out: string[] = [];
    for (let at = 0; at < t.length; at += 3000) out.push(t.slice(at, at + 3000));
    return out;
  } catch { return []; }
}

function main(): void {
  setLogLevel("silent");
  const train: Sample[] = [];
  const held: Record<string, Sample[]> = { "own holdout, waves 5 and 6": [], "external blind": [], "docs and Python (odd files)": [] };
  for (const c of loadCorpus()) (BLIND_SPLITS.has(c.split!) ? held["own holdout, waves 5 and 6"]! : train).push(sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.id));
  for (const c of buildCases()) (c.split === "tune" ? train : held["external blind"]!).push(sample(c.text, c.scope, c.label === "attack" ? 1 : 0, c.origin));
  const docs = [
    ...localFiles("/usr/share/doc", (f) => /(?:\.md|\.txt|README[^/]*|NEWS[^/]*)$/i.test(f), 3000),
    ...localFiles("/usr/lib/python3.11", (f) => f.endsWith(".py"), 600),
  ];
  docs.forEach((f, i) => { for (const t of chunks(f)) (i % 2 === 0 ? train : held["docs and Python (odd files)"]!).push(sample(t, "tool_result", 0, "doc")); });

  // Logistic regression, plain SGD with a decaying rate; attacks weighted up (they are ~1 in 8 samples).
  const w = new Float64Array(1 << BITS);
  const pos = train.filter((s) => s.y === 1).length;
  const classWeight = [1, (train.length - pos) / pos / 4];
  const p = (f: Set<number>): number => { let z = 0; for (const i of f) z += w[i]!; return 1 / (1 + Math.exp(-z)); };
  let rate = 0.2;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    // Deterministic shuffle (Fisher-Yates with a fixed LCG).
    let seed = 7919 + epoch;
    for (let i = train.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (i + 1);
      [train[i], train[j]] = [train[j]!, train[i]!];
    }
    for (const s of train) {
      const g = (p(s.f) - s.y) * classWeight[s.y]!;
      for (const i of s.f) w[i]! -= rate * (g + 1e-6 * w[i]!);
    }
    rate *= 0.7;
  }
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 127;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) { q[i] = Math.round(w[i]! / scale); w[i] = q[i]! * scale; }

  console.log(`trained on ${train.length} samples (${pos} attacks), ${1 << BITS} hashed features, ${q.filter((x) => x !== 0).length} non-zero`);
  console.log("held out: share above p (attacks detected / benign flagged), the model alone");
  for (const [name, set] of Object.entries(held)) {
    const a = set.filter((s) => s.y === 1);
    const b = set.filter((s) => s.y === 0);
    const at = (t: number): string => `p>${t}: ${a.filter((s) => p(s.f) > t).length}/${a.length} attacks, ${b.filter((s) => p(s.f) > t).length}/${b.length} benign`;
    console.log(`  ${name}: ${at(0.5)}; ${at(0.9)} (the detector lifts at 0.9)`);
  }
  if (process.argv.includes("--no-write")) return;
  const file: ModelFile = {
    version: 1, bits: BITS, scale, bias: 0, weights: Buffer.from(q.buffer).toString("base64"),
    trained: { generated: new Date().toISOString().slice(0, 10), attacks: pos, benign: train.length - pos, command: "npm run train:model" },
  };
  writeFileSync(modelPath(), `${JSON.stringify(file)}\n`);
  console.log(`wrote ${modelPath()}`);
}

main();
