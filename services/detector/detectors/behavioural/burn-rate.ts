// P4 denial of wallet: SRE-style multi-window budget burn-rate alerts per principal and per tenant.
import type { Detector, Finding } from "../../detector.js";
import type { TelemetryEvent } from "../../../../shared/schema/telemetry.js";
import { behaviourConfig, type BehaviourConfig } from "../../baselines/config.js";
import { costOf, eventTime, isCall, principalOf, tooLate } from "../../baselines/event-view.js";
import { wsAdd, wsNew, wsSum, type WindowedSum, type WindowedSumParams } from "../../baselines/windowed-sum.js";

const DAY = 86_400_000;
const ID = "behaviour.burn_rate";

interface BurnState extends WindowedSum {
  /** Newest event time (lateness bound). */
  n: number;
  /** Last alert time per window pair index: re-alert at most once per short window. */
  a: number[];
  /** Newest 5 event ids with spend. */
  ids: string[];
}

function params(cfg: BehaviourConfig["burn_rate"]): WindowedSumParams {
  return {
    fineMs: cfg.fine_bucket_ms,
    coarseMs: cfg.coarse_bucket_ms,
    fineSpanMs: Math.max(...cfg.windows.map((w) => w.short_ms)),
    coarseSpanMs: Math.max(...cfg.windows.map((w) => w.long_ms)),
  };
}

export const burnRate: Detector = {
  meta: {
    id: ID,
    name: "Budget burn rate",
    description: "Spend is consuming the daily budget many times faster than sustainable, in both a long and a short window.",
    taxonomy: ["P4"],
    severity: "high",
    owasp: ["LLM10"],
    atlas: ["AML.T0034"],
    // One key per principal and per tenant, each ≤ ~100 numbers.
    state: { maxKeys: 20_000, ttlMs: 2 * DAY },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const all = behaviourConfig(ctx);
    const cfg = all.burn_rate;
    if (!cfg.enabled) return [];
    const usd = costOf(e, all);
    if (!(usd > 0)) return [];
    const t = eventTime(e, ctx.now);
    const p = params(cfg);
    const principal = principalOf(e);
    const out: Finding[] = [];
    const targets: [string, string, number][] = [
      [`p\u0000${e.tenant}\u0000${principal}`, `principal ${principal}`, cfg.principals[principal] ?? cfg.default_daily_usd_per_principal],
      [`t\u0000${e.tenant}`, `tenant ${e.tenant}`, cfg.tenants[e.tenant] ?? cfg.default_daily_usd_per_tenant],
    ];
    for (const [key, who, daily] of targets) {
      const s = ctx.state.get<BurnState>(key) ?? { ...wsNew(), n: t, a: [], ids: [] };
      if (tooLate(ID, t, s.n, all.max_lateness_ms)) continue;
      s.n = Math.max(s.n, t);
      wsAdd(s, t, usd, p);
      s.ids.push(e.event_id);
      if (s.ids.length > 5) s.ids.shift();
      cfg.windows.forEach((w, i) => {
        const burnLong = wsSum(s, s.n, w.long_ms, p) / (daily * (w.long_ms / DAY));
        const burnShort = wsSum(s, s.n, w.short_ms, p) / (daily * (w.short_ms / DAY));
        if (burnLong < w.factor || burnShort < w.factor) return;
        if (s.a[i] !== undefined && s.n - s.a[i]! < w.short_ms) return;
        s.a[i] = s.n;
        out.push(finding(e, who, key.startsWith("t"), daily, w, burnLong, burnShort, s.ids));
      });
      ctx.state.set(key, s);
    }
    return out;
  },
};

function finding(
  e: TelemetryEvent,
  who: string,
  tenantWide: boolean,
  daily: number,
  w: BehaviourConfig["burn_rate"]["windows"][number],
  burnLong: number,
  burnShort: number,
  ids: string[],
): Finding {
  const win = `${w.long_ms / 60_000}m/${w.short_ms / 60_000}m`;
  const text = `burn rate ${burnLong.toFixed(1)}× over ${w.long_ms / 60_000} min and ${burnShort.toFixed(1)}× over ${w.short_ms / 60_000} min of a ${daily} USD/day budget (threshold ${w.factor}×)`;
  return {
    title: `Budget burn ${w.factor}× (${win}) for ${who}`,
    description: `At this pace ${who} exhausts its daily budget in ${((24 * 60) / Math.max(burnShort, 1e-9)).toFixed(0)} minutes: ${text}.`,
    score: Math.min(1, 0.6 + 0.4 * Math.min(1, burnShort / (w.factor * 4))),
    severity: w.severity,
    event_ids: [...ids],
    evidence: [{ event_id: e.event_id, path: "cost", excerpt: text, reason: "multi-window budget burn rate above threshold" }],
    dedup: [win, tenantWide ? "tenant" : "principal"],
    entity: tenantWide
      ? { session_id: null, server: null, tool: null, principal: null, agent_id: null }
      : { session_id: null, server: null, tool: null, agent_id: null },
  };
}
