// P3: a principal calls a tool it has never used before, once its own learning period is over.
import type { Detector } from "../../detector.js";
import { behaviourConfig } from "../../baselines/config.js";
import { eventTime, isCall, principalOf, toolOf } from "../../baselines/event-view.js";
import { firstSeenObserve, type FirstSeenState } from "../../baselines/first-seen.js";

export const firstSeenTool: Detector = {
  meta: {
    id: "behaviour.first_seen_tool",
    name: "First use of a tool by a principal",
    description: "A principal with an established history calls a server/tool pair it has never used.",
    taxonomy: ["P3"],
    severity: "low",
    owasp: ["LLM06"],
    atlas: ["AML.T0053"],
    // One key per principal holding at most max_tools names.
    state: { maxKeys: 50_000, ttlMs: 30 * 86_400_000 },
  },
  detect(e, ctx) {
    if (!isCall(e) || e.method !== "tools/call") return [];
    const cfg = behaviourConfig(ctx).first_seen_tool;
    if (!cfg.enabled) return [];
    const principal = principalOf(e);
    const key = `${e.tenant}\u0000${principal}`;
    const tool = `${e.server.name}/${toolOf(e)}`;
    const t = eventTime(e, ctx.now);
    const s = ctx.state.get<FirstSeenState>(key) ?? { t0: t, n: 0, seen: [] };
    const verdict = firstSeenObserve(s, tool, t, cfg.learning, cfg.max_tools);
    ctx.state.set(key, s);
    if (verdict !== "new_after_learning") return [];
    const text = `${principal} called ${tool} for the first time after ${s.n - 1} calls over ${((t - s.t0) / 86_400_000).toFixed(1)} days using ${s.seen.length - 1} other tools`;
    return [
      {
        title: `First use of ${tool} by ${principal}`,
        description: `${text}.`,
        score: 0.5, // the engine's default min_score: low severity carries the "weak signal" part
        event_ids: [e.event_id],
        evidence: [{ event_id: e.event_id, path: "params.name", excerpt: text, reason: "tool never used by this principal" }],
        dedup: [tool],
        entity: { session_id: null, tool: toolOf(e) },
      },
    ];
  },
};
