// `npm run eval`: detection quality on a labelled corpus. Attacks are hand-written from public attack
// write-ups (each case cites its source); benign text is mostly REAL: the tool definitions and outputs of MCP
// servers (run live from node_modules, or extracted from the published reference servers' packages) and the
// README documents of installed packages, plus hand-written ordinary emails/docs/arguments. Every case runs
// through the real engine (all semantic detectors + rules/*.yaml). Cases are split into `tune` and `holdout`
// by a hash of their id; precision, recall and FPR are printed per class for each split, and docs/EVAL.md is
// written. Usage: node --import tsx bench/eval.ts [--no-write] [--verbose]
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Alert } from "../shared/schema/alert.js";
import type { TelemetryEvent } from "../shared/schema/telemetry.js";
import { setLogLevel } from "../shared/observability/log.js";
import { detectOffline } from "../services/detector/engine.js";
import { semanticDetectors } from "../services/detector/detectors/semantic/index.js";
import { builtinRulesDir, loadRules } from "../services/detector/rules/rule.js";
import { eventForScope } from "../services/detector/rules/example-event.js";
import { languageOf } from "../services/detector/text/gloss.js";
import { CONTENT_SCOPES, DESCRIPTION_SCOPES, OUTBOUND_SCOPES, type Scope } from "../services/detector/text/fields.js";

export const CLASSES = ["tool_poisoning", "indirect_injection", "exfiltration", "hidden_content"] as const;
type Class = (typeof CLASSES)[number];

interface Case {
  id: string;
  class: Class | null;
  label: "attack" | "benign";
  scope: Scope;
  text: string;
  source: string;
  tool?: string;
  server?: string;
  param?: string;
  schema_descriptions?: Record<string, string>;
  prior?: { scope: Scope; text: string; server: string; tool: string; redactions: { path: string; kind: string; fingerprint: string }[] };
  /** A complete tool/prompt definition (real servers): evaluated as one tools/list entry. */
  definition?: Record<string, unknown>;
  /** Explicit split; cases without one are split by a hash of their id. */
  split?: Split;
}

/**
 * `tune` and `holdout` split the original corpus by a hash of the id; `holdout_new` holds cases written (and
 * real documents added) BEFORE the detectors were changed for them (docs/EVAL.md records the order).
 */
export const SPLITS = ["tune", "holdout", "holdout_new", "wave3_a", "wave3_b", "wave4", "wave5", "wave6_a", "wave6_b", "wave7_a", "wave7_b", "wave8_a", "wave8_b", "wave9_a", "wave9_b", "wave10_a", "wave10_b", "wave11h_a", "wave11h_b", "wave11i_a", "wave11i_b", "wave12j_a", "wave12j_b", "wave12k_a", "wave12k_b", "wave13l_a", "wave13l_b", "wave13n_a", "wave13n_b", "wave13m_a", "wave13m_b", "wave14p_a", "wave14p_b", "wave14q_a", "wave14q_b", "wave15r_a", "wave15r_b", "wave15s_a", "wave15s_b", "wave16t_a", "wave16t_b", "wave16u_a", "wave16u_b", "wave17v_a", "wave17v_b", "wave17w_a", "wave17w_b", "wave18x_a", "wave18x_b", "wave18y_a", "wave18y_b", "wave19h_a", "wave19h_b", "wave19i_a", "wave19i_b", "wave19j_a", "wave19j_b", "wave20za_a", "wave20za_b", "wave20zb_a", "wave20zb_b", "wave21zc_a", "wave21zc_b", "wave21zd_a", "wave21zd_b", "wave22ze_a", "wave22ze_b", "wave22zf_a", "wave22zf_b", "wave22zg_a", "wave22zg_b", "wave23zh_a", "wave23zh_b", "wave23zi_a", "wave23zi_b", "wave23zj_a", "wave23zj_b", "wave24zk_a", "wave24zk_b", "wave24zl_a", "wave24zl_b", "wave24zm_a", "wave24zm_b", "wave25gh_a", "wave25gh_b", "wave25gi_a", "wave25gi_b", "wave25gj_a", "wave25gj_b", "wave25gk_a", "wave25gk_b", "wave26gp_a", "wave26gp_b", "wave26gq_a", "wave26gq_b", "wave26gr_a", "wave26gr_b", "wave26gs_a", "wave26gs_b"] as const;
type Split = (typeof SPLITS)[number];

const ROOT = join(import.meta.dirname, "..");
const readJsonl = (file: string): Case[] => readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);

/** Which alerts count as a detection of each class. */
export function classesOf(a: Alert): Class[] {
  if (a.severity === "info") return [];
  const id = a.rule_id;
  const out: Class[] = [];
  if (id === "semantic.hidden_content") out.push("hidden_content");
  if (id === "semantic.tool_poisoning" || id.startsWith("poisoning.") || id === "semantic.tool_shadowing" || (id.startsWith("injection.") && a.evidence.some((e) => /description|instructions/.test(e.path)))) out.push("tool_poisoning");
  if (id === "semantic.indirect_injection" || (id.startsWith("injection.") && !a.evidence.some((e) => /description|instructions/.test(e.path)))) out.push("indirect_injection");
  if (id === "semantic.secret_exfiltration" || id === "semantic.exfil_url" || id.startsWith("secret.") || id.startsWith("exfil.")) out.push("exfiltration");
  return out;
}

/** Classes a benign text in this scope is a negative for (where a false positive would be raised). */
function negativeClassesFor(scope: Scope): Class[] {
  if (DESCRIPTION_SCOPES.has(scope)) return ["tool_poisoning", "hidden_content", "exfiltration"];
  if (CONTENT_SCOPES.has(scope)) return ["indirect_injection", "hidden_content", "exfiltration"];
  if (OUTBOUND_SCOPES.has(scope)) return ["exfiltration", "hidden_content"];
  return [];
}

function eventsFor(c: Case): TelemetryEvent[] {
  const opts = { ...(c.tool ? { tool: c.tool } : {}), ...(c.server ? { server: c.server } : {}) };
  if (c.definition) {
    const e = eventForScope("tool_description", "x", opts);
    (e.result as { tools: unknown[] }).tools = [c.definition];
    e.event_id = `ev-${c.id}`;
    return [e];
  }
  const e = eventForScope(c.scope, c.text, opts);
  e.event_id = `ev-${c.id}`;
  if (c.schema_descriptions && c.scope === "tool_description") {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.schema_descriptions)) props[k] = { type: "string", description: v };
    ((e.result as { tools: { inputSchema: unknown }[] }).tools[0]!).inputSchema = { type: "object", properties: props };
  }
  if (c.param && c.scope === "tool_arguments") (e.params as { arguments: unknown }).arguments = { [c.param]: c.text };
  const redactions = [...c.text.matchAll(/\[REDACTED:([a-z0-9_]{1,40}):fp=([0-9a-f]{6,64})\]/g)]
    .map((m) => ({ path: c.param ? `params.arguments.${c.param}` : "params.arguments.input", kind: m[1]!, fingerprint: m[2]! }));
  if (redactions.length && OUTBOUND_SCOPES.has(c.scope)) e.redactions = redactions;
  if (!c.prior) return [e];
  const p = eventForScope(c.prior.scope, c.prior.text, { server: c.prior.server, tool: c.prior.tool, ts: "2025-06-01T11:59:00.000Z" });
  p.event_id = `ev-${c.id}-prior`;
  p.redactions = c.prior.redactions;
  return [p, e];
}

const splitOf = (id: string): "tune" | "holdout" => (createHash("sha256").update(id).digest()[0]! % 2 === 0 ? "tune" : "holdout");

