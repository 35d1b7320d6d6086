// P6 rug pull / definition drift: a server's tool (or prompt) definition changes after it was first seen —
// the text the model trusts was swapped, possibly mid-session after `notifications/tools/list_changed`.
import type { Evidence } from "../../../../shared/schema/alert.js";
import type { Detector, Finding } from "../../detector.js";
import { severityForScore } from "../../alerts.js";
import { definitionHash } from "../../signals/definition-hash.js";

interface ServerDefs {
  /** name → [definition hash, first 200 characters of its description] */
  defs: Record<string, [string, string]>;
  version?: string;
  /** Event time of the last list_changed notification not yet followed by a listing. */
  listChangedAt?: number;
  paged?: boolean;
}

const MAX_DEFS = 1000;
const LISTS: Record<string, { field: string; noun: string }> = {
  "tools/list": { field: "tools", noun: "tool" },
  "prompts/list": { field: "prompts", noun: "prompt" },
};
const CHANGED: Record<string, string> = {
  "notifications/tools/list_changed": "tools/list",
  "notifications/prompts/list_changed": "prompts/list",
};

const versionOf = (e: Parameters<Detector["detect"]>[0]): string | undefined => e.server.version;

export const toolDrift: Detector = {
  meta: {
    id: "semantic.tool_drift",
    name: "Tool definition changed (rug pull)",
    description: "A tool or prompt definition (description, schema, annotations) of a server differs from the one seen before for the same server — the classic rug pull: approve a harmless tool, swap its description later. Higher when the server version did not change, and noted when it follows a mid-session list_changed notification.",
    taxonomy: ["P6"],
    severity: "high",
    owasp: ["LLM03"],
    atlas: ["AML.T0010"],
    state: { maxKeys: 20_000, ttlMs: 180 * 86_400_000 },
  },
  detect(event, ctx) {
    const changedList = CHANGED[event.method];
    if (changedList) {
      const key = `${event.tenant}\u0000${event.server.name}\u0000${changedList}`;
      const s = ctx.state.get<ServerDefs>(key);
      if (s) { s.listChangedAt = ctx.now; ctx.state.set(key, s); }
      return [];
    }
    const spec = LISTS[event.method];
    if (!spec || !event.result || typeof event.result !== "object") return [];
    const list = (event.result as Record<string, unknown>)[spec.field];
    if (!Array.isArray(list)) return [];
    const paged = (event.result as Record<string, unknown>).nextCursor !== undefined
      || (event.params !== null && typeof event.params === "object" && (event.params as Record<string, unknown>).cursor !== undefined);
    const key = `${event.tenant}\u0000${event.server.name}\u0000${event.method}`;
    const prev = ctx.state.get<ServerDefs>(key);
    const next: ServerDefs = { defs: { ...(prev?.defs ?? {}) }, paged: paged || (prev?.paged ?? false) };
    const version = versionOf(event) ?? prev?.version;
    if (version !== undefined) next.version = version;
    const findings: Finding[] = [];
    const versionChanged = prev?.version !== undefined && version !== undefined && prev.version !== version;
    const midSession = prev?.listChangedAt !== undefined;
    for (const d of list.slice(0, MAX_DEFS)) {
      if (!d || typeof d !== "object" || typeof (d as Record<string, unknown>).name !== "string") continue;
      const def = d as Record<string, unknown>;
      const name = (def.name as string).slice(0, 200);
      const hash = definitionHash(def);
      const desc = typeof def.description === "string" ? def.description.slice(0, 200) : "";
      const before = prev?.defs[name];
      if (Object.keys(next.defs).length < MAX_DEFS || before) next.defs[name] = [hash, desc];
      if (!prev) continue;
      if (before && before[0] !== hash) {
        const score = Math.min(1, (versionChanged ? 0.6 : 0.8) + (midSession ? 0.05 : 0));
        const evidence: Evidence[] = [
          { event_id: event.event_id, path: `result.${spec.field}[name=${name}]`, excerpt: desc, reason: `definition hash ${before[0]} → ${hash}` },
        ];
        if (before[1] !== desc) evidence.push({ event_id: event.event_id, path: `result.${spec.field}[name=${name}].description (before)`, excerpt: before[1], reason: "previous description" });
        findings.push({
          title: `${spec.noun[0]!.toUpperCase()}${spec.noun.slice(1)} '${name}' of server '${event.server.name}' changed its definition${versionChanged ? ` (version ${prev.version} → ${version})` : " without a version change"}`,
          description: `The ${spec.noun} definition differs from the one first seen for this server${midSession ? ", after a list_changed notification in the session" : ""}${versionChanged ? "" : "; the server version is unchanged, which is how a rug pull looks"}. Review the new definition before trusting it.`,
          score,
          severity: severityForScore(score),
          evidence,
          event_ids: [event.event_id],
          dedup: [event.method, name, hash],
          entity: { session_id: null, agent_id: null, principal: null, ...(spec.noun === "tool" ? { tool: name } : {}) },
        });
      } else if (!before && !paged && !prev.paged) {
        findings.push({
          title: `New ${spec.noun} '${name}' appeared on server '${event.server.name}'`,
          description: `Server '${event.server.name}' now offers ${spec.noun} '${name}', absent from its earlier listings${midSession ? " (announced by a list_changed notification)" : ""}.`,
          score: 0.55,
          severity: "medium",
          evidence: [{ event_id: event.event_id, path: `result.${spec.field}[name=${name}]`, excerpt: desc, reason: "not in the previous listing" }],
          event_ids: [event.event_id],
          dedup: [event.method, name, hash],
          entity: { session_id: null, agent_id: null, principal: null, ...(spec.noun === "tool" ? { tool: name } : {}) },
        });
      }
    }
    ctx.state.set(key, next);
    return findings.slice(0, 20);
  },
};
