// Cases from WithSecure's Spikee (PyPI `spikee`), a kit for testing LLM applications against prompt injection. Its
// seed folders ship data, not code: jailbreak templates with an `<INSTRUCTION>` slot (English and the low-resource
// languages Zulu, Albanian, Irish and Scottish Gaelic), the instructions an attacker wants carried out (Markdown-image
// exfiltration, XSS, very long output, system-prompt extraction, investment advice a guardrail should block), and
// the documents they are planted in. Cases are built as `spikee generate` builds its default dataset: the
// instruction fills the template (languages matched, Spikee's default), and the payload goes into a base document
// at its placeholder or, for the e-mail, at the start, middle or end with Spikee's default "\n…\n" delimiters.
// Benign: the base e-mail itself and the folder Spikee ships for false-positive testing (ordinary questions about
// money and investing). Harmful-request folders without an injection context are not used.
import { type ExternalCase, makeCase, pick, sample, splitFor } from "./cases.js";

const ROOT = "spikee/data/workspace/datasets/";
/** Seed folders with an injection goal; `seeds-mini-test` is a subset of these and the harmful-only one has none. */
const FOLDERS = ["seeds-cybersec-2026-01", "zzz_LEGACY_seeds-cybersec-2025-04", "seeds-llm-mailbox", "seeds-sysmsg-extraction-2025-04", "seeds-investment-advice"] as const;
const FP_FOLDER = "seeds-investment-advice-fp";

interface Jailbreak { id: string; text: string; lang: string; type: string }
interface Instruction { id: string; text: string; lang: string; type: string }
interface BaseDoc { id: string; document: string; placeholder: string | null }
export interface SpikeeFolder { name: string; jailbreaks: Jailbreak[]; instructions: Instruction[]; docs: BaseDoc[]; standalone: { id: string; text: string }[] }
export interface SpikeeData { folders: SpikeeFolder[]; benignQuestions: { id: string; text: string }[] }

const s = (v: unknown): string => (typeof v === "string" ? v : "");

function jsonl(files: Map<string, Buffer>, path: string): Record<string, unknown>[] {
  const buf = files.get(path);
  if (!buf) throw new Error(`spikee wheel: missing ${path}`);
  return buf.toString("utf8").split("\n").filter((l) => l.trim()).map((l, i) => {
    try { return JSON.parse(l) as Record<string, unknown>; } catch (e) { throw new Error(`spikee ${path}:${i + 1}: ${(e as Error).message}`); }
  });
}

export function readSpikee(files: Map<string, Buffer>): SpikeeData {
  const folders = FOLDERS.map((name): SpikeeFolder => {
    const dir = `${ROOT}${name}/`;
    const standalonePath = `${dir}standalone_user_inputs.jsonl`;
    const f: SpikeeFolder = {
      name,
      jailbreaks: jsonl(files, `${dir}jailbreaks.jsonl`).map((o) => ({ id: s(o.id), text: s(o.text), lang: s(o.lang) || "en", type: s(o.jailbreak_type) })),
      instructions: jsonl(files, `${dir}instructions.jsonl`).map((o) => ({ id: s(o.id), text: s(o.instruction), lang: s(o.lang) || "en", type: s(o.instruction_type) })),
      docs: jsonl(files, `${dir}base_user_inputs.jsonl`).map((o) => ({ id: s(o.id), document: s(o.document), placeholder: s(o.placeholder) || null })),
      // The investment-advice folder's standalone inputs are requests for advice typed by a user, not injections.
      standalone: name === "seeds-investment-advice" || !files.has(standalonePath) ? [] : jsonl(files, standalonePath).map((o) => ({ id: s(o.id), text: s(o.text) })),
    };
    if (!f.jailbreaks.length || !f.instructions.length || !f.docs.length) throw new Error(`spikee ${name}: empty seed files`);
    if (f.jailbreaks.some((j) => !j.text.includes("<INSTRUCTION>"))) throw new Error(`spikee ${name}: a jailbreak has no <INSTRUCTION> slot`);
    return f;
  });
  const benignQuestions = jsonl(files, `${ROOT}${FP_FOLDER}/standalone_user_inputs.jsonl`).map((o) => ({ id: s(o.id), text: s(o.text) })).filter((q) => q.text.trim());
  return { folders, benignQuestions };
}

