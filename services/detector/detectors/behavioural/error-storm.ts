// P4: error storms (a session's calls mostly failing, many per minute) and retry loops (the same call failing again and again).
import type { Detector, Finding } from "../../detector.js";
import { behaviourConfig } from "../../baselines/config.js";
import { argsOf, eventTime, isCall, isError, sessionOf, toolOf } from "../../baselines/event-view.js";
import { fingerprint64 } from "../../baselines/sketch.js";
import { burstFull, burstIds, burstPush, type Burst } from "../../baselines/burst.js";

interface StormState {
  /** Newest errors of the session (at most min_errors). */
  e: Burst;
  /** Calls (errors or not) per second-aligned window start: [windowStart, calls]. */
  w: [number, number];
  /** Per failing call fingerprint (bounded to 16): its newest failures. */
  r: Record<string, Burst>;
  /** Last alert time of the storm, and of each retry fingerprint. */
  a: number;
  ra: Record<string, number>;
}

const MAX_RETRY_KEYS = 16;

export const errorStorm: Detector = {
  meta: {
    id: "behaviour.error_storm",
    name: "Error storm or retry loop",
    description: "A session's calls fail at a high rate, or the identical call keeps failing and being retried.",
    taxonomy: ["P4"],
    severity: "medium",
    owasp: ["LLM10"],
    atlas: ["AML.T0029"],
    state: { maxKeys: 50_000, ttlMs: 15 * 60_000 },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const all = behaviourConfig(ctx);
    const cfg = all.error_storm;
    if (!cfg.enabled) return [];
    const failed = isError(e);
    const key = `${e.tenant}\u0000${sessionOf(e) ?? `agent:${e.agent.id}`}`;
    let s = ctx.state.get<StormState>(key);
    // Sessions that never failed cost nothing: state appears with the first error.
    if (!s && !failed) return [];
    const t = eventTime(e, ctx.now);
    s ??= { e: [], w: [t, 0], r: {}, a: -Infinity, ra: {} };
    if (t - s.w[0] > cfg.window_ms) s.w = [t, 0];
    s.w[1]++;
    const out: Finding[] = [];
    if (failed) {
      burstPush(s.e, t, e.event_id, cfg.min_errors);
      const newest = s.e[s.e.length - 1]![0];
      // Error ratio over the current call window (approximate: tumbling, restarted at the first call after it ends).
      const ratio = s.e.filter((x) => x[0] >= s!.w[0]).length / Math.max(1, s.w[1]);
      if (burstFull(s.e, cfg.min_errors, cfg.window_ms) && ratio >= cfg.min_error_ratio && newest - s.a > cfg.window_ms) {
        s.a = newest;
        const text = `${s.e.length} failed calls within ${((newest - s.e[0]![0]) / 1000).toFixed(0)} s, ${(ratio * 100).toFixed(0)}% of the session's calls; last error: ${(e.error?.message ?? "isError result").slice(0, 80)}`;
        out.push({
          rule_id: "behaviour.error_storm",
          title: `Error storm in session ${sessionOf(e) ?? e.agent.id}`,
          description: `${text}.`,
          score: 0.55,
          event_ids: burstIds(s.e),
          evidence: [{ event_id: e.event_id, path: "error", excerpt: text, reason: "most calls in the window fail" }],
          dedup: ["storm"],
          entity: { tool: null, server: null },
        });
      }
      const fp = fingerprint64(`${e.server.name}\u0000${toolOf(e)}\u0000${JSON.stringify(argsOf(e) ?? null).slice(0, 65_536)}`);
      let r = s.r[fp];
      if (!r) {
        const keys = Object.keys(s.r);
        if (keys.length >= MAX_RETRY_KEYS) {
          delete s.r[keys[0]!];
          delete s.ra[keys[0]!];
        }
        r = s.r[fp] = [];
      }
      burstPush(r, t, e.event_id, cfg.min_retries);
      const rn = r[r.length - 1]![0];
      if (burstFull(r, cfg.min_retries, cfg.retry_window_ms) && rn - (s.ra[fp] ?? -Infinity) > cfg.retry_window_ms) {
        s.ra[fp] = rn;
        const tool = `${e.server.name}/${toolOf(e)}`;
        const text = `the identical call to ${tool} failed ${r.length}× within ${((rn - r[0]![0]) / 1000).toFixed(0)} s`;
        out.push({
          rule_id: "behaviour.retry_loop",
          rule_name: "Retry loop",
          title: `Retry loop on ${tool}`,
          description: `In session ${sessionOf(e) ?? e.agent.id}, ${text}.`,
          score: 0.5,
          event_ids: burstIds(r),
          evidence: [{ event_id: e.event_id, path: "params", excerpt: text, reason: "same failing call retried without change" }],
          dedup: [fp],
          entity: { tool: toolOf(e) },
        });
      }
    } else {
      // A success of a call clears its retry history: a retry that eventually works is normal.
      const fp = fingerprint64(`${e.server.name}\u0000${toolOf(e)}\u0000${JSON.stringify(argsOf(e) ?? null).slice(0, 65_536)}`);
      if (s.r[fp]) delete s.r[fp];
    }
    ctx.state.set(key, s);
    return out;
  },
};