/** Paragraph chunks of ~1.5–3 kB from a document (realistic tool-result sizes). */
export function chunks(text: string, max = 3000): string[] {
  const out: string[] = [];
  let cur = "";
  for (const para of text.split(/\n\s*\n/)) {
    if (cur.length + para.length > max && cur.length > 0) { out.push(cur); cur = ""; }
    cur += (cur ? "\n\n" : "") + para.slice(0, max);
  }
  if (cur.trim()) out.push(cur);
  return out.filter((c) => c.trim().length >= 200);
}

/** A blind wave split by id parity into `<name>_a` (read, tuned on) and `<name>_b` (never read). */
function halves(file: string, name: string): Case[] {
  const [a, b] = [`${name}_a`, `${name}_b`] as Split[];
  if (!SPLITS.includes(a!) || !SPLITS.includes(b!)) throw new Error(`eval: ${name}_a / ${name}_b are not in SPLITS`);
  return readJsonl(join(ROOT, file)).map((c): Case => ({ ...inSchema(c), split: Number(c.id.slice(-3)) % 2 === 0 ? a! : b! }));
}

/**
 * A case written as one parameter's description in a tool's input schema (scope `input_schema`, which is no
 * telemetry scope) becomes a tools/list entry with a plain description and that parameter, named by the text's
 * leading identifier ("webhook_url (string, optional): …") or `input`.
 */
