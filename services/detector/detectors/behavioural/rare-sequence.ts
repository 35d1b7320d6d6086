// P3/P1: a tool-to-tool transition that is rare for this principal (bigram transition probability with smoothing).
import type { Detector } from "../../detector.js";
import { behaviourConfig } from "../../baselines/config.js";
import { eventTime, isCall, principalOf, sessionOf, toolOf } from "../../baselines/event-view.js";
import { transitionProbability, transitionsLearn, transitionsNew, type TransitionState } from "../../baselines/transitions.js";

/** Per session: [previous tool, its time, its event id]. */
type LastCall = [string, number, string];

export const rareSequence: Detector = {
  meta: {
    id: "behaviour.rare_sequence",
    name: "Rare tool sequence",
    description: "A principal moves between two tools it knows well in an order it essentially never uses.",
    taxonomy: ["P3", "P1"],
    severity: "low",
    owasp: ["LLM01", "LLM06"],
    atlas: ["AML.T0051"],
    // Keys: one profile per principal plus one tiny "last call" per live session.
    state: { maxKeys: 100_000, ttlMs: 14 * 86_400_000 },
  },
  detect(e, ctx) {
    if (!isCall(e) || e.method !== "tools/call") return [];
    const cfg = behaviourConfig(ctx).rare_sequence;
    if (!cfg.enabled) return [];
    const session = sessionOf(e);
    if (!session) return []; // without a session there is no sequence
    const t = eventTime(e, ctx.now);
    const tool = `${e.server.name}/${toolOf(e)}`;
    const sKey = `s\u0000${e.tenant}\u0000${session}`;
    const last = ctx.state.get<LastCall>(sKey);
    // Out-of-order events would invent transitions: only an event after the previous one (and within the gap) counts.
    const prev = last && t >= last[1] && t - last[1] <= cfg.session_gap_ms ? last : undefined;
    if (!last || t >= last[1]) ctx.state.set(sKey, [tool, t, e.event_id] satisfies LastCall);
    if (!prev) return [];
    const principal = principalOf(e);
    const pKey = `p\u0000${e.tenant}\u0000${principal}`;
    const p = ctx.state.get<TransitionState>(pKey) ?? transitionsNew(t);
    const learned = p.n >= cfg.learning.min_samples && t - p.t0 >= cfg.learning.min_duration_ms;
    const from = prev[0];
    const seenBefore = p.tr[`${from}\u0000${tool}`] ?? 0;
    const prob = transitionProbability(p, from, tool, cfg.alpha);
    // Both tools must be familiar: an unknown target is the first-seen detector's job, and an unknown source says nothing.
    // (Checked last: the scan over known transitions runs only for candidates.)
    const candidate = learned && seenBefore < 2 && prob < cfg.max_probability && (p.from[from] ?? 0) >= cfg.min_from_count;
    const familiar = candidate && (p.from[tool] !== undefined || Object.keys(p.tr).some((k) => k.endsWith(`\u0000${tool}`)));
    transitionsLearn(p, from, tool, t, cfg.max_transitions);
    ctx.state.set(pKey, p);
    if (!familiar) return [];
    const text = `${principal} went ${from} → ${tool}: seen ${seenBefore}× in ${p.from[from]! - 1} moves out of ${from} (smoothed P = ${prob.toExponential(2)})`;
    return [
      {
        title: `Rare tool sequence for ${principal}: ${from} → ${tool}`,
        description: `${text}.`,
        score: 0.5 + 0.2 * (1 - prob / cfg.max_probability),
        event_ids: [prev[2], e.event_id],
        evidence: [{ event_id: e.event_id, path: "params.name", excerpt: text, reason: "transition rare for this principal" }],
        dedup: [`${from}>${tool}`],
        entity: { tool: toolOf(e) },
      },
    ];
  },
};
