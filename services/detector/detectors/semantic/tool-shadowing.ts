// P5 tool shadowing / cross-server contamination: a server's tool description that names (and instructs
// about) tools of *another* server the same agent session uses, and two servers exposing the same tool name
// to one session (the agent cannot tell which one it calls). Order-independent: whichever server lists first.
import type { Detector, Finding } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { severityForScore } from "../../alerts.js";
import { fieldsOf, groupByItem } from "../../signals/analyse.js";
import { findSignals, type SignalHit } from "../../signals/injection.js";
import { boundedMemo } from "../../signals/memo.js";

interface ServerTools {
  names: string[];
  /** Identifier-like tokens found in this server's descriptions → [tool whose description has it, instructs?]. */
  mentions: Record<string, [string, 0 | 1]>;
}
type SessionTools = Record<string, ServerTools>;

const MAX_SERVERS = 32;
const MAX_NAMES = 300;
const MAX_MENTIONS = 400;
/** snake_case, kebab-case, dotted or camelCase identifiers: specific enough that a mention means the tool. */
const IDENT_RE = /\b[a-z][a-z0-9]{0,40}(?:[_.-][a-z0-9]{1,40}){1,6}\b|\b[a-z]{2,20}(?:[A-Z][a-z0-9]{1,20}){1,5}\b/g;
const INSTRUCTING = new Set(["imperative", "cross_tool", "secrecy", "exfil_action", "smuggle_param", "override", "conditional_threat", "model_tag", "addressed_to_model", "new_task"]);

/** Per description text: does it instruct, and the identifiers it names (memoised: tools/list repeats). */
const scanMemo = boundedMemo<string, { instr: 0 | 1; idents: string[] }>(1024);
function scanDescription(text: string): { instr: 0 | 1; idents: string[] } {
  return scanMemo.get(text, () => {
    const hits: SignalHit[] = [];
    findSignals(text.toLowerCase(), "description", hits);
    return { instr: hits.some((h) => INSTRUCTING.has(h.family)) ? 1 : 0, idents: [...new Set(Array.from(text.matchAll(IDENT_RE), (m) => m[0]))] };
  });
}

const distinctive = (name: string): boolean => /[_.-]/.test(name) || /[a-z][A-Z]/.test(name);

export const toolShadowing: Detector = {
  meta: {
    id: "semantic.tool_shadowing",
    name: "Tool shadowing across servers",
    description: "A tool description of one server names or instructs about tools of another server in the same agent session (shadowing: changing how the agent uses a trusted tool), or two servers expose the same tool name to one session.",
    taxonomy: ["P5"],
    severity: "high",
    owasp: ["LLM01", "LLM06"],
    atlas: ["AML.T0051.001", "AML.T0053"],
    state: { maxKeys: 50_000, ttlMs: 24 * 3600_000 },
  },
  detect(event, ctx) {
    if (event.method !== "tools/list" || !event.result || typeof event.result !== "object") return [];
    const list = (event.result as Record<string, unknown>).tools;
    if (!Array.isArray(list)) return [];
    const cfg = ctx.config as unknown as DetectorConfig;
    const key = `${event.tenant}\u0000${event.agent.session_id}`;
    const session = ctx.state.get<SessionTools>(key) ?? {};
    const me = event.server.name;
    const names = list.map((t) => (t && typeof t === "object" ? (t as Record<string, unknown>).name : undefined))
      .filter((n): n is string => typeof n === "string").slice(0, MAX_NAMES).map((n) => n.slice(0, 200));
    const mentions: ServerTools["mentions"] = {};
    let mentioned = 0;
    for (const [tool, group] of groupByItem(fieldsOf(event, cfg).filter((f) => f.scope === "tool_description"))) {
      const { instr, idents } = scanDescription(group.map((f) => f.norm().clean).join("\n"));
      for (const tok of idents) {
        if (mentioned >= MAX_MENTIONS) break;
        if (tok === tool) continue;
        const cur = mentions[tok];
        if (!cur) { mentions[tok] = [tool, instr]; mentioned++; } else if (instr && !cur[1]) mentions[tok] = [tool, instr];
      }
    }
    const findings: Finding[] = [];
    const mine = new Set(names);
    for (const [other, theirs] of Object.entries(session)) {
      if (other === me) continue;
      for (const n of theirs.names) {
        if (mine.has(n)) {
          findings.push({
            rule_id: "semantic.tool_name_collision",
            rule_name: "Same tool name on two servers",
            title: `Servers '${other}' and '${me}' both expose tool '${n}' to one session`,
            description: `Tool '${n}' is offered by two servers in session ${event.agent.session_id}; the agent may call the wrong one, and a malicious server can shadow a trusted tool this way.`,
            score: 0.6,
            severity: "medium",
            evidence: [{ event_id: event.event_id, path: `result.tools[name=${n}]`, excerpt: `${other}/${n} and ${me}/${n}`, reason: "duplicate tool name across servers" }],
            event_ids: [event.event_id],
            dedup: [n, [other, me].sort().join("\u0000")],
          });
        }
      }
      // This server's descriptions naming the other's tools, and the other's (earlier) descriptions naming ours.
      for (const [describer, target, ment, targets] of [[me, other, mentions, theirs.names], [other, me, theirs.mentions, names]] as const) {
        for (const n of targets) {
          const m = ment[n];
          if (!m || !distinctive(n)) continue;
          const score = m[1] ? 0.8 : 0.55;
          if (score < cfg.min_score) continue;
          findings.push({
            title: `Tool '${m[0]}' of server '${describer}' ${m[1] ? "instructs about" : "names"} tool '${n}' of server '${target}'`,
            description: `The description of ${describer}/${m[0]} refers to ${target}/${n}, a tool of another server in the same session${m[1] ? ", with instructions aimed at the model" : ""}: a shadowing attack changes how the agent uses the other server's tool.`,
            score,
            severity: severityForScore(score),
            evidence: [{ event_id: event.event_id, path: `tool description of ${describer}/${m[0]}`, excerpt: n, reason: `names ${target}/${n}${m[1] ? " and contains instructions" : ""}` }],
            event_ids: [event.event_id],
            dedup: [describer, m[0], target, n],
            entity: { server: describer, tool: m[0] },
          });
        }
      }
    }
    if (Object.keys(session).length < MAX_SERVERS || session[me]) session[me] = { names, mentions };
    ctx.state.set(key, session);
    return findings.slice(0, 20);
  },
};