function inSchema(c: Case): Case {
  if ((c.scope as string) !== "input_schema") return c;
  const param = /^([a-z_][a-z0-9_]{0,40})\s{0,2}(?:[:(—–-]|$)/i.exec(c.text)?.[1] ?? "input";
  return { ...c, scope: "tool_description", text: "Performs the operation its parameters describe.", schema_descriptions: { [param]: c.text } };
}

export function loadCorpus(): Case[] {
  const cases: Case[] = [
    ...readJsonl(join(ROOT, "eval/cases/attacks.jsonl")), ...readJsonl(join(ROOT, "eval/cases/benign-written.jsonl")),
    ...readJsonl(join(ROOT, "eval/cases/holdout-new.jsonl")), ...readJsonl(join(ROOT, "eval/cases/wave3.jsonl")),
    ...readJsonl(join(ROOT, "eval/cases/wave4.jsonl")), ...readJsonl(join(ROOT, "eval/cases/wave5.jsonl")),
    // Wave 6 halves by id parity: `a`'s misses were read and tuned on, `b`'s texts were not.
    ...halves("eval/cases/wave6.jsonl", "wave6"),
    ...halves("eval/cases/wave7.jsonl", "wave7"),
    ...halves("eval/cases/wave8.jsonl", "wave8"),
    ...halves("eval/cases/wave9.jsonl", "wave9"),
    ...halves("eval/cases/wave10.jsonl", "wave10"),
    // Written as training data by two further blind authors, kept as test sets instead (never trained on); halved
    // by id parity like the waves above.
    ...halves("eval/cases/wave11-h.jsonl", "wave11h"),
    ...halves("eval/cases/wave11-i.jsonl", "wave11i"),
    // Two more blind authors (ninth session): errands in repository content for coding agents (12j), and orders
    // about the assistant's answer planted in retrieved data (12k). Committed before their first run.
    ...halves("eval/cases/wave12-j.jsonl", "wave12j"),
    ...halves("eval/cases/wave12-k.jsonl", "wave12k"),
    // Three more blind authors (tenth session): what office, developer and consumer tools return (13l, 13n, one
    // prompt), and tool poisoning beside injections in structured results (13m). Committed before their first run.
    ...halves("eval/cases/wave13-l.jsonl", "wave13l"),
    ...halves("eval/cases/wave13-n.jsonl", "wave13n"),
    ...halves("eval/cases/wave13-m.jsonl", "wave13m"),
    // Two more (tenth session, at its end): injections in what tools return (14p), tool poisoning beside injections
    // (14q). Committed before their first run, which was the session's only one: nothing was tuned on them.
    ...halves("eval/cases/wave14-p.jsonl", "wave14p"),
    ...halves("eval/cases/wave14-q.jsonl", "wave14q"),
    // Two more (eleventh session): what collaboration and business tools return, a fifth of it in other languages
    // (15r); a malicious server's metadata, input-schema descriptions included, and developer-tool output (15s).
    ...halves("eval/cases/wave15-r.jsonl", "wave15r"),
    ...halves("eval/cases/wave15-s.jsonl", "wave15s"),
    // Two more (eleventh session, later): the same attacks written in 25 other languages (16t), and what a browsing
    // or document-reading agent gets back (16u). Committed before their first run; neither half was read.
    ...halves("eval/cases/wave16-t.jsonl", "wave16t"),
    ...halves("eval/cases/wave16-u.jsonl", "wave16u"),
    // Two more (twelfth session): what business data systems and automation platforms return, errands planted in
    // records, often without naming an AI (17v); server metadata across domains and what a coding agent reads
    // back, a quarter in other languages (17w). Committed before their first run.
    ...halves("eval/cases/wave17-v.jsonl", "wave17v"),
    ...halves("eval/cases/wave17-w.jsonl", "wave17w"),
    // Two more (twelfth session, later), neither half ever read: what a personal or office assistant gets back from
    // everyday tools, a third in other languages (18x); third-party server metadata and what databases, monitoring,
    // CI/CD and cloud consoles return (18y). Committed before their first run.
    ...halves("eval/cases/wave18-x.jsonl", "wave18x"),
    ...halves("eval/cases/wave18-y.jsonl", "wave18y"),
    // Three corpora written for training (twelfth session) by three more authors who read nothing of the repo:
    // business records with planted errands, half in other languages (19h); server metadata, 40 % in other languages
    // (19i); what a browsing or document-reading agent gets back, 40 % in other languages (19j). Trained on, they
    // moved the own unread halves up and the third-party blind half down (docs/detection.md), so the shipped model
    // is not trained on them and they are test sets, as wave 11's two were. Never read.
    ...halves("eval/cases/wave19-h.jsonl", "wave19h"),
    ...halves("eval/cases/wave19-i.jsonl", "wave19i"),
    ...halves("eval/cases/wave19-j.jsonl", "wave19j"),
    // Two more at the end of the twelfth session, never read: what an agent with many servers reads back, a third in
    // other languages (20za); metadata of many kinds of servers and what they return (20zb). Their first run is the
    // session's final state, the starting figure for the next.
    ...halves("eval/cases/wave20-za.jsonl", "wave20za"),
    ...halves("eval/cases/wave20-zb.jsonl", "wave20zb"),
    // Two more (thirteenth session), never read: what a small company's support and finance agent reads back from
    // CRM, helpdesk, calendar and accounting servers, and their metadata, a third in other languages (21zc); a coding
    // agent's registries, code search, consoles, log search and wiki, a quarter in other languages (21zd). Committed
    // before their first run (b5baab3), which was at the session's start.
    ...halves("eval/cases/wave21-zc.jsonl", "wave21zc"),
    ...halves("eval/cases/wave21-zd.jsonl", "wave21zd"),
    ...halves("eval/cases/wave22-ze.jsonl", "wave22ze"),
    ...halves("eval/cases/wave22-zf.jsonl", "wave22zf"),
    ...halves("eval/cases/wave22-zg.jsonl", "wave22zg"),
    ...halves("eval/cases/wave23-zh.jsonl", "wave23zh"),
    ...halves("eval/cases/wave23-zi.jsonl", "wave23zi"),
    ...halves("eval/cases/wave23-zj.jsonl", "wave23zj"),
    ...halves("eval/cases/wave24-zk.jsonl", "wave24zk"),
    ...halves("eval/cases/wave24-zl.jsonl", "wave24zl"),
    ...halves("eval/cases/wave24-zm.jsonl", "wave24zm"),
    // Written as training-only content; training on it raised false alarms on real documentation (sixteenth session).
    ...halves("eval/cases/wave25-gh.jsonl", "wave25gh"),
    ...halves("eval/cases/wave25-gi.jsonl", "wave25gi"),
    ...halves("eval/cases/wave25-gj.jsonl", "wave25gj"),
    ...halves("eval/cases/wave25-gk.jsonl", "wave25gk"),
    // Written as training-only content too; trained on, it lowered the third party's blind half (seventeenth session).
    ...halves("eval/cases/wave26-gp.jsonl", "wave26gp"),
    ...halves("eval/cases/wave26-gq.jsonl", "wave26gq"),
    ...halves("eval/cases/wave26-gr.jsonl", "wave26gr"),
    ...halves("eval/cases/wave26-gs.jsonl", "wave26gs"),
  ];
  const benign = (id: string, scope: Scope, text: string, source: string, extra: Partial<Case> = {}): void => {
    cases.push({ id, class: null, label: "benign", scope, text, source, ...extra });
  };
  // Real servers run live (eval/sources/extract-real-servers.ts).
  const real = JSON.parse(readFileSync(join(ROOT, "eval/sources/real-servers.json"), "utf8")) as { server: string; instructions?: string; tools: Record<string, unknown>[]; prompts: Record<string, unknown>[]; resources: Record<string, unknown>[]; outputs: { tool: string; text: string }[] }[];
  for (const s of real) {
    const src = `real server @modelcontextprotocol/server-${s.server} (live tools/list, prompts/list, resources/list, tools/call)`;
    if (s.instructions) benign(`real-${s.server}-instructions`, "server_instructions", s.instructions, src, { server: s.server });
    for (const t of s.tools) benign(`real-${s.server}-tool-${t.name as string}`, "tool_description", String(t.description ?? ""), src, { server: s.server, definition: t });
    for (const p of s.prompts) if (p.description) benign(`real-${s.server}-prompt-${p.name as string}`, "prompt_description", String(p.description), src, { server: s.server });
    for (const r of s.resources) if (r.description) benign(`real-${s.server}-resource-${r.name as string}`, "resource_description", String(r.description), src, { server: s.server });
    s.outputs.forEach((o, i) => benign(`real-${s.server}-output-${i}`, "tool_result", o.text, src, { server: s.server, tool: o.tool }));
  }
  // Published reference servers' definitions (extracted from their npm / PyPI packages).
  const ref = JSON.parse(readFileSync(join(ROOT, "eval/sources/reference-servers.json"), "utf8")) as { server: string; kind: string; text: string }[];
  ref.forEach((r, i) => benign(`ref-${r.server}-${i}`, /PROMPT|assistants goal/i.test(r.text.slice(0, 200)) && r.text.length > 500 ? "prompt_content" : "tool_description", r.text, `reference MCP server '${r.server}' package text (${r.kind})`, { server: r.server }));
  // README documents of installed packages: real prose full of imperatives, passwords, tokens, URLs.
  const nm = join(ROOT, "node_modules");
  const pkgs = existsSync(nm) ? readdirSync(nm).filter((p) => !p.startsWith(".")).sort() : [];
  let docs = 0;
  for (const p of pkgs) {
    const dirs = p.startsWith("@") ? readdirSync(join(nm, p)).map((q) => join(p, q)) : [p];
    for (const d of dirs) {
      const file = ["README.md", "readme.md", "Readme.md"].map((f) => join(nm, d, f)).find(existsSync);
      if (!file || docs >= 250) continue;
      docs++;
      chunks(readFileSync(file, "utf8")).slice(0, 3).forEach((c, i) =>
        benign(`readme-${d}-${i}`, i % 2 === 0 ? "tool_result" : "resource_content", c, `README of npm package ${d} (real document)`, { tool: "fetch" }));
    }
  }
  // More real prose, added with the new holdout: CHANGELOGs and docs/ pages of installed packages.
  let more = 0;
  for (const p of pkgs) {
    const dirs = p.startsWith("@") ? readdirSync(join(nm, p)).map((q) => join(p, q)) : [p];
    for (const d of dirs) {
      const files = ["CHANGELOG.md", "HISTORY.md", "History.md", "SECURITY.md", "CONTRIBUTING.md"].map((f) => join(nm, d, f)).filter(existsSync);
      const docsDir = join(nm, d, "docs");
      if (existsSync(docsDir)) for (const f of readdirSync(docsDir).filter((f) => f.endsWith(".md")).sort().slice(0, 4)) files.push(join(docsDir, f));
      for (const file of files) {
        if (more >= 300) break;
        chunks(readFileSync(file, "utf8")).slice(0, 2).forEach((c, i) => {
          more++;
          benign(`doc-${d}-${file.slice(join(nm, d).length + 1)}-${i}`, more % 2 === 0 ? "tool_result" : "resource_content", c, `${file.slice(nm.length + 1)} (real document)`, { tool: "fetch", split: "holdout_new" });
        });
      }
    }
  }
  for (const c of cases) c.split ??= splitOf(c.id);
  return cases;
}

interface Counts { tp: number; fn: number; fp: number; tn: number; misses: string[]; falseAlarms: string[] }

export function evaluate(cases: Case[]): { results: Record<string, Record<Class, Counts>>; alertsPerCase: Map<string, Alert[]> } {
  const rules = loadRules([builtinRulesDir()]);
  const results: Record<string, Record<Class, Counts>> = {};
  const alertsPerCase = new Map<string, Alert[]>();
  for (const split of SPLITS) {
    results[split] = Object.fromEntries(CLASSES.map((c) => [c, { tp: 0, fn: 0, fp: 0, tn: 0, misses: [], falseAlarms: [] }])) as unknown as Record<Class, Counts>;
  }
  for (const c of cases) {
    const alerts = detectOffline(eventsFor(c), { detectors: semanticDetectors, rules });
    alertsPerCase.set(c.id, alerts);
    const predicted = new Set(alerts.flatMap(classesOf));
    const r = results[c.split!]!;
    if (c.label === "attack" && c.class) {
      const k = r[c.class];
      if (predicted.has(c.class)) k.tp++; else { k.fn++; k.misses.push(c.id); }
    } else if (c.label === "benign") {
      for (const cls of negativeClassesFor(c.scope)) {
        const k = r[cls];
        if (predicted.has(cls)) { k.fp++; k.falseAlarms.push(c.id); } else k.tn++;
      }
    }
  }
  return { results, alertsPerCase };
}

/**
 * Where a split's figure comes from, for reading it right (docs/detection.md, twelfth session): a `_b` half was
 * written by the author of an `_a` half that was read, and whatever was learned from the `_a` half (by a model or by
 * whoever wrote signals) carries that author's phrasing over; only waves none of whose texts were read measure
 * recall on new authors. NEVER_READ lists them; a wave leaves it when any of its cases is read.
 */
export const NEVER_READ: ReadonlySet<string> = new Set(["wave18x_a", "wave18x_b", "wave18y_a", "wave18y_b", "wave20za_a", "wave20za_b", "wave20zb_a", "wave20zb_b", "wave21zc_a", "wave21zc_b", "wave21zd_a", "wave21zd_b", "wave22ze_a", "wave22ze_b", "wave22zf_a", "wave22zf_b", "wave22zg_a", "wave22zg_b", "wave23zh_a", "wave23zh_b", "wave23zi_a", "wave23zi_b", "wave23zj_a", "wave23zj_b", "wave24zk_a", "wave24zk_b", "wave24zl_a", "wave24zl_b", "wave24zm_a", "wave24zm_b", "wave25gh_a", "wave25gh_b", "wave25gi_a", "wave25gi_b", "wave25gj_a", "wave25gj_b", "wave25gk_a", "wave25gk_b", "wave26gp_a", "wave26gp_b", "wave26gq_a", "wave26gq_b", "wave26gr_a", "wave26gr_b", "wave26gs_a", "wave26gs_b"]);
/**
 * Waves whose returned content (results, documents) the learned model trains on (bench/train-model.ts): every wave
 * that has left NEVER_READ, both halves, since the sixteenth session. Their descriptions are not trained on.
 */
export function contentTrained(split: string): boolean {
  return /^wave\d+[a-z]?_[ab]$/.test(split) && !NEVER_READ.has(split);
}
/** Splits the learned models train on whole (bench/train-model.ts): the own tune set and the early waves. */
export const MODEL_TRAINED_SPLITS: ReadonlySet<string> = new Set(["tune", "holdout_new", "wave3_a", "wave3_b", "wave4"]);
/** Does `npm run train:model` train on this case? The splits above, and a read wave's returned content (not its descriptions). */
export function modelTrainsOn(split: string, scope: string): boolean {
  return MODEL_TRAINED_SPLITS.has(split) || (contentTrained(split) && !DESCRIPTION_SCOPES.has(scope as Scope));
}
export type Provenance = "never read (new authors)" | "unread half (its author's other half read)" | "unread, own (holdout, wave 5)" | "read or trained on";
/** `cls`: the class a count is for; an unread half's injection counts come from content the model trained on. */
export function provenance(split: string, cls?: Class): Provenance {
  if (NEVER_READ.has(split)) return "never read (new authors)";
  if (cls === "indirect_injection" && contentTrained(split)) return "read or trained on";
  if (split === "holdout" || split === "wave5") return "unread, own (holdout, wave 5)";
  if (/^wave\d+[a-z]?_b$/.test(split) && split !== "wave3_b") return "unread half (its author's other half read)";
  return "read or trained on";
}

/** The per-class counts of the splits of each provenance, summed. */
export function byProvenance(results: Record<string, Record<Class, Counts>>): Map<Provenance, Record<Class, Counts>> {
  const out = new Map<Provenance, Record<Class, Counts>>();
  for (const [split, r] of Object.entries(results)) {
    for (const c of CLASSES) {
      const p = provenance(split, c);
      const acc = out.get(p) ?? (Object.fromEntries(CLASSES.map((k) => [k, { tp: 0, fn: 0, fp: 0, tn: 0, misses: [], falseAlarms: [] }])) as unknown as Record<Class, Counts>);
      acc[c].tp += r[c].tp; acc[c].fn += r[c].fn; acc[c].fp += r[c].fp; acc[c].tn += r[c].tn;
      out.set(p, acc);
    }
  }
  return out;
}

const pct = (n: number, d: number): string => (d === 0 ? "  n/a " : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

export function table(r: Record<Class, Counts>): string[] {
  const lines = ["| class | attacks | benign | TP | FN | FP | precision | recall | FPR |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"];
  for (const cls of CLASSES) {
    const k = r[cls];
    lines.push(`| ${cls} | ${k.tp + k.fn} | ${k.fp + k.tn} | ${k.tp} | ${k.fn} | ${k.fp} | ${pct(k.tp, k.tp + k.fp)} | ${pct(k.tp, k.tp + k.fn)} | ${pct(k.fp, k.fp + k.tn)} |`);
  }
  return lines;
}

/**
 * Injection and tool-poisoning figures per provenance, English against other languages (a case is in another
 * language when text/gloss.ts names one for its first 500 characters): the gap between the two is what the
 * English gloss was built for (docs/detection.md, fifteenth session).
 */
function byLanguage(cases: Case[], alertsPerCase: Map<string, Alert[]>): string[] {
  const out = ["## by provenance and language", "", "| provenance | class | language | attacks detected | false alarms |", "|---|---|---|---:|---:|"];
  const otherLanguage = new Map(cases.map((c) => [c.id, languageOf(c.text.toLowerCase().slice(0, 500)) !== null]));
  for (const p of ["never read (new authors)", "unread half (its author's other half read)", "unread, own (holdout, wave 5)", "read or trained on"] as const) {
    for (const cls of ["indirect_injection", "tool_poisoning"] as const) {
      for (const other of [false, true]) {
        let tp = 0, atk = 0, fp = 0, ben = 0;
        for (const c of cases) {
          if (provenance(c.split!, cls) !== p || otherLanguage.get(c.id) !== other) continue;
          const predicted = new Set((alertsPerCase.get(c.id) ?? []).flatMap(classesOf));
          if (c.label === "attack" && c.class === cls) { atk++; if (predicted.has(cls)) tp++; }
          if (c.label === "benign" && negativeClassesFor(c.scope).includes(cls)) { ben++; if (predicted.has(cls)) fp++; }
        }
        if (atk + ben) out.push(`| ${p} | ${cls} | ${other ? "other" : "English"} | ${tp}/${atk} ${pct(tp, atk)} | ${fp}/${ben} ${pct(fp, ben)} |`);
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  setLogLevel("silent");
  const verbose = process.argv.includes("--verbose");
  const cases = loadCorpus();
  const t0 = performance.now();
  const { results, alertsPerCase } = evaluate(cases);
  const ms = performance.now() - t0;
  const n = (pred: (c: Case) => boolean): number => cases.filter(pred).length;
  const out: string[] = [];
  out.push(`corpus: ${cases.length} cases — ${n((c) => c.label === "attack")} attacks, ${n((c) => c.label === "benign")} benign (${n((c) => c.label === "benign" && !c.id.startsWith("ben-w"))} real) — evaluated in ${(ms / 1000).toFixed(1)} s`);
  for (const split of SPLITS) {
    out.push("", `## ${split} (${n((c) => c.split === split)} cases)`, "", ...table(results[split]!));
    const misses = CLASSES.flatMap((c) => results[split]![c].misses);
    const fas = [...new Set(CLASSES.flatMap((c) => results[split]![c].falseAlarms))];
    out.push("", `missed attacks: ${misses.length ? misses.join(", ") : "none"}`, `false alarms: ${fas.length ? fas.join(", ") : "none"}`);
  }
  const groups = byProvenance(results);
  for (const p of ["never read (new authors)", "unread half (its author's other half read)", "unread, own (holdout, wave 5)", "read or trained on"] as const) {
    const r = groups.get(p);
    if (r) out.push("", `## by provenance: ${p}`, "", ...table(r));
  }
  out.push("", ...byLanguage(cases, alertsPerCase));
  console.log(out.join("\n"));
  if (verbose) {
    for (const c of cases) {
      const alerts = alertsPerCase.get(c.id) ?? [];
      const cls = [...new Set(alerts.flatMap(classesOf))];
      const wrong = c.label === "attack" ? !cls.includes(c.class!) : cls.some((x) => negativeClassesFor(c.scope).includes(x));
      // Unread splits keep their texts unread: their ids and alerts only.
      const text = provenance(c.split!) === "read or trained on" ? c.text.slice(0, 200).replace(/\s+/g, " ") : "(text withheld: unread split)";
      if (wrong) console.log(`\n[${c.split}] ${c.id} (${c.label} ${c.class ?? c.scope}): ${text}\n   → ${alerts.filter((a) => a.severity !== "info").map((a) => `${a.rule_id} ${a.score} ${a.evidence[0]?.reason ?? ""}`).join(" | ") || "no alert"}`);
    }
  }
  if (!process.argv.includes("--no-write")) writeEvalDoc(out);
}

function writeEvalDoc(resultLines: string[]): void {
  const doc = [
    "# Detection quality (`npm run eval`)",
    "",
    "Generated by `bench/eval.ts`; re-run `npm run eval` to refresh. Numbers below are from the last run.",
    "",
    "## Corpus",
    "- **Attacks** (`eval/cases/attacks.jsonl`): written for Geiger from public attack descriptions, each case citing",
    "  the write-up its idea comes from (Invariant Labs tool poisoning / WhatsApp / GitHub MCP, Trail of Bits line",
    "  jumping and ANSI codes, CyberArk full-schema poisoning, HiddenLayer parameter abuse, Unit 42 sampling attacks,",
    "  Elastic Security Labs, OWASP LLM01 scenarios, Greshake et al. 2023, Embrace The Red ASCII smuggling and markdown",
    "  image exfiltration, Simon Willison's lethal trifecta, General Analysis' Supabase MCP leak).",
    "- **Benign, real**: tool/prompt/resource definitions, instructions and tool outputs of the MCP servers in",
    "  node_modules run live over stdio (`eval/sources/extract-real-servers.ts` → `real-servers.json`: filesystem,",
    "  memory, everything); tool and parameter descriptions and prompt templates extracted from the published",
    "  reference servers' packages (`reference-servers.json`: github, gitlab, slack, postgres, puppeteer, brave-search,",
    "  google-maps, redis, gdrive, sequential-thinking, fetch, git, sqlite, time); README documents of installed npm",
    "  packages in ~3 kB chunks as tool results / resource contents.",
    "- **Benign, written** (`eval/cases/benign-written.jsonl`): ordinary emails and documents that talk about",
    "  instructions, passwords, tokens and URLs; security-awareness text *about* prompt injection; Unicode-rich text",
    "  (emoji ZWJ sequences and flags, Arabic, Hebrew, Persian ZWNJ, Hindi, Russian, Greek, soft hyphens, coloured CLI",
    "  output); outbound arguments (SQL, search URLs, presigned S3 URLs, emails with links, data: URIs).",
    "",
    "A case is a detection of class C when any alert of severity ≥ low maps to C (semantic detector or YAML rule).",
    "Benign cases count as negatives for every class that could fire in their scope. `tune` and `holdout` are split",
    "by a hash of the case id. Caveat: all attack cases were written by the same engineer who wrote the detectors,",
    "so holdout recall is an optimistic estimate of recall on independent attacks; the benign side is mostly real.",
    "",
    "How it was used: the signal lexicon was tuned by looking only at the `tune` split's misses and false alarms",
    "(generalising the shape, not copying phrases); `holdout` was run but its cases were not used to change the",
    "detectors. Known gaps (see docs/detection.md): the lexicon is English-only (a German injection is missed);",
    "attacks phrased as plain business requests with no model-addressing, secrecy, override or exfiltration",
    "traits score low; text that *quotes* an injection phrase (security training) can be flagged.",
    "",
    "### holdout_new: order of work (issue 4 follow-up)",
    "1. `eval/cases/holdout-new.jsonl` (39 attacks across all four classes and eight languages, each citing a public",
    "   write-up: Invariant Labs, Trail of Bits, CyberArk, Elastic Security Labs, Unit 42, AgentDojo, InjecAgent,",
    "   Greshake et al., Embrace The Red, General Analysis, OWASP LLM01, MPMA, HiddenLayer; and 26 hard benign texts,",
    "   multilingual) plus CHANGELOG/HISTORY/SECURITY/CONTRIBUTING/docs pages of installed packages were added FIRST",
    "   and scored with the unchanged detectors: tool_poisoning 9/14, indirect_injection 2/18, exfiltration 3/4,",
    "   hidden_content 3/3, FPR 25 % (1/4) / 1.9 % / 0 % / 0 %.",
    "2. Then the detectors were changed: core vs booster families (no alert without a core trait), generalised",
    "   shapes (any modal addressed to the model, messages to the AI, consent bypass, privileged actions, preference",
    "   manipulation, acting against the user's request, privacy dismissal, IBAN/account payments, HTML comments to",
    "   the model), a multilingual lexicon (de/fr/es/it/pt/zh/ru/ja), a discount for quoted/taught text and for",
    "   overrides scoped to a topic. Caveat: these shapes were designed while looking at the holdout_new misses, so",
    "   holdout_new is NOT blind after step 2; the old `holdout` split was not used for tuning in this round (its",
    "   remaining misses are listed below, untouched). Independent data remains the real test.",
    "",
    "### wave3 and wave4: MCP-focused cases, and how little narrow shapes transfer (issue 4, fifth session)",
    "1. `eval/cases/wave3.jsonl`: 29 attacks (MCPTox-style parameter tampering and function hijacking, full-schema and",
    "   error-message poisoning, errands for the agent in issues, mail, calendars, memories and code comments) and 22",
    "   hard benign look-alikes, written before any detector change and split in halves `wave3_a` / `wave3_b`. First",
    "   run (commit 615cf99): tool poisoning 1/7 and 1/7, indirect injection 5/8 and 2/7, 1 false alarm in 22 (an",
    "   AGENTS.md heading \"for AI coding agents\").",
    "2. Signals were then written from `wave3_a`'s misses only (commit d268de5): `wave3_a` went to 7/7 and 8/8, and",
    "   `wave3_b` did not move (1/7, 2/7). Shapes written for one phrasing did not catch the other half's paraphrases.",
    "3. `wave3_b`'s misses were then read too (so it is no longer blind), and `eval/cases/wave4.jsonl` was written",
    "   afterwards, fresh: 32 attacks and 22 benign look-alikes. First run, with and without the `wave3_b` changes",
    "   (identical): tool poisoning 2/16 (12.5 %), indirect injection 7/16 (43.8 %), 0 false alarms in 22. This is the",
    "   honest figure for MCP-specific attacks written by someone other than the signal's phrasing: low.",
    "4. Broader signals followed, from `wave4`'s misses (so `wave4` is tuned on now too): an errand with consequences",
    "   handed to any AI reader (modal or vocative, negation-aware, reported requests excluded), arguments filled from",
    "   private data, secrets shown unmasked or concatenated into URLs, markdown-image and public-cloud exfiltration",
    "   orders, other servers' tools forbidden, and a description rule: three independent traits alert without a core",
    "   one. Every addition was checked against `npm run eval:benign` (33k chunks of real text) and the third-party",
    "   benign sets; three that fired there (\"silently drop the packet\" in Python, \"without waiting for approval\"",
    "   in a gcloud page, a README's \"ask the AI assistant to list your pods\") were removed or narrowed.",
    "5. `eval/cases/wave5.jsonl` was written after step 4, fresh (24 attacks, 16 look-alikes), and measured once:",
    "   tool poisoning 3/12, indirect injection 5/12, 0 false alarms. It has not been tuned on.",
    "6. A learned second opinion (docs/detection.md) was trained WITHOUT wave 5 and the old `holdout` split; it lifts",
    "   a core signal below the threshold when its probability exceeds 0.9, and alerts alone on a tool description",
    "   above 0.98 (a threshold chosen on 1,173 benign descriptions and `holdout`, 0 of them above it). Wave 5 with",
    "   it, measured once: 6/12 and 8/12; `holdout`: 12/13 and 12/15 (from 9/13 and 11/15). Every other split below",
    "   was trained on and is optimistic.",
    "7. `eval/cases/wave6.jsonl` (32 attacks, 32 look-alikes) was written by a blind author: a separate agent that",
    "   read no detector code, no signal, no earlier case and ran nothing, given only the attack families and the",
    "   file format. Committed (eecf8a0) before it was first run; first run, detectors as at 1a3e6da: tool poisoning",
    "   11/16, indirect injection 11/16, 2 false alarms among 16 benign descriptions, 0 among 16 benign results.",
    "8. Wave 6 was then halved by id parity. `wave6_a`'s errors were read (6 misses, 1 false alarm) and generalised",
    "   into signals (rival tools disparaged in a list or as returning stale data, the user's named choice overridden,",
    "   mail or payee re-addressed, an errand for \"the agent triaging this issue\", plural or `x-bot` vocatives, code",
    "   posting a credential file, a change kept out of the summary) and the coreless rule now counts only traits of",
    "   weight 0.2 or more. `wave6_a` became 8/8 and 8/8 with 0 false alarms. `wave6_b`, whose texts were not read:",
    "   unchanged (5/8 tool poisoning, 7/8 indirect injection, 1 false alarm in 8 benign descriptions): again the",
    "   signals written from one half did not carry to the other.",
    "9. `eval/cases/wave7.jsonl` (60 attacks, 60 look-alikes) came from a second blind author under the same rules,",
    "   asked for wider variety of tone and for paraphrase instead of stock phrases; committed (b54ba97) before its",
    "   first run, detectors as at acad49e, halved by id parity: tool poisoning 9/15 (`a`) and 10/15 (`b`), indirect",
    "   injection 6/15 and 7/15; false alarms 2/15 and 3/15 benign descriptions, 0 benign results. Overall 19/30,",
    "   13/30, 5/30 false alarms: the honest figure for attacks and look-alikes written by someone else.",
    "10. `wave7_a`'s errors were then read and generalised (a JSON value is not a quotation; errands for reader",
    "   classes such as \"the billing assistant\" or \"if an assistant is reading this\"; consequential errands: quote",
    "   the system prompt, ask the user for a password, apply a coupon, save a standing preference; reports shaped",
    "   from a ticket; a payment destination replaced by a wallet, IBAN or address; transfers kept out of summaries;",
    "   a deny-list of key files is not a pointer to them). `wave7_a`: 12/15 and 11/15, 1 false alarm. `wave7_b`",
    "   (texts unread): 10/15 and 8/15 (+1), 3 false alarms (unchanged); wave 5 and `wave6_b` unchanged; external",
    "   blind indirect injection unchanged at 82.6 % (the JSON-value rule at first also freed prose quoted after a colon,",
    "   +2 there; narrowed to JSON, that went). Same-author transfer is small, cross-author transfer none.",
    "11. `eval/cases/wave8.jsonl` (60 attacks, 60 look-alikes) came from a third blind author under the same rules;",
    "   committed (cc9f23e) before its first run, detectors as at e5319b4: tool poisoning 9/15 (`a`) and 4/15 (`b`),",
    "   indirect injection 12/15 and 8/15, 1 false alarm in 30 benign descriptions, 0 in 30 benign results.",
    "12. Instead of more signals, more training data for the learned model: seven further agents, who wrote none of",
    "   the eval cases and read nothing of the repository, wrote 1,640 training-only texts (`eval/train/`, 680 attacks",
    "   and 960 look-alikes: tool descriptions, returned content, hard look-alikes of both, short snippets, some in",
    "   other languages or structured formats). This harness never reads them. The model was retrained on them",
    "   (weights averaged over five sample orders, Chinese and Japanese read as character pairs, the third-party",
    "   corpus's attacks weighted 2, chosen by cross-validation on its tune half: `npm run train:model -- --cv`). Its",
    "   description-alone threshold moved from 0.98 to 0.99 (chosen on `wave7_a`: one false alarm fewer, nothing lost",
    "   on `holdout`, wave 5 or the `a` halves) and its content lift from 0.9 to 0.95 (chosen on the unit tests'",
    "   hand-written look-alikes; nothing lost on the same sets). One signal changed (\"silently\" inside an option",
    "   name such as Dir::Ignore-Files-Silently is not an instruction; `eval:benign`). Unread halves, before → after:",
    "   `wave8_b` 4/15 → 11/15 tool poisoning, 8/15 → 9/15 indirect injection, 0 → 0 false alarms; `wave7_b` 10/15 →",
    "   13/15 and 8/15 → 9/15, 3 → 1 false alarms; `wave6_b` 5/8 → 7/8 and 7/8 → 7/8, 1 → 0. Wave 5: 6/12 → 10/12 and",
    "   8/12 → 9/12. Own holdout unchanged (12/13, 12/15, 0 false alarms). External blind (third-party authors, the",
    "   one check that shares no author with the training texts): tool poisoning 35/35 with 1 false alarm in 348",
    "   benign descriptions (was 0), indirect injection 82.6 % → 82.5 %, 1 false alarm in 164 (unchanged). Training",
    "   and test authors are separate agents of one model family, so part of the gain on waves 6-8 may be shared",
    "   style; the external figures are the guard.",
    "13. `eval/cases/wave9.jsonl` (50 attacks modelled on publicly reported incidents, 50 look-alikes) from a fourth",
    "   blind author, committed (ae4cbc4) before its first run, after step 12: tool poisoning 19/20, indirect injection",
    "   20/30, 1 false alarm in 20 benign descriptions, 1 in 30 benign results (the session's starting code, e5319b4:",
    "   15/20, 20/30, 1, 1).",
    "14. In content a near-certain model (p > 0.99) now carries a text with a directive trait (imperative, address to",
    "   an AI, authority, an order to publish) but no core one to the threshold; chosen on the external tune half and",
    "   `holdout` (a gate on any trait added 13 `eval:benign` false alarms, the directive gate 1). Unread halves:",
    "   `wave7_b` 9/15 → 11/15, `wave8_b` 9/15 → 10/15 with 1 new false alarm in 15 benign results, `wave9_b` 9/15 →",
    "   10/15, `wave6_b` unchanged; `holdout` 12/15 → 13/15; external blind 82.5 % → 85.4 %, false alarms unchanged.",
    "15. `eval/cases/wave10.jsonl` (60 attacks, 60 look-alikes) from a fifth blind author, asked for texts as they",
    "   appear on the wire (JSON API objects, HTML pages, CSV exports, logs, mail threads, full tool definitions with",
    "   the payload a small part of the whole, half of the attacks without classic trigger words); committed (f741b04)",
    "   before its first run, detectors as at 3b2115b: tool poisoning 9/15 (`a`) and 12/15 (`b`), indirect injection",
    "   8/15 and 7/15, false alarms 0/30 and 3/30. Realistic containers halve the recall of the earlier waves.",
    "16. Two more blind authors wrote 480 texts as training data: planted errands with no trigger word and their",
    "   look-alikes, and sixteen other languages with manuals about passwords and keys as look-alikes. Retraining on",
    "   them moved the held-out figures both ways (wave 5 -1 and -1, `wave7_b` +1, `wave10` -1 and -2 with 2 false",
    "   alarms fewer, external blind unchanged with 1 false alarm more), and training on every read `a` half as well",
    "   was worse on every unread half (external blind 85.4 % → 84.7 %). The model was kept, and the 480 texts became",
    "   test sets instead (`wave11-h`, `wave11-i`, committed as 0c3a1c1 before their first run, halved by id parity).",
    "   First run, detectors as at 3b2115b: planted errands without trigger words 18/100 with 2 false alarms in 140;",
    "   other languages, tool poisoning 14/40 with 11 false alarms in 80 honest descriptions (7 from the rule",
    "   `poisoning.agent-secret-path` on descriptions that say they leave ~/.ssh alone, 6 from the model alone, two",
    "   descriptions drawing both),",
    "   indirect injection 3/40. These are the lowest figures of any set and the honest ones for those two kinds.",
    "17. Signals from the read halves only. From `wave8_a`/`wave9_a`: a note labelled for the AI inside data",
    "   (\"ASSISTANT_NOTE:\", \"ai.agent/instructions:\"), a tag addressed to it, secrecy about the change itself; from",
    "   `wave11i_a`: the same label in other languages (\"Uwaga dla modelu:\", \"査読支援AIへ：\"), \"don't mention it\"",
    "   in fourteen languages, and a refusal in the sentence naming the file as an exception of",
    "   `poisoning.agent-secret-path` in fifteen languages; from `wave10_a`: \"AI assistant:\" as a vocative, a",
    "   comment line that goes on after its colon is not a heading, a payout destination switched to an account id, a",
    "   change kept out of \"the owner's activity digest\" (`wave10_a` indirect injection 8/15 → 10/15); from",
    "   `wave11h_a`: an errand for whoever processes the text (\"whoever triages this issue:\"), core but below the",
    "   threshold alone (`wave11h_a` 7/50 → 26/50 with 1 more false alarm, 2/70). Unread halves, before → after:",
    "   `wave11h_b` 11/50 → 19/50 with 1 more false alarm (2/70; the prompt that commissioned wave 11h used \"whoever",
    "   summarises this thread\" as its example, so the idiom is over-represented there); `wave11i_b` indirect",
    "   injection 2/20 → 6/20, tool poisoning 6/20 → 7/20, false alarms 6/40 → 6/40 (the rule's 3 alerts there are on",
    "   tools that use the files, the model's 5 alone are unchanged, two descriptions draw both); `wave7_b` indirect",
    "   injection 11/15 → 12/15; `wave8_b` 11/15",
    "   → 12/15 and 10/15 → 11/15; `wave6_b`, `wave9_b`, `wave10_b`, wave 5 and `holdout` unchanged;",
    "   external blind unchanged (85.4 %, 1 + 1 false alarms); `eval:benign` unchanged (5 of 32,880).",
    "18. Ninth session. Signals first came from three new third-party sources' tune halves (docs/EVAL-external.md,",
    "   step 8: coding-agent errands, more languages, canary words, orders about the answer). Then two more blind",
    "   authors wrote `wave12-j` (errands in repository content for coding agents: issues, code comments, commit",
    "   messages, CI files) and `wave12-k` (orders about the assistant's answer planted in mail, reviews, pages, sheets,",
    "   tickets), 100 cases each, committed (6c718bd) before their first run and halved by id parity. First run: the",
    "   session's starting detectors (b3175fd) and those after the third-party round scored the same, 12j 12/50 and",
    "   12k 14/50 with 2 false alarms in 100: nothing written from the third-party tune halves transferred to these",
    "   authors' phrasings. From the `a` halves only: an order conditioned on the text being processed (\"if this",
    "   record is being read to prepare …\"), words to relay to the user verbatim, assistants addressed by their trade",
    "   (\"[Shopping assistants: …]\", \"responses generated from this article must …\"), a code or password asked for in",
    "   a reply, secrecy from maintainers and reviewers (\"no need to raise this with the other maintainers\", \"keep the",
    "   commit message generic\", \"don't add a test or a doc entry for it\"), \"pre-granted\" approval, and models",
    "   answering from a page. `wave12k_a` 8/25 → 17/25, `wave12j_a` 6/25 → 7/25; unread halves `wave12k_b` 6/25 →",
    "   6/25 and `wave12j_b` 6/25 → 7/25, false alarms unchanged. The read half's gain did not carry to the unread one:",
    "   plain-language task hijacking is phrased too many ways for shapes read off 25 cases.",
    "19. Tenth session: a learned model of passages instead of more signals. Three more blind authors wrote `wave13-l`",
    "   and `wave13-n` (50 each, one prompt: what office, developer and consumer tools return) and `wave13-m` (100:",
    "   tool poisoning in descriptions, injections in structured results), committed (1f5dd4c, 18ee086) before their",
    "   first run and halved by id parity. The learned model gained a window model (docs/detection.md, tenth session):",
    "   the same features over 64-word windows, trained as multiple-instance learning, which alerts alone in content",
    "   when near-certain of one passage. Both models were retrained on the current corpora plus half of this",
    "   machine's man pages (ten languages). Wave 13, first runs: the session's starting detectors (afe4e17) → the",
    "   window model as first wired (one threshold, 0.995, before the man pages) → final: 13l 14 → 19 → 20/25, 13n 16",
    "   → 21 → 21/25, 13m injections 5 → 11 → 12/25 (all wave-13 injections 35/75 → 53/75, false alarms 4 → 5 in 75",
    "   honest results), 13m tool poisoning 17 → 17 → 18/25 (0 false alarms in 25 honest descriptions throughout).",
    "   The final thresholds (0.998; 0.9998 for a text of one window) were chosen on the read halves only. Unread",
    "   halves of the older waves with the own holdout and wave 5: injections 108/215 → 131/215 (50.2 → 60.9 %),",
    "   false alarms 5 → 9 in 427 honest results (`wave11h_b` 2 → 5); tool poisoning 82/108 → 84/108, false alarms",
    "   10 → 11 in 258. External blind injection 81.9 → 86.4 % (6 false alarms in 193, 3 before); `eval:benign` 5 of",
    "   32,880 chunks, unchanged (7 before the man pages were trained on: Spanish, Italian and Japanese manuals).",
    "   Then, from the read halves of wave 13 only: an AI reader named by its task (\"For the reviewing agent: …\") and",
    "   an errand for whoever compiles something from the text (\"whoever compiles summaries from this export\"):",
    "   `wave13n_a` 11 → 13/13, unread `wave12k_b` 8 → 9/25, nothing else moved, no false alarm added.",
    "20. At the end of the tenth session two more blind authors wrote `wave14-p` (injections in what tools return) and",
    "   `wave14-q` (tool poisoning beside injections), 50 cases each, committed (a5a908b) before their first run, which",
    "   is their only one: nothing was tuned on them. Session start (afe4e17) → final: injections 14p 16 → 19/25 and",
    "   14q 8 → 11/13 (together 24/38 → 30/38, 63.2 → 78.9 %), false alarms 3 → 4 in 38 honest results; tool",
    "   poisoning 11 → 12/12, no false alarm in 12 honest descriptions.",
    "21. Eleventh session. Four more blind authors wrote 200 cases, each pair committed before its first run:",
    "   `wave15-r` (collaboration and business tools, a fifth in eleven other languages) and `wave15-s` (a malicious",
    "   server's metadata, input-schema descriptions included, and developer-tool output), 94a99a7; `wave16-t` (the",
    "   same attacks in 25 other languages) and `wave16-u` (what a browsing or document-reading agent gets back),",
    "   22bcee5. An `input_schema` case is run as a tools/list entry with that parameter. The `_a` halves of waves",
    "   14, 15 and 16 were read; the `_b` halves were not. Session start (94a99a7) → final: wave 15 injections",
    "   29 → 32/37 (unread halves 13 → 14/18), false alarms 2 → 2 in 37, tool poisoning 13/13 with false alarms",
    "   3 → 1 in 13; wave 16 injections 16 → 23/42 (unread halves 6 → 7/20), no false alarm in 42, tool poisoning",
    "   2/8 with 2 false alarms in 8; unread halves of waves 6–14 with holdout and wave 5: injections 171 → 175/270",
    "   (63.3 → 64.8 %), false alarms 14 → 14 in 482, tool poisoning 98 → 99/126, false alarms 11 → 10 in 276.",
    "   What moved unread halves was not read off any case: JSON escapes and hard-wrapped lines read as the model",
    "   reads them, and errands handed to an AI reader in other languages (docs/detection.md).",
    "22. Twelfth session. Four more blind authors wrote `wave17-v` (what business data systems and automation",
    "   platforms return) and `wave17-w` (server metadata across domains and what a coding agent reads back), 7b12435,",
    "   and `wave18-x` (what a personal or office assistant gets back) and `wave18-y` (third-party server metadata and",
    "   what databases, monitoring and CI/CD return), acddf5c, each pair committed before its first run; nobody read",
    "   either half of wave 18. Three more wrote 300 cases for training (business records, server metadata, browsing",
    "   content, 40-50 % in other languages); trained on, they moved the own unread halves up (injections 202 → 211",
    "   of 325) and the third-party blind half down (668 → 664 of 773, false alarms 6 → 8), so they became test sets",
    "   `wave19-h/i/j` (fa52579) and the shipped model is unchanged. The `_a` halves of waves 17 and 19 were read.",
    "   Session start (cfad7e7) → final, first runs at the session start: wave 17 injections 12 → 21/35 (unread",
    "   halves 5 → 5/17), false alarms 5 → 4 in 35, tool poisoning 12/15 with 3 false alarms in 15; wave 19",
    "   injections 49 → 66/100 (unread halves 23 → 26/50), tool poisoning 31 → 36/50 (unread 14 → 15/25), false",
    "   alarms unchanged (7 in 100 honest results, 8 in 50 honest descriptions); wave 18, never read, unchanged:",
    "   injections 22/35, false alarms 3 in 35, tool poisoning 9/15, false alarms 4 in 15. Unread halves of waves",
    "   6–16 with holdout and wave 5: injections 196 → 197/308, tool poisoning 107/136, false alarms unchanged.",
    "   Training the learned models on every read `_a` half as well lifted injections on the unread `_b` halves",
    "   from 228 to 251 of 375, but not on wave 18 (22 → 20/35; tool poisoning 9 → 12/15) nor on the third-party",
    "   blind half (668 → 664 of 773): it learns the authors' phrasing, which the `_b` half of the same author shares.",
    "   The `_b` halves therefore overstate generalisation for anything derived from their `_a` halves; wave 18 and",
    "   the third-party corpus, written by people whose texts were never read, are the figures to trust. The",
    "   results now end with the figures summed by provenance. Wave 20 (two more authors, never read) was committed",
    "   last; its first run is this session's final state: injections 17/32 with 5 false alarms in 33 honest",
    "   results, tool poisoning 13/18 with 4 in 17 honest descriptions. Never read in all (waves 18 and 20):",
    "   injections 39/67 (58.2 %), tool poisoning 22/33 (66.7 %).",
    "23. Thirteenth session. Two more blind authors wrote `wave21-zc` (a support and finance agent's CRM, helpdesk,",
    "   calendar and accounting records and those servers' metadata) and `wave21-zd` (a coding agent's registries,",
    "   code search, consoles, log search and wiki), committed before their first run (b5baab3) and never read. Its",
    "   first run, at the session start: injections 12/28 with 5 false alarms in 27 honest results, tool poisoning",
    "   19/22 with 2 in 23 honest descriptions. A pretrained sentence encoder (all-MiniLM-L6-v2, from PyPI) was",
    "   tried as a detector of another kind (bench/confirmer/, docs/detection.md): alone, over its full contextual",
    "   vectors or over static vectors distilled from it, it added about as many false alarms as detections on",
    "   authors nobody read. Asked only to confirm the window model (window probability above 0.9 on a text of",
    "   several windows, the distilled confirmer above 0.8), it ships. Session start → final: never read (waves 18,",
    "   20, 21) injections 51 → 55/95, false alarms 13 → 13 in 95; third-party blind half 668 → 674/773, false",
    "   alarms 6 → 6 in 193; unread halves 203 → 207/348, false alarms 19 → 21 in 389; read halves 342 → 344/419,",
    "   false alarms 12 → 15 in 703. Tool poisoning unchanged everywhere.",
    "24. Fourteenth session. Three more blind authors wrote `wave22-ze` (hospital administration, HR and legal records",
    "   and their servers' metadata), `wave22-zf` (a browsing and research assistant's pages, feeds, shops and travel)",
    "   and `wave22-zg` (a data and operations agent's query results, dashboards, clusters and chat-ops), committed",
    "   before their first run and never read. First run, detectors unchanged: injections 26/51 with 3 false alarms in",
    "   51 honest results, tool poisoning 22/24 with 4 in 24 honest descriptions. Never read in all (waves 18, 20, 21,",
    "   22): injections 81/146 (55.5 %), tool poisoning 63/79 (79.7 %). The session's signals came from a new",
    "   third-party source's tune half (docs/EVAL-external.md, step 12) and changed no case of this corpus.",
    "25. Fifteenth session. Three more blind authors wrote `wave23-zh` (a university's courses, papers, library and lab",
    "   systems), `wave23-zi` (logistics, warehouses, fleets and smart buildings) and `wave23-zj` (software delivery,",
    "   CI, registries and infrastructure as code), committed before their first run (6dc468d) and never read. First",
    "   run, detectors unchanged: injections 28/51 with 1 false alarm in 39 honest results, tool poisoning 17/24 with",
    "   2 in 36 honest descriptions. Split by language (the table at the end), never-read attacks in other languages",
    "   were caught half as often as English ones (injections 19/54 against 90/143). Text in another language is now",
    "   also read through a word-by-word English gloss (docs/detection.md, fifteenth session; lexicons written from",
    "   knowledge of 31 languages, not from cases; its two acceptance rules chosen on the read and unread halves).",
    "   Never read in all (waves 18, 20-23): injections 109 → 121/197 (55.3 → 61.4 %), false alarms 17 → 19 in 185;",
    "   tool poisoning 80 → 87/103 (77.7 → 84.5 %), 16 → 16 in 115. Unread halves: injections 207 → 225/348, tool",
    "   poisoning 104 → 114/143 (false alarms 21 → 23 and 19 → 21). English figures unchanged.",
    "26. Sixteenth session. Three more blind authors wrote `wave24-zk` (bookkeeping and payments), `wave24-zl` (customer",
    "   support and CRM) and `wave24-zm` (a personal assistant's mail, calendar and home), committed before their first",
    "   run and never read. First run, detectors unchanged: injections 39/51 with 3 false alarms in 36 honest results,",
    "   tool poisoning 21/24 with 3 in 39 honest descriptions. The learned models now also train on the returned content",
    "   of every wave that has left NEVER_READ (both halves, not their descriptions), chosen by a cross-author check on",
    "   the read waves (`npm run train:model -- --cv-authors`; docs/detection.md, sixteenth session), so an unread",
    "   half's injection counts now count as trained on. Never read (waves 18, 20-24): injections 160 → 182/248 (64.5",
    "   → 73.4 %), false alarms 22 → 20 in 221; tool poisoning 108 → 108/127, 19 → 16 in 154. Unread halves' tool",
    "   poisoning 114 → 105/143 (false alarms 21 → 20); own holdout and wave 5: tool poisoning 23 → 22/25.",
    "   Four more blind authors' training-only content helped the same check but raised false alarms on real",
    "   documentation and short honest texts when trained on, so it became a never-read test set, `wave25-g{h,i,j,k}`",
    "   (committed before its first run with the final detector): injections 151/200 with 9 false alarms in 200 honest",
    "   results (the session-start detector, run once for comparison: 143/200 with 16).",
    "27. Seventeenth session. The confirmer was retrained on what the hashed models train on (the read waves' content),",
    "   and the models on four more blind authors' training-only content (`eval/train/gen-l` … `gen-o`, chosen by",
    "   `npm run train:model -- --cv-files` on the read waves, now averaged over four training orders). Never read",
    "   (waves 18, 20-24): injections 182 → 191/248 (73.4 → 77.0 %), false alarms 20 → 19 in 221; tool poisoning",
    "   108 → 107/127, 16 → 16 in 154. Wave 25: 151 → 154/200, false alarms 9 → 10 in 200. Unread halves' tool",
    "   poisoning 105 → 109/143 (false alarms 20 → 20); own holdout and wave 5: tool poisoning 22 → 21/25. Four",
    "   further authors' training-only content lowered the third party's blind half when trained on, so it became",
    "   the never-read test set `wave26-g{p,q,r,s}` (committed before its first run with the final detector):",
    "   injections 112/160 with 17 false alarms in 240 honest results (session-start detector, run once: 109/160, 23).",
    "",
    "## Results",
    "",
    "```",
    ...resultLines,
    "```",
    "",
  ];
  writeFileSync(join(ROOT, "docs/EVAL.md"), doc.join("\n"));
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
