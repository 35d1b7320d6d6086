// Cases from `garak-multilingual` (PyPI; Turkish and multilingual prompt-injection probes written for NVIDIA garak):
// instruction overrides, role reassignment and system-prompt extraction in Turkish, German, Spanish, French,
// Russian, Arabic, Chinese and Persian, Turkish case-folding evasions (dotted/dotless i) and Turkish jailbreaks —
// DIRECT attacks, here arriving as fetched text, as garak's and PyRIT's jailbreaks do. Read with `ast`, not run.
import { type ExternalCase, makeCase } from "./cases.js";
import { readPythonLiterals, type PyValue } from "./python-source.js";

const PAYLOADS = "garak_multilingual/payloads.py";
const SETS = ["TURKISH_INJECTION", "MULTILINGUAL_INJECTION", "TURKISH_CASEFOLD_EVASION", "TURKISH_JAILBREAK"] as const;

export interface GarakMlData { sets: { name: string; items: { prompt: string; lang: string }[] }[] }

export function readGarakMl(files: Map<string, Buffer>): GarakMlData {
  const src = files.get(PAYLOADS)?.toString("utf8");
  if (!src) throw new Error(`garak-multilingual wheel: missing ${PAYLOADS}`);
  const mod = readPythonLiterals(new Map([[PAYLOADS, src]])).get(PAYLOADS);
  if (!mod || mod.error) throw new Error(`garak-multilingual: ${PAYLOADS} not readable: ${mod?.error ?? "no result"}`);
  const sets = SETS.map((name) => {
    const v: PyValue | undefined = mod.module[name];
    if (!Array.isArray(v)) throw new Error(`garak-multilingual: ${name} is not a list`);
    const items = v.flatMap((x) => {
      if (!x || typeof x !== "object" || Array.isArray(x) || typeof x.prompt !== "string") return [];
      return [{ prompt: x.prompt, lang: typeof x.lang === "string" ? x.lang : "tr" }];
    });
    if (!items.length) throw new Error(`garak-multilingual: ${name} has no prompts`);
    return { name, items };
  });
  return { sets };
}

export function garakMlCases(d: GarakMlData, source: string): ExternalCase[] {
  const web = { scope: "tool_result" as const, source, tool: "fetch", server: "web" };
  return d.sets.flatMap((s) => s.items.map((it, i) => makeCase({
    idHint: `${s.name}|${i}`, origin: "garak-multilingual", group: `${s.name}:${i}`, family: `${s.name.toLowerCase()} (${it.lang})`,
    class: "indirect_injection", label: "attack", text: it.prompt.trim(), ...web,
  })));
}
