// P4: the same large input processed over and over (hash of large arguments repeated N times in a window).
import type { Detector } from "../../detector.js";
import { behaviourConfig } from "../../baselines/config.js";
import { argsOf, eventTime, isCall, principalOf, toolOf } from "../../baselines/event-view.js";
import { fingerprint64 } from "../../baselines/sketch.js";
import { burstFull, burstIds, burstPush, type Burst } from "../../baselines/burst.js";

interface RepeatState {
  b: Burst;
  /** Distinct principals/sessions seen sending it (bounded), for the description. */
  p: string[];
  /** Time of the last alert: one per window. */
  a: number;
}

/** Large inputs are hashed on a bounded prefix plus their length: a 50 MB payload costs 256 KB of hashing. */
const HASH_PREFIX = 256 * 1024;

export const repeatedInput: Detector = {
  meta: {
    id: "behaviour.repeated_input",
    name: "Same large input processed repeatedly",
    description: "The same large tool input is sent again and again within a short window (a stuck loop or deliberate cost inflation).",
    taxonomy: ["P4"],
    severity: "medium",
    owasp: ["LLM10"],
    atlas: ["AML.T0034"],
    // Keyed by (tenant, tool, input hash); only large inputs create keys, and they expire with the window.
    state: { maxKeys: 50_000, ttlMs: 30 * 60_000 },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const all = behaviourConfig(ctx);
    const cfg = all.repeated_input;
    if (!cfg.enabled || e.size.request_bytes < cfg.min_request_bytes) return [];
    const args = argsOf(e);
    if (args === undefined) return [];
    const json = JSON.stringify(args) ?? "";
    const fp = fingerprint64(json.length > HASH_PREFIX ? json.slice(0, HASH_PREFIX) : json) + json.length.toString(36);
    const tool = `${e.server.name}/${toolOf(e)}`;
    const key = `${e.tenant}\u0000${tool}\u0000${fp}`;
    const t = eventTime(e, ctx.now);
    const s = ctx.state.get<RepeatState>(key) ?? { b: [], p: [], a: -Infinity };
    burstPush(s.b, t, e.event_id, cfg.min_repeats);
    const who = principalOf(e);
    if (!s.p.includes(who) && s.p.length < 8) s.p.push(who);
    let out: ReturnType<Detector["detect"]> = [];
    const newest = s.b[s.b.length - 1]![0];
    if (burstFull(s.b, cfg.min_repeats, cfg.window_ms) && newest - s.a > cfg.window_ms) {
      s.a = newest;
      const text = `${s.b.length} identical inputs of ${e.size.request_bytes} bytes to ${tool} within ${((newest - s.b[0]![0]) / 1000).toFixed(0)} s (input fingerprint ${fp.slice(0, 16)}), from ${s.p.join(", ")}`;
      out = [
        {
          title: `Same large input sent ${s.b.length}× to ${tool}`,
          description: `${text}.`,
          score: 0.6,
          event_ids: burstIds(s.b),
          evidence: [{ event_id: e.event_id, path: "params.arguments", excerpt: text, reason: "repeated processing of an identical large input" }],
          dedup: [fp],
          entity: { session_id: null, tool: toolOf(e) },
        },
      ];
    }
    ctx.state.set(key, s);
    return out;
  },
};
