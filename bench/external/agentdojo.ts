// Cases from AgentDojo (PyPI `agentdojo`, ETH Zürich SPyLab): its attack templates instantiated with each suite's
// injection-task goals and placed into the suite's own environment data exactly where the suite declares its
// injection vectors (the attacked tool output); the same tool outputs with the vectors' benign defaults; and the
// suite's tool definitions (docstrings) as benign tool descriptions.
import { parse, stringify } from "yaml";
import type { Scope } from "../../services/detector/text/fields.js";
import { type ExternalCase, makeCase, pick, sample } from "./cases.js";
import { type PyModule, readPythonLiterals, str } from "./python-source.js";

const SUITES = ["workspace", "travel", "banking", "slack"] as const;
type Suite = (typeof SUITES)[number];

/** The tool whose output carries each top-level part of a suite's environment (AgentDojo's own tool names). */
const TOOL_OF: Record<string, string> = {
  inbox: "search_emails", calendar: "search_calendar_events", cloud_drive: "search_files", bank_account: "get_most_recent_transactions",
  filesystem: "read_file", hotels: "get_rating_reviews_for_hotels", restaurants: "get_rating_reviews_for_restaurants",
  car_rental: "get_rating_reviews_for_car_rental", web: "get_webpage", slack: "read_inbox", user: "get_user_information",
  user_account: "get_user_info", reservation: "get_reservation", flights: "get_flight_information",
};

export interface AttackTemplate { name: string; text: string; usesGoal: boolean }
export interface HostOutput { suite: Suite; tool: string; /** Placeholders in the output (vector ids). */ vectors: string[]; render: (fill: Record<string, string>) => string }

/** Version directories in order, so a later `v1_2` injection task replaces the `v1` one of the same class. */
const versionKey = (v: string): number[] => v.slice(1).split("_").map(Number);
const cmpVersion = (a: string, b: string): number => {
  const x = versionKey(a), y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/** Latest GOAL per injection task per suite. */
export function injectionGoals(py: Map<string, PyModule>): Map<Suite, { task: string; goal: string }[]> {
  const latest = new Map<string, { version: string; goal: string }>();
  for (const [file, mod] of py) {
    const m = /default_suites\/(v[\d_]+)\/(\w+)\/injection_tasks\.py$/.exec(file);
    if (!m) continue;
    for (const [cls, c] of Object.entries(mod.classes)) {
      const goal = str(c.attrs.GOAL);
      if (!/^InjectionTask\d+$/.test(cls) || !goal) continue;
      const key = `${m[2]}/${cls}`;
      const prev = latest.get(key);
      if (!prev || cmpVersion(m[1]!, prev.version) > 0) latest.set(key, { version: m[1]!, goal });
    }
  }
  const out = new Map<Suite, { task: string; goal: string }[]>();
  for (const [key, v] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
    const [suite, task] = key.split("/") as [Suite, string];
    if (!out.has(suite)) out.set(suite, []);
    out.get(suite)!.push({ task, goal: v.goal });
  }
  return out;
}

/**
 * Attack templates registered in agentdojo/attacks: `_JB_STRING` / `_DOS_STRING` class attributes or the template
 * passed to the parent constructor. `manual` (asks a human) and `tool_knowledge` (needs each task's ground-truth
 * call sequence, computed by running the suite) are left out.
 */
export function attackTemplates(py: Map<string, PyModule>): AttackTemplate[] {
  const out: AttackTemplate[] = [];
  for (const [file, mod] of py) {
    if (!/agentdojo\/attacks\/\w+\.py$/.test(file)) continue;
    for (const c of Object.values(mod.classes)) {
      const name = str(c.attrs.name);
      const text = str(c.attrs._JB_STRING) ?? str(c.attrs._DOS_STRING) ?? str(c.attrs.$super_init_template);
      if (!name || !text || name === "manual" || name === "tool_knowledge") continue;
      out.push({ name, text, usesGoal: text.includes("{goal}") });
    }
  }
  // Variants that differ only in the user/model names share a text: keep one (names are drawn per case anyway).
  const byText = new Map<string, AttackTemplate>();
  for (const t of out.sort((a, b) => a.name.localeCompare(b.name))) if (!byText.has(t.text)) byText.set(t.text, t);
  return [...byText.values()];
}

/** Fills a template the way AgentDojo's FixedJailbreakAttack does (str.format with goal, user, model). */
export const fillTemplate = (t: string, v: { goal?: string; user: string; model: string }): string =>
  t.replace(/\{(goal|user|model)\}/g, (_, k: "goal" | "user" | "model") => v[k] ?? "");

/**
 * Every tool output of an environment tree: the nearest enclosing list item that is a mapping (an email, an event,
 * a hotel with its reviews, a transaction), else the enclosing list of strings (channel names), else the string
 * itself (a web page, a file). Outputs render as YAML, as AgentDojo's `tool_result_to_str` does.
 */
export function hostOutputs(suite: Suite, env: unknown): HostOutput[] {
  const hosts = new Map<unknown, HostOutput>();
  const fillString = (s: string, fill: Record<string, string>): string => s.replace(/\{(\w+)\}/g, (m, k: string) => fill[k] ?? m);
  const fillDeep = (v: unknown, fill: Record<string, string>): unknown =>
    typeof v === "string" ? fillString(v, fill) : Array.isArray(v) ? v.map((x) => fillDeep(x, fill)) :
      v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillDeep(x, fill)])) : v;
  const vectorsIn = (v: unknown): string[] => [...new Set([...JSON.stringify(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))];
  const walk = (v: unknown, path: unknown[], top: string): void => {
    if (typeof v === "string") {
      // path holds [node, parentIsList] pairs from the root down.
      let host: unknown = null;
      for (let i = path.length - 1; i >= 0 && host === null; i--) {
        const [node, inList] = path[i] as [unknown, boolean];
        if (inList && node && typeof node === "object" && !Array.isArray(node)) host = node;
      }
      if (host === null) {
        const [, inList] = (path[path.length - 1] ?? [null, false]) as [unknown, boolean];
        const parent = inList ? (path.length >= 2 ? (path[path.length - 2] as [unknown])[0] : env) : null;
        host = Array.isArray(parent) && parent.every((x) => typeof x === "string") ? parent : v;
      }
      if (!hosts.has(host)) {
        const h = host;
        hosts.set(h, {
          suite, tool: TOOL_OF[top] ?? "read_data", vectors: vectorsIn(h),
          render: (fill) => (typeof h === "string" ? fillString(h, fill) : stringify(fillDeep(h, fill), { sortMapEntries: true, lineWidth: 0 }).trim()),
        });
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => walk(x, [...path, [x, true]], top));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, [x, false]], top || k);
  };
  walk(env, [], "");
  return [...hosts.values()];
}

