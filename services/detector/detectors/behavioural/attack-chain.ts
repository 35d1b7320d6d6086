// P3/P2: a session's tool calls follow a known attack shape: recon → credential read → exfiltration sink.
import type { Detector } from "../../detector.js";
import type { TelemetryEvent } from "../../../../shared/schema/telemetry.js";
import { behaviourConfig, matchesAny, patternRegex } from "../../baselines/config.js";
import { argsOf, eventTime, excerpt, isCall, sessionOf, textLeaves, toolOf } from "../../baselines/event-view.js";

/** A stage hit: [time, event id, server/tool, excerpt]. */
type Hit = [number, string, string, string];

interface ChainState {
  /** Newest recon before the credential read (optional stage). */
  r: Hit | null;
  /** Newest credential read. */
  c: Hit | null;
  /** Credential-read event id already alerted on (one alert per read). */
  a: string;
}

function argText(e: TelemetryEvent): string {
  return textLeaves(argsOf(e), 4096).map((l) => l.text).join(" ");
}

export const attackChain: Detector = {
  meta: {
    id: "behaviour.attack_chain",
    name: "Recon → credential read → exfiltration chain",
    description: "Within one session the agent explored the filesystem, read a credential file and then called an outbound sink.",
    taxonomy: ["P3", "P2"],
    severity: "high",
    owasp: ["LLM01", "LLM02", "LLM06"],
    atlas: ["AML.T0055", "AML.T0025"],
    // Only sessions that touched a stage keep state, a few hundred bytes each.
    state: { maxKeys: 100_000, ttlMs: 2 * 3_600_000 },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const cfg = behaviourConfig(ctx).attack_chain;
    if (!cfg.enabled) return [];
    const session = sessionOf(e);
    if (!session) return [];
    const tool = toolOf(e);
    const isExfil = matchesAny(cfg.exfil_tools, tool) && !matchesAny(cfg.exfil_exclude, tool);
    const isRead = !isExfil && matchesAny(cfg.read_tools, tool);
    const isRecon = !isExfil && !isRead && matchesAny(cfg.recon_tools, tool);
    if (!isExfil && !isRead && !isRecon) return [];
    const key = `${e.tenant}\u0000${session}`;
    let s = ctx.state.get<ChainState>(key);
    if (!s && isExfil) return []; // a sink with no credential read before it is not this chain
    const t = eventTime(e, ctx.now);
    const where = `${e.server.name}/${tool}`;
    s ??= { r: null, c: null, a: "" };
    if (isRecon) {
      if (!s.c) s.r = [t, e.event_id, where, excerpt(argText(e), 80)];
    } else if (isRead) {
      const args = argText(e);
      const m = patternRegex(cfg.credential_args).exec(args);
      if (m) s.c = [t, e.event_id, where, excerpt(args.slice(Math.max(0, m.index - 40), m.index + 80), 120)];
    }
    let out: ReturnType<Detector["detect"]> = [];
    const c = s.c;
    if (isExfil && c && t >= c[0] && t - c[0] <= cfg.window_ms && s.a !== c[1]) {
      s.a = c[1];
      const r = s.r && s.r[0] <= c[0] && c[0] - s.r[0] <= cfg.window_ms ? s.r : null;
      const sink = excerpt(argText(e), 120);
      const steps = [r && `recon ${r[2]}`, `credential read ${c[2]} (${c[3]})`, `sink ${where}`].filter(Boolean).join(" → ");
      out = [
        {
          title: `Attack chain in session ${session}: credential read then ${where}`,
          description: `The session ran ${steps} within ${((t - (r ?? c)[0]) / 60_000).toFixed(1)} minutes.`,
          score: r ? 0.9 : 0.8,
          event_ids: [...(r ? [r[1]] : []), c[1], e.event_id],
          evidence: [
            ...(r ? [{ event_id: r[1], path: "params", excerpt: r[3], reason: `recon: ${r[2]}` }] : []),
            { event_id: c[1], path: "params.arguments", excerpt: c[3], reason: `credential read: ${c[2]}` },
            { event_id: e.event_id, path: "params.arguments", excerpt: sink, reason: `outbound sink after credential read: ${where}` },
          ],
          dedup: [c[1]],
          entity: { tool },
        },
      ];
    }
    ctx.state.set(key, s);
    return out;
  },
};