/** Spikee's `insert_jailbreak` with its default delimiter pattern "\nINJECTION_PAYLOAD\n". */
export function plant(doc: BaseDoc, payload: string, position: "start" | "middle" | "end"): string {
  const injected = `\n${payload}\n`;
  if (doc.placeholder) return doc.document.replace(doc.placeholder, injected);
  if (position === "start") return injected + doc.document;
  if (position === "end") return doc.document + injected;
  // Nearest space to the middle, ties going backwards, as Spikee's find_nearest_whitespace picks it.
  const mid = Math.floor(doc.document.length / 2);
  const fwd = doc.document.indexOf(" ", mid);
  const back = mid > 0 ? doc.document.lastIndexOf(" ", mid - 1) : -1;
  const at = fwd < 0 && back < 0 ? mid : fwd < 0 ? back : back < 0 ? fwd : fwd - mid < mid - back ? fwd : back;
  return doc.document.slice(0, at) + injected + doc.document.slice(at);
}

/** Template and instruction ids of translations end in the language: `debug-01-zu` is `debug-01` in Zulu. */
export const baseId = (id: string): string => id.replace(/-(?:ga|gd|sq|zu)$/, "");

/** Instructions per template and folder: Spikee crosses all of them; two keep the corpus near other sources' size. */
const PER_TEMPLATE = 2;

export function spikeeCases(d: SpikeeData, source: string): ExternalCase[] {
  const out: ExternalCase[] = [];
  const mail = { scope: "tool_result" as const, source, tool: "read_email", server: "mail" };
  const web = { scope: "tool_result" as const, source, tool: "fetch", server: "web" };
  for (const f of d.folders) {
    for (const j of f.jailbreaks) {
      // A template and an instruction are each one group, their translations with them. Cases cross the two, so a
      // template is filled only with instructions of its own split: blind cases share neither with the tune half.
      const group = `jailbreak:${baseId(j.id)}`;
      const side = splitFor("spikee", group);
      const instr = f.instructions.filter((i) => i.lang === j.lang && splitFor("spikee", `instruction:${baseId(i.id)}`) === side);
      for (const i of sample(instr, PER_TEMPLATE, (x) => `${f.name}|${j.id}|${x.id}`)) {
        const key = `${f.name}|${j.id}|${i.id}`;
        const doc = pick(f.docs, key);
        const text = plant(doc, j.text.replaceAll("<INSTRUCTION>", i.text), pick(["start", "middle", "end"] as const, `pos|${key}`)).trim();
        out.push(makeCase({
          idHint: key, origin: "spikee", group, family: `${j.type || j.id} (${j.lang})`,
          class: "indirect_injection", label: "attack", text, ...(doc.placeholder ? web : mail),
        }));
      }
    }
    for (const a of f.standalone) {
      out.push(makeCase({ idHint: `${f.name}|standalone|${a.id}`, origin: "spikee", group: `standalone:${a.id}`, family: "standalone attack (en)", class: "indirect_injection", label: "attack", text: a.text.trim(), ...web }));
    }
    // The host e-mail without any payload.
    for (const doc of f.docs.filter((x) => !x.placeholder)) {
      out.push(makeCase({ idHint: `doc|${doc.id}|${doc.document}`, origin: "spikee-benign", group: `doc:${doc.id}`, family: "base document", class: null, label: "benign", text: doc.document.trim(), ...mail }));
    }
  }
  // Ordinary questions about money, as a chat-history tool returns a user's earlier messages.
  for (const q of d.benignQuestions) {
    out.push(makeCase({ idHint: `fp|${q.id}`, origin: "spikee-benign", group: `fp:${q.id}`, family: "investment question", class: null, label: "benign", text: q.text.trim(), scope: "tool_result", source, tool: "get_chat_history", server: "chat" }));
  }
  return out;
}