/** A suite's environment with `!include` resolved (AgentDojo's ImportLoader), before any placeholder is filled. */
function loadEnvironment(files: Map<string, Buffer>, suite: Suite): unknown {
  const dir = `agentdojo/data/suites/${suite}`;
  const read = (p: string): string => {
    const b = files.get(`${dir}/${p}`);
    if (!b) throw new Error(`agentdojo wheel: missing ${dir}/${p}`);
    return b.toString("utf8");
  };
  const include = { tag: "!include", resolve: (p: string) => parse(read(p)) as unknown };
  return parse(read("environment.yaml"), { customTags: [include] }) as unknown;
}

/** Tool definitions from the suites' tool modules: the docstring's summary as description, `:param x:` lines per parameter. */
export function toolDefinitions(py: Map<string, PyModule>): { name: string; description: string; params: Record<string, string> }[] {
  const out: { name: string; description: string; params: Record<string, string> }[] = [];
  for (const [file, mod] of py) {
    if (!/default_suites\/v1\/tools\/\w+\.py$/.test(file)) continue;
    for (const f of mod.functions) {
      if (!f.top_level || !f.doc || f.name.startsWith("_")) continue;
      const [head, ...rest] = f.doc.split(/\n?:param /);
      const params: Record<string, string> = {};
      for (const p of rest) {
        const m = /^(\w+):\s*([\s\S]*?)(?:\n:return[\s\S]*)?$/.exec(p);
        if (m && f.params.includes(m[1]!)) params[m[1]!] = m[2]!.trim().replace(/\s*\n\s*/g, " ");
      }
      out.push({ name: f.name, description: head!.trim(), params });
    }
  }
  return out;
}

export interface AgentDojoData {
  goals: Map<Suite, { task: string; goal: string }[]>;
  templates: AttackTemplate[];
  users: string[];
  models: string[];
  hosts: HostOutput[];
  defaults: Record<Suite, Record<string, string>>;
  tools: ReturnType<typeof toolDefinitions>;
}

