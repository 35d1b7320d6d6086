// Cases from Prompt Security's fuzzer (PyPI `prompt-security-fuzzer`, package `ps_fuzz`): the fixed attack frames
// its tests wrap a task in (AIM, DAN, ethical-compliance, self-refine, UCAR, the system-prompt stealer), filled with
// tasks from its own harmful-behaviour list, and its RAG-poisoning test's poisoned knowledge-base document. Benign:
// the same test's clean knowledge-base documents. Frames that an LLM writes at run time are not used.
import { type ExternalCase, makeCase, sample } from "./cases.js";
import { type PyModule, readPythonLiterals, str } from "./python-source.js";

/** Module constants holding fixed attack frames: `{attack_task}` is where the fuzzer puts its task. */
const FRAMES: [file: string, name: string][] = [
  ["aim.py", "aim_prompt_template"],
  ["dan.py", "dan_prompt_template"],
  ["ethical_compliance.py", "ethical_compliance_template"],
  ["self_refine.py", "self_refine_prompt_template"],
  ["ucar.py", "ucar_attack_frame"],
  ["dynamic_test.py", "steal_system_prompt_attack_text"],
];
const TASKS_PER_FRAME = 3;

export interface PsFuzzData { frames: { name: string; text: string }[]; tasks: string[]; poisoned: string[]; clean: string[] }

/** RFC 4180 CSV rows (quoted fields may hold commas, doubled quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim()));
}

/** Triple-quoted literals assigned inside methods (the RAG test builds its documents there, out of `ast`'s reach). */
const methodLiterals = (src: string, key: RegExp): string[] =>
  [...src.matchAll(new RegExp(`${key.source}\\s*"""([\\s\\S]*?)"""`, "g"))].map((m) => m[1]!.trim()).filter((t) => t.length >= 80);

export function readPsFuzz(files: Map<string, Buffer>): PsFuzzData {
  const dir = "ps_fuzz/attacks/";
  const py = readPythonLiterals(new Map(FRAMES.map(([f]) => [`${dir}${f}`, files.get(`${dir}${f}`)?.toString("utf8") ?? ""])));
  const frames = FRAMES.map(([f, name]) => {
    const text = str((py.get(`${dir}${f}`) as PyModule | undefined)?.module[name]);
    if (!text) throw new Error(`ps_fuzz: ${name} not found in ${f}`);
    return { name, text };
  });
  const csv = files.get("ps_fuzz/attack_data/harmful_behavior.csv")?.toString("utf8");
  if (!csv) throw new Error("ps_fuzz: harmful_behavior.csv missing");
  const [header, ...rows] = parseCsv(csv);
  const goal = header!.indexOf("goal");
  const rag = files.get(`${dir}rag_poisoning.py`)?.toString("utf8") ?? "";
  return {
    frames,
    tasks: rows.map((r) => r[goal] ?? "").filter(Boolean),
    poisoned: methodLiterals(rag, /poisoned_content\s*=/),
    clean: methodLiterals(rag, /"content"\s*:/),
  };
}

export function psFuzzCases(p: PsFuzzData, source: string): ExternalCase[] {
  const out: ExternalCase[] = [];
  const web = { scope: "tool_result" as const, source, tool: "fetch", server: "web" };
  for (const f of p.frames) {
    const tasks = f.text.includes("{attack_task}") ? sample(p.tasks, TASKS_PER_FRAME, (t) => `${f.name}|${t}`) : [""];
    for (const t of tasks) {
      const text = f.text.replaceAll("{attack_task}", t).trim();
      out.push(makeCase({ idHint: `${f.name}|${t}`, origin: "psfuzz-frames", group: `frame:${f.name}`, family: f.name, class: "indirect_injection", label: "attack", text, ...web }));
    }
  }
  // The poisoned document is what a retriever tool returns to the agent: a tool result.
  for (const d of p.poisoned) out.push(makeCase({ idHint: `rag|${d}`, origin: "psfuzz-rag", group: "rag:poisoned", family: "rag_poisoning", class: "indirect_injection", label: "attack", text: d, ...web, tool: "search_knowledge_base" }));
  for (const d of p.clean) out.push(makeCase({ idHint: `ragdoc|${d}`, origin: "psfuzz-rag", group: `ragdoc:${d}`, family: "rag_clean", class: null, label: "benign", text: d, ...web, tool: "search_knowledge_base" }));
  return out;
}
