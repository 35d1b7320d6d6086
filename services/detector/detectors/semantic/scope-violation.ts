// P3 scope violations: a principal calls a tool outside its configured allow-list, or a read-only principal
// calls a destructive tool (MCP annotation `destructiveHint`/`readOnlyHint` as listed by the server, else a
// write verb in the tool name, else the configured destructive list).
import type { Detector, Finding } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { globToRegExp } from "../../suppressions.js";

/** Annotations as listed: [readOnlyHint, destructiveHint] (undefined = not stated). */
type Hints = Record<string, [boolean | undefined, boolean | undefined]>;

const WRITE_VERB_RE = /(?:^|[_.\-\s]|(?<=[a-z])(?=[A-Z]))(?:delete|remove|rm|drop|truncate|destroy|purge|wipe|erase|kill|terminate|shutdown|reset|revoke|write|overwrite|update|edit|modify|create|insert|add|move|rename|mv|exec|execute|run|deploy|push|merge|send|post|publish|transfer|pay|upload|commit|set|put|patch|install|uninstall|grant|approve|archive|close|cancel)(?=$|[_.\-\s]|[A-Z])/i;

const matchers = new WeakMap<string[], RegExp[]>();
function globs(list: string[]): RegExp[] {
  let m = matchers.get(list);
  if (!m) { m = list.map(globToRegExp); matchers.set(list, m); }
  return m;
}

export function isDestructive(tool: string, hints: [boolean | undefined, boolean | undefined] | undefined, cfg: DetectorConfig["scope"]): { yes: boolean; why: string } {
  if (globs(cfg.destructive_tools).some((g) => g.test(tool))) return { yes: true, why: "listed as destructive in the detector config" };
  if (hints) {
    const [readOnly, destructive] = hints;
    if (readOnly === true) return { yes: false, why: "readOnlyHint" };
    // MCP: destructiveHint is meaningful when readOnlyHint is false, and defaults to true.
    if (destructive === true || (readOnly === false && destructive !== false)) return { yes: true, why: "annotated destructive by the server" };
    if (destructive === false) return { yes: false, why: "destructiveHint false" };
  }
  if (globs(cfg.non_destructive_tools).some((g) => g.test(tool))) return { yes: false, why: "configured non-destructive" };
  const m = WRITE_VERB_RE.exec(tool);
  return m ? { yes: true, why: `write verb '${m[0].replace(/^[_.\-\s]/, "")}' in the tool name` } : { yes: false, why: "" };
}

export const scopeViolation: Detector = {
  meta: {
    id: "semantic.scope_violation",
    name: "Tool call outside the principal's scope",
    description: "A principal calls a tool outside its configured allow-list, or a principal configured read-only calls a destructive tool.",
    taxonomy: ["P3"],
    severity: "high",
    owasp: ["LLM06"],
    atlas: ["AML.T0053"],
    state: { maxKeys: 20_000, ttlMs: 30 * 86_400_000 },
  },
  detect(event, ctx) {
    const hintsKey = `${event.tenant}\u0000${event.server.name}`;
    if (event.method === "tools/list" && event.result && typeof event.result === "object") {
      const list = (event.result as Record<string, unknown>).tools;
      if (!Array.isArray(list)) return [];
      const hints: Hints = { ...(ctx.state.get<Hints>(hintsKey) ?? {}) };
      for (const t of list.slice(0, 1000)) {
        if (!t || typeof t !== "object") continue;
        const { name, annotations } = t as Record<string, unknown>;
        if (typeof name !== "string" || !annotations || typeof annotations !== "object") continue;
        const a = annotations as Record<string, unknown>;
        hints[name.slice(0, 200)] = [typeof a.readOnlyHint === "boolean" ? a.readOnlyHint : undefined, typeof a.destructiveHint === "boolean" ? a.destructiveHint : undefined];
      }
      ctx.state.set(hintsKey, hints);
      return [];
    }
    if (event.method !== "tools/call" || event.direction !== "client_to_server") return [];
    const cfg = (ctx.config as unknown as DetectorConfig).scope;
    const principal = event.agent.principal;
    const tool = event.params && typeof event.params === "object" ? (event.params as Record<string, unknown>).name : undefined;
    if (typeof tool !== "string") return [];
    const qualified = `${event.server.name}/${tool}`;
    const findings: Finding[] = [];
    const allow = principal !== undefined ? cfg.allow_lists[principal] ?? cfg.allow_lists["*"] : cfg.allow_lists["*"];
    if (allow && !globs(allow).some((g) => g.test(tool) || g.test(qualified))) {
      findings.push({
        rule_id: "semantic.scope_violation.allow_list",
        rule_name: "Tool outside the principal's allow-list",
        title: `${principal ?? "(no principal)"} called ${qualified}, outside its allow-list`,
        description: `Principal '${principal ?? "(none)"}' may call only: ${allow.slice(0, 10).join(", ")}${allow.length > 10 ? ", …" : ""}.`,
        score: 0.8,
        severity: "high",
        evidence: [{ event_id: event.event_id, path: "params.name", excerpt: qualified, reason: "not matched by any allow-list entry" }],
        event_ids: [event.event_id],
        dedup: [qualified],
      });
    }
    if (principal !== undefined && globs(cfg.read_only_principals).some((g) => g.test(principal))) {
      const d = isDestructive(tool, ctx.state.get<Hints>(hintsKey)?.[tool], cfg);
      if (d.yes) {
        findings.push({
          rule_id: "semantic.scope_violation.read_only",
          rule_name: "Destructive tool called by a read-only principal",
          title: `Read-only principal ${principal} called destructive tool ${qualified}`,
          description: `Principal '${principal}' is configured read-only; ${qualified} is destructive (${d.why}).`,
          score: 0.85,
          severity: "high",
          evidence: [{ event_id: event.event_id, path: "params.name", excerpt: qualified, reason: d.why }],
          event_ids: [event.event_id],
          dedup: [qualified],
        });
      }
    }
    return findings;
  },
};
