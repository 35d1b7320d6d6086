// P4: one agent request (trace) or session fanning out into many expensive calls in a short window.
import type { Detector } from "../../detector.js";
import { behaviourConfig } from "../../baselines/config.js";
import { costOf, eventTime, isCall, sessionOf, toolOf, traceIdOf } from "../../baselines/event-view.js";

interface FanState {
  /** [time, event id, usd] of the newest expensive calls, at most min_calls, sorted by time. */
  c: [number, string, number][];
  /** Servers and tools touched (bounded), for the description. */
  s: string[];
  /** Time of the last alert: one per window. */
  a: number;
}

export const amplification: Detector = {
  meta: {
    id: "behaviour.amplification",
    name: "Request amplification",
    description: "A single agent request or session fans out into many expensive tool calls within a short window.",
    taxonomy: ["P4"],
    severity: "high",
    owasp: ["LLM10"],
    atlas: ["AML.T0029", "AML.T0034"],
    // Per trace/session, idle keys vanish after a few windows: memory follows active sessions, not all sessions.
    state: { maxKeys: 50_000, ttlMs: 10 * 60_000 },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const all = behaviourConfig(ctx);
    const cfg = all.amplification;
    if (!cfg.enabled) return [];
    const usd = costOf(e, all);
    const x = all.expensive;
    const expensive = usd >= x.usd || (e.duration_ms ?? 0) >= x.duration_ms || e.size.response_bytes >= x.response_bytes;
    if (!expensive) return [];
    const trace = traceIdOf(e);
    const group = trace ? `trace ${trace}` : `session ${sessionOf(e) ?? `agent:${e.agent.id}`}`;
    const key = `${e.tenant}\u0000${group}`;
    const t = eventTime(e, ctx.now);
    const s = ctx.state.get<FanState>(key) ?? { c: [], s: [], a: -Infinity };
    s.c.push([t, e.event_id, usd]);
    if (s.c.length > 1 && t < s.c[s.c.length - 2]![0]) s.c.sort((p, q) => p[0] - q[0]);
    if (s.c.length > cfg.min_calls) s.c.splice(0, s.c.length - cfg.min_calls);
    const target = `${e.server.name}/${toolOf(e)}`;
    if (!s.s.includes(target) && s.s.length < 8) s.s.push(target);
    const newest = s.c[s.c.length - 1]![0];
    const oldest = s.c[0]![0];
    let out: ReturnType<Detector["detect"]> = [];
    if (s.c.length >= cfg.min_calls && newest - oldest <= cfg.window_ms && newest - s.a > cfg.window_ms) {
      s.a = newest;
      const spend = s.c.reduce((sum, c) => sum + c[2], 0);
      const text = `${s.c.length} expensive calls in ${((newest - oldest) / 1000).toFixed(1)} s (≈${spend.toFixed(3)} USD) to ${s.s.join(", ")}`;
      out = [
        {
          title: `Amplification: ${group} fanned into ${s.c.length} expensive calls`,
          description: `One ${trace ? "agent request" : "session"} produced ${text}.`,
          score: Math.min(1, 0.6 + (0.4 * cfg.window_ms) / Math.max(cfg.window_ms, 4 * (newest - oldest))),
          event_ids: s.c.map((c) => c[1]),
          evidence: [{ event_id: e.event_id, path: trace ? "trace.traceparent" : "agent.session_id", excerpt: text, reason: "fan-out of expensive calls" }],
          dedup: [group],
          entity: { tool: null, server: null },
        },
      ];
    }
    ctx.state.set(key, s);
    return out;
  },
};
