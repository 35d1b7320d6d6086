// P3: a principal active at an hour of day it (almost) never works, from its own decayed hour-of-day histogram.
import type { Detector } from "../../detector.js";
import { behaviourConfig } from "../../baselines/config.js";
import { eventTime, isCall, principalOf } from "../../baselines/event-view.js";

interface HourState {
  t0: number;
  n: number;
  /** Decayed counts per local hour 0..23. */
  h: number[];
  /** Hour stamp (ms / 1 h) of the last alert: at most one per hour. */
  a: number;
}

const HOUR = 3_600_000;

export const unusualHour: Detector = {
  meta: {
    id: "behaviour.unusual_hour",
    name: "Activity at an unusual hour",
    description: "A principal with an established routine is active at an hour of day it almost never works.",
    taxonomy: ["P3"],
    severity: "low",
    owasp: ["LLM06"],
    atlas: ["AML.T0012"],
    state: { maxKeys: 50_000, ttlMs: 30 * 86_400_000 },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const cfg = behaviourConfig(ctx).unusual_hour;
    if (!cfg.enabled) return [];
    const principal = principalOf(e);
    const key = `${e.tenant}\u0000${principal}`;
    const t = eventTime(e, ctx.now);
    const s = ctx.state.get<HourState>(key) ?? { t0: t, n: 0, h: new Array<number>(24).fill(0), a: -1 };
    const local = t + cfg.utc_offset_minutes * 60_000;
    const hr = (((Math.floor(local / HOUR) % 24) + 24) % 24);
    const total = s.h.reduce((x, y) => x + y, 0);
    const learned = s.n >= cfg.learning.min_samples && t - s.t0 >= cfg.learning.min_duration_ms;
    // Neighbouring hours count too: someone who works until 18:00 is not unusual at 18:05.
    const near = s.h[(hr + 23) % 24]! + s.h[hr]! + s.h[(hr + 1) % 24]!;
    const share = total > 0 ? near / total : 1;
    const stamp = Math.floor(t / HOUR);
    let out: ReturnType<Detector["detect"]> = [];
    if (learned && share < cfg.max_share && s.a !== stamp) {
      s.a = stamp;
      const busiest = s.h.map((c, i) => [c, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, i]) => `${i}:00`);
      const text = `${principal} active at ${String(hr).padStart(2, "0")}:00 (UTC${cfg.utc_offset_minutes >= 0 ? "+" : ""}${cfg.utc_offset_minutes / 60}); this hour and its neighbours hold ${(share * 100).toFixed(2)}% of ${Math.round(total)} past calls; usual hours ${busiest.join(", ")}`;
      out = [
        {
          title: `${principal} active at an unusual hour`,
          description: `${text}.`,
          score: 0.5,
          event_ids: [e.event_id],
          evidence: [{ event_id: e.event_id, path: "ts", excerpt: text, reason: "hour of day outside this principal's routine" }],
          dedup: [String(hr)],
          entity: { session_id: null, server: null, tool: null },
        },
      ];
    }
    s.n++;
    s.t0 = Math.min(s.t0, t);
    s.h[hr]!++;
    if (total + 1 > cfg.decay_total) s.h = s.h.map((c) => c / 2);
    ctx.state.set(key, s);
    return out;
  },
};
