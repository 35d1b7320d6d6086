// Rule kind "baseline spike": a per-entity bucketed metric judged against its own sliding-window baseline.
import type { Detector, DetectContext, Finding, DetectorMeta } from "../detector.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { behaviourConfig, type BehaviourConfig } from "./config.js";
import { eventTime, isCall, principalOf, toolOf, tooLate } from "./event-view.js";
import { robustZ, seriesAdd, seriesAdvance, seriesLearned, seriesNew, type SeriesState } from "./series.js";

type SpikeKey = "rate_spike" | "bytes_spike" | "latency_spike" | "cost_spike";

export interface SpikeSpec {
  meta: Omit<DetectorMeta, "state">;
  configKey: SpikeKey;
  /** The event's contribution to the bucket sum (a count, bytes, seconds, USD). */
  metric(e: TelemetryEvent, cfg: BehaviourConfig): number;
  /** Human label of the bucket sum, e.g. "calls", "bytes". */
  unit: string;
}

/** Spike baselines are per principal / server / tool, never per session, so this bound is independent of session count. */
export const SPIKE_STATE = { maxKeys: 20_000, ttlMs: 7 * 24 * 3_600_000 };

export function makeSpikeDetector(spec: SpikeSpec): Detector {
  return {
    meta: { ...spec.meta, state: SPIKE_STATE },
    detect(e, ctx) {
      if (!isCall(e)) return [];
      const all = behaviourConfig(ctx);
      const cfg = all[spec.configKey];
      if (!cfg.enabled) return [];
      const value = spec.metric(e, all);
      const t = eventTime(e, ctx.now);
      const out: Finding[] = [];
      for (const scope of cfg.scopes) {
        const f = observe(spec, scope, e, t, value, all, ctx);
        if (f) out.push(f);
      }
      return out;
    },
  };
}

function scopeKey(scope: "principal" | "server" | "tool", e: TelemetryEvent): string {
  if (scope === "principal") return `p\u0000${e.tenant}\u0000${principalOf(e)}`;
  if (scope === "server") return `s\u0000${e.tenant}\u0000${e.server.name}`;
  return `t\u0000${e.tenant}\u0000${e.server.name}\u0000${toolOf(e)}`;
}

function observe(
  spec: SpikeSpec,
  scope: "principal" | "server" | "tool",
  e: TelemetryEvent,
  t: number,
  value: number,
  all: BehaviourConfig,
  ctx: DetectContext,
): Finding | null {
  const cfg = all[spec.configKey];
  const params = { bucketMs: cfg.bucket_ms, window: cfg.window_buckets, alpha: cfg.ewma_alpha };
  const key = scopeKey(scope, e);
  const s = ctx.state.get<SeriesState>(key) ?? seriesNew(t, params);
  // A late event within the lateness bound counts in the open bucket (totals stay right, timing shifts a little).
  if (!seriesAdvance(s, t, params) && tooLate(spec.meta.id, t, s.b, all.max_lateness_ms)) return null;
  seriesAdd(s, value, e.event_id);
  let finding: Finding | null = null;
  if (s.a !== s.b && s.v >= cfg.min_value && seriesLearned(s, t, cfg.learning.min_samples, cfg.learning.min_duration_ms)) {
    const z = robustZ(s, s.v, cfg.min_scale);
    const level = Math.max(s.p95, s.ew);
    if (z >= cfg.z_threshold && s.v >= cfg.min_ratio * level) {
      s.a = s.b;
      finding = spikeFinding(spec, scope, e, s, z, cfg.z_threshold);
    }
  }
  ctx.state.set(key, s);
  return finding;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : x.toPrecision(3));

function spikeFinding(spec: SpikeSpec, scope: "principal" | "server" | "tool", e: TelemetryEvent, s: SeriesState, z: number, zThr: number): Finding {
  const who = scope === "principal" ? `principal ${principalOf(e)}` : scope === "server" ? `server ${e.server.name}` : `tool ${e.server.name}/${toolOf(e)}`;
  const stats = `${fmt(s.v)} ${spec.unit} in the bucket starting ${new Date(s.b).toISOString()} vs median ${fmt(s.med)}, MAD ${fmt(s.mad)}, p95 ${fmt(s.p95)}, EWMA ${fmt(s.ew)} (robust z ${fmt(z)})`;
  return {
    title: `${spec.meta.name}: ${who}`,
    description: `${spec.meta.description} ${stats}.`,
    score: Math.min(1, 0.5 + 0.5 * (1 - zThr / z)),
    event_ids: [...s.ids],
    evidence: [{ event_id: e.event_id, path: scope, excerpt: stats, reason: `${spec.unit} per bucket far above this ${scope}'s own baseline` }],
    dedup: [scope],
    entity:
      scope === "principal"
        ? { session_id: null, server: null, tool: null, agent_id: null }
        : scope === "server"
          ? { session_id: null, tool: null, principal: null, agent_id: null }
          : { session_id: null, principal: null, agent_id: null, tool: toolOf(e) },
  };
}