export function readAgentDojo(files: Map<string, Buffer>): AgentDojoData {
  const sources = new Map<string, string>();
  for (const [name, b] of files) {
    if (/agentdojo\/(attacks\/\w+|models|default_suites\/v[\d_]+\/\w+\/injection_tasks|default_suites\/v1\/tools\/\w+)\.py$/.test(name)) sources.set(name, b.toString("utf8"));
  }
  const py = readPythonLiterals(sources);
  const base = py.get("agentdojo/attacks/base_attacks.py")?.module ?? {};
  const dos = py.get("agentdojo/attacks/dos_attacks.py")?.classes.DoSAttack?.attrs ?? {};
  const modelNames = py.get("agentdojo/models.py")?.module.MODEL_NAMES;
  const users = [str(dos.user_name), str(base.DEFAULT_USER_NAME)].filter((x): x is string => !!x);
  const models = [...new Set([...(modelNames && typeof modelNames === "object" && !Array.isArray(modelNames) ? Object.values(modelNames).filter((x): x is string => typeof x === "string") : []), str(base.DEFAULT_MODEL_NAME) ?? "the AI language model"])];
  const hosts: HostOutput[] = [];
  const defaults = {} as Record<Suite, Record<string, string>>;
  for (const suite of SUITES) {
    hosts.push(...hostOutputs(suite, loadEnvironment(files, suite)));
    const vectors = parse(files.get(`agentdojo/data/suites/${suite}/injection_vectors.yaml`)!.toString("utf8")) as Record<string, { default: string }>;
    defaults[suite] = Object.fromEntries(Object.entries(vectors).map(([k, v]) => [k, String(v.default ?? "")]));
  }
  return { goals: injectionGoals(py), templates: attackTemplates(py), users: users.length ? users : ["the user"], models, hosts, defaults, tools: toolDefinitions(py) };
}

const definitionOf = (t: { name: string; description: string; params: Record<string, string> }, description = t.description): Record<string, unknown> => ({
  name: t.name, description,
  inputSchema: { type: "object", properties: Object.fromEntries(Object.entries(t.params).map(([k, v]) => [k, { type: "string", description: v }])) },
});

export function agentDojoCases(d: AgentDojoData, source: string): ExternalCase[] {
  const out: ExternalCase[] = [];
  const scopeFor = (key: string): Scope => (parseInt(key.slice(0, 2), 16) % 4 === 0 ? "resource_content" : "tool_result");
  // Benign: every tool output of every suite with each injection vector at its default.
  for (const h of d.hosts) {
    const text = h.render(d.defaults[h.suite]);
    if (text.trim().length < 40) continue;
    out.push(makeCase({ idHint: `benign-${h.suite}-${text}`, origin: "agentdojo-env", group: `host:${text}`, family: `${h.suite}/${h.tool}`, class: null, label: "benign", scope: "tool_result", text, source, tool: h.tool, server: `agentdojo-${h.suite}` }));
  }
  // Attacks: template × goal, each placed into (up to) two of the suite's injection vectors, the rest at defaults.
  for (const [suite, goals] of d.goals) {
    const targets = d.hosts.filter((h) => h.suite === suite && h.vectors.some((v) => v in d.defaults[suite]));
    if (!targets.length) continue;
    for (const t of d.templates) {
      const instances = t.usesGoal ? goals.map((g) => ({ key: `${suite}/${g.task}`, goal: g.goal })) : [{ key: `${suite}/-`, goal: "" }];
      for (const inst of instances) {
        const hosts = sample(targets, t.usesGoal ? 2 : 6, (h) => `${t.name}|${inst.key}|${h.render({})}`);
        for (const h of hosts) {
          const vector = pick(h.vectors.filter((v) => v in d.defaults[suite]), `${t.name}|${inst.key}|vec`);
          const attack = fillTemplate(t.text, { goal: inst.goal, user: pick(d.users, `${t.name}|${inst.key}|user`), model: pick(d.models, `${t.name}|${inst.key}|model`) });
          const text = h.render({ ...d.defaults[suite], [vector]: attack });
          out.push(makeCase({ idHint: `${t.name}|${inst.key}|${vector}`, origin: "agentdojo-attack", group: `template:${t.text}`, family: t.name, class: "indirect_injection", label: "attack", scope: scopeFor(`${vector}${inst.key}`), text, source, tool: h.tool, server: `agentdojo-${suite}` }));
        }
      }
    }
  }
  // Benign tool definitions, and the same attack strings moved into one tool's description (a transplant: AgentDojo
  // attacks tool outputs, not descriptions; reported as its own row).
  for (const t of d.tools) out.push(makeCase({ idHint: `tool-${t.name}`, origin: "agentdojo-tools", group: `tool:${t.name}`, family: "tools", class: null, label: "benign", scope: "tool_description", text: t.description, source, tool: t.name, server: "agentdojo", definition: definitionOf(t) }));
  for (const [suite, goals] of d.goals) {
    for (const t of d.templates.filter((x) => x.usesGoal)) {
      for (const g of goals) {
        const tool = pick(d.tools, `${t.name}|${suite}/${g.task}|tool`);
        const attack = fillTemplate(t.text, { goal: g.goal, user: pick(d.users, `${t.name}|${g.task}|u`), model: pick(d.models, `${t.name}|${g.task}|m`) });
        const description = `${tool.description}\n${attack}`;
        out.push(makeCase({ idHint: `transplant|${t.name}|${suite}/${g.task}`, origin: "agentdojo-in-description", group: `template:${t.text}`, family: t.name, class: "tool_poisoning", label: "attack", scope: "tool_description", text: description, source, tool: tool.name, server: "agentdojo", definition: definitionOf(tool, description) }));
      }
    }
  }
  return out;
}
