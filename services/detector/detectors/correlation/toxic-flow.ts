// P5 "lethal trifecta": untrusted content in, private data read, then an external sink, within one session and window.
import type { Detector } from "../../detector.js";
import type { TelemetryEvent } from "../../../../shared/schema/telemetry.js";
import { behaviourConfig, matchesAny } from "../../baselines/config.js";
import { argsOf, eventTime, excerpt, isCall, sessionOf, textLeaves, toolOf } from "../../baselines/event-view.js";

/** A role hit: [time, event id, server, tool]. */
type Hit = [number, string, string, string];

interface FlowState {
  /** Newest untrusted-content and private-data events (an event may be both, e.g. reading an inbox). */
  u: Hit | null;
  p: Hit | null;
  /** "untrustedId|privateId" already alerted: one alert per pair, however many sinks follow. */
  a: string;
}

const sinkArgs = (e: TelemetryEvent) => excerpt(textLeaves(argsOf(e), 2048).map((l) => l.text).join(" "), 120);

export const toxicFlow: Detector = {
  meta: {
    id: "correlation.toxic_flow",
    name: "Toxic flow (lethal trifecta)",
    description:
      "In one agent session, untrusted content entered the context, private data was read, and then an external sink was called: the conditions for prompt-injection-driven exfiltration.",
    taxonomy: ["P5", "P2", "P1"],
    severity: "high",
    owasp: ["LLM01", "LLM02", "LLM06"],
    atlas: ["AML.T0051.001", "AML.T0025"],
    // Only sessions that touched untrusted or private data keep a key (two small tuples).
    state: { maxKeys: 100_000, ttlMs: 2 * 3_600_000 },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const cfg = behaviourConfig(ctx).toxic_flow;
    if (!cfg.enabled) return [];
    const session = sessionOf(e);
    if (!session) return [];
    const tool = toolOf(e);
    const untrusted = matchesAny(cfg.untrusted_tools, tool);
    const priv = matchesAny(cfg.private_tools, tool);
    const sink = !untrusted && !priv && matchesAny(cfg.sink_tools, tool) && !matchesAny(cfg.sink_exclude, tool);
    if (!untrusted && !priv && !sink) return [];
    const key = `${e.tenant}\u0000${session}`;
    let s = ctx.state.get<FlowState>(key);
    if (!s && sink) return [];
    const t = eventTime(e, ctx.now);
    s ??= { u: null, p: null, a: "" };
    let out: ReturnType<Detector["detect"]> = [];
    const { u, p } = s;
    if (sink && u && p && t >= Math.max(u[0], p[0]) && t - Math.min(u[0], p[0]) <= cfg.window_ms && s.a !== `${u[1]}|${p[1]}`) {
      s.a = `${u[1]}|${p[1]}`;
      const servers = new Set([u[2], p[2], e.server.name]);
      const canonical = u[0] <= p[0];
      const ids = [...new Set([...(canonical ? [u[1], p[1]] : [p[1], u[1]]), e.event_id])]; // event-time order
      const path = `${u[2]}/${u[3]} (untrusted) → ${p[2]}/${p[3]} (private) → ${e.server.name}/${tool} (sink)`;
      out = [
        {
          title: `Toxic flow in session ${session}: ${u[3]} → ${p[3]} → ${tool}`,
          description: `${path} within ${((t - Math.min(u[0], p[0])) / 60_000).toFixed(1)} minutes across ${servers.size} server(s). Content from an untrusted source can steer the agent into sending the private data out.`,
          score: Math.min(1, (canonical ? 0.8 : 0.7) + (servers.size > 1 ? 0.1 : 0)),
          severity: servers.size > 1 ? "critical" : "high",
          event_ids: ids,
          evidence: [
            { event_id: u[1], path: "params.name", excerpt: `${u[2]}/${u[3]}`, reason: "untrusted content entered the session" },
            { event_id: p[1], path: "params.name", excerpt: `${p[2]}/${p[3]}`, reason: "private data read" },
            { event_id: e.event_id, path: "params.arguments", excerpt: sinkArgs(e), reason: `external sink ${e.server.name}/${tool}` },
          ],
          dedup: [u[1], p[1]],
          entity: { server: null, tool: null },
        },
      ];
    }
    // Late events never replace a newer hit of the same role.
    if (untrusted && (!s.u || t >= s.u[0])) s.u = [t, e.event_id, e.server.name, tool];
    if (priv && (!s.p || t >= s.p[0])) s.p = [t, e.event_id, e.server.name, tool];
    ctx.state.set(key, s);
    return out;
  },
};
