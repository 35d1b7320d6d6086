// Research, not part of the product or of CI: writes every text the learned models are trained or judged on, with
// the shipped detector's verdict and the shipped models' scores, for the encoder experiment in this folder
// (README.md). Usage: node --import tsx bench/research/encoder/dump.ts OUT.jsonl   (~3 min)
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setLogLevel } from "../../shared/observability/log.js";
import type { Alert } from "../../shared/schema/alert.js";
import { normalise } from "../../services/detector/text/normalise.js";
import { modelScore, shippedModel, windowScore } from "../../services/detector/signals/learned.js";
import { CLASSES, classesOf, evaluate, loadCorpus, modelTrainsOn, provenance } from "../eval.js";

type Class = (typeof CLASSES)[number];
import { buildCases } from "../external-eval.js";
import { docChunks as chunks, localFiles, MAN_PAGES } from "../local-files.js";

setLogLevel("silent");
const out = process.argv[2];
if (!out) throw new Error("usage: dump.ts OUT.jsonl");
const model = shippedModel();
if (!model) throw new Error("models/injection-model.json is missing");
const isDesc = (scope: string): boolean => /description|instructions/.test(scope);
const rows: string[] = [];
/** One text: `group` is "train" or where it is held out; `det` whether the shipped detector flags it (null: not run). */
const add = (r: { id: string; group: string; prov: string; y: number; cls: string | null; desc: boolean; det: boolean | null; text: string }): void => {
  const text = normalise(r.text.slice(0, 20_000)).lower;
  const hashed = r.group === "train" ? null : r.desc ? modelScore(model, text, "description") : windowScore(model, text)?.p ?? null;
  rows.push(JSON.stringify({ ...r, text, hashed }));
};
const flagged = (alerts: Alert[] | undefined, label: string, cls: string | null, scope: string): boolean => {
  const got = new Set<Class>((alerts ?? []).flatMap(classesOf));
  if (label === "attack") return got.has(cls as Class);
  return got.has(isDesc(scope) ? "tool_poisoning" : "indirect_injection");
};

const corpus = loadCorpus();
const own = evaluate(corpus).alertsPerCase;
for (const c of corpus) {
  const text = [c.text, ...Object.values(c.schema_descriptions ?? {})].join("\n");
  const trained = modelTrainsOn(c.split!, c.scope);
  add({ id: c.id, group: trained ? "train" : c.split!, prov: trained ? "trained" : provenance(c.split!), y: c.label === "attack" ? 1 : 0, cls: c.class ?? null, desc: isDesc(c.scope), det: flagged(own.get(c.id), c.label, c.class ?? null, c.scope), text });
}
const ext = buildCases();
const extAlerts = evaluate(ext.map((c) => ({ ...c, split: "holdout" as const }))).alertsPerCase;
for (const c of ext) {
  const tune = c.split === "tune";
  add({ id: c.id, group: tune ? "train" : "external blind", prov: tune ? "trained" : "external", y: c.label === "attack" ? 1 : 0, cls: c.class ?? null, desc: isDesc(c.scope), det: flagged(extAlerts.get(c.id), c.label, c.class ?? null, c.scope), text: c.text });
}
const trainDir = join(import.meta.dirname, "..", "..", "eval", "train");
for (const f of readdirSync(trainDir).filter((x) => x.endsWith(".jsonl")).sort()) {
  for (const line of readFileSync(join(trainDir, f), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as { id: string; label: string; class?: string; scope: string; text: string };
    add({ id: c.id, group: "train", prov: "trained", y: c.label === "attack" ? 1 : 0, cls: c.class ?? null, desc: isDesc(c.scope), det: null, text: c.text });
  }
}
// The documentation train-model.ts reads, split the same way (even files trained on, odd files held out).
const docs = [
  ...localFiles("/usr/share/doc", (f) => /(?:\.md|\.txt|README[^/]*|NEWS[^/]*)$/i.test(f), 3000),
  ...localFiles("/usr/lib/python3.11", (f) => f.endsWith(".py"), 600),
  ...localFiles(MAN_PAGES.root, MAN_PAGES.take, MAN_PAGES.maxFiles),
];
docs.forEach((f, i) => { for (const t of chunks(f)) add({ id: "doc", group: i % 2 === 0 ? "train" : "docs held", prov: i % 2 === 0 ? "trained" : "docs", y: 0, cls: null, desc: false, det: null, text: t }); });
writeFileSync(out, `${rows.join("\n")}\n`);
console.log(`${rows.length} texts → ${out}`);
