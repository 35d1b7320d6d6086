// P5 data flow: text (or a redacted secret's fingerprint) returned by server A reappears in the arguments of a call to server B.
import type { Detector, Finding } from "../../detector.js";
import type { TelemetryEvent } from "../../../../shared/schema/telemetry.js";
import { behaviourConfig } from "../../baselines/config.js";
import { argsOf, eventTime, excerpt, isCall, sessionOf, textLeaves, toolOf } from "../../baselines/event-view.js";
import { bottomKBound, bottomKFind, bottomKInsert } from "../../baselines/sketch.js";
import { forEachShingle, inlineRedactionFingerprints, wordShingles } from "../../baselines/shingles.js";

/** Source of result text: [server, event id, time]. */
type Source = [string, string, number];

interface FlowSketch {
  /** Bottom-k of result shingle hashes (ascending) and the source sequence number of each. */
  h: number[];
  g: number[];
  /** Sources by sequence number (at most MAX_SOURCES, newest kept). */
  src: Record<string, Source>;
  q: number;
  /** Redaction fingerprints seen in results: [fingerprint, source seq, kind]. */
  fp: [string, number, string][];
  /** "source event id>target server" pairs already alerted (bounded). */
  a: string[];
}

const MAX_SOURCES = 32;

function redactionFps(e: TelemetryEvent, side: "result" | "params", texts: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const r of e.redactions ?? []) {
    if (r.path.replace(/^\$\.?/, "").startsWith(side)) out.push([r.fingerprint, r.kind]);
  }
  for (const t of texts) for (const fp of inlineRedactionFingerprints(t)) out.push([fp, "inline"]);
  return out.slice(0, 64);
}

export const dataFlow: Detector = {
  meta: {
    id: "correlation.data_flow",
    name: "Cross-server data flow",
    description: "Content returned by one MCP server was passed in the arguments of a call to another server in the same session.",
    taxonomy: ["P5", "P2"],
    severity: "medium",
    owasp: ["LLM02", "LLM06"],
    atlas: ["AML.T0025"],
    // Per session: ≤ sketch_size numbers ×2 plus ≤ 32 sources (≈ 4–5 KB at the default k = 256).
    state: { maxKeys: 20_000, ttlMs: 2 * 3_600_000 },
  },
  detect(e, ctx) {
    if (!isCall(e)) return [];
    const cfg = behaviourConfig(ctx).data_flow;
    if (!cfg.enabled) return [];
    const session = sessionOf(e);
    if (!session) return [];
    const key = `${e.tenant}\u0000${session}`;
    const t = eventTime(e, ctx.now);
    let s = ctx.state.get<FlowSketch>(key);
    const out: Finding[] = [];

    // 1. Does this call carry content that an earlier result from another server produced?
    if (s && e.method === "tools/call") {
      const argTexts = textLeaves(argsOf(e), cfg.max_text_chars).map((l) => l.text);
      const live = (seq: number): Source | undefined => {
        const src = s!.src[seq];
        return src && src[0] !== e.server.name && src[2] <= t && t - src[2] <= cfg.window_ms ? src : undefined;
      };
      const tau = bottomKBound(s.h, cfg.sketch_size);
      const full = tau !== Infinity;
      const hits = new Map<number, number>();
      let sampled = 0;
      for (const h of wordShingles(argTexts.join("\n"), cfg.shingle_words, tau + 1)) {
        sampled++;
        const i = bottomKFind(s.h, h);
        if (i >= 0 && live(s.g[i]!)) hits.set(s.g[i]!, (hits.get(s.g[i]!) ?? 0) + 1);
      }
      const best = [...hits.entries()].sort((x, y) => y[1] - x[1])[0];
      if (best && (best[1] >= cfg.min_matches || (full && best[1] >= 2 && best[1] / sampled >= 0.5))) {
        const src = s.src[best[0]]!;
        const f = flowFinding(s, e, src, "text", `${best[1]} of ${sampled} sampled ${cfg.shingle_words}-word shingles of the arguments match a result of ${src[0]}`, argTexts, 0.6, "medium");
        if (f) out.push(f);
      }
      for (const [fp] of redactionFps(e, "params", argTexts)) {
        const m = s.fp.find((x) => x[0] === fp && live(x[1]));
        if (!m) continue;
        const src = s.src[m[1]]!;
        const f = flowFinding(s, e, src, `secret:${fp}`, `redacted ${m[2]} value (fingerprint ${fp.slice(0, 16)}) returned by ${src[0]} was sent to ${e.server.name}`, argTexts, 0.85, "high");
        if (f) out.push(f);
        break;
      }
    }

    // 2. Remember what this result said, in bounded form.
    if (e.result !== undefined) {
      const resTexts = textLeaves(e.result, cfg.max_text_chars).map((l) => l.text);
      // A full sketch keeps only hashes below its largest: the rest would be dropped on insert, so they are not
      // collected (most of a long result's shingles, and the Set they would fill).
      const tau = s ? bottomKBound(s.h, cfg.sketch_size) : Infinity;
      let any = false;
      const shingles = new Set<number>();
      forEachShingle(resTexts.join("\n"), cfg.shingle_words, (h) => { any = true; if (h < tau) shingles.add(h); });
      const fps = redactionFps(e, "result", resTexts);
      if (any || fps.length) {
        s ??= { h: [], g: [], src: {}, q: 0, fp: [], a: [] };
        const seq = s.q++;
        s.src[seq] = [e.server.name, e.event_id, t];
        bottomKInsert(s.h, s.g, shingles, seq, cfg.sketch_size);
        for (const [fp, kind] of fps) s.fp.push([fp, seq, kind]);
        if (s.fp.length > cfg.max_fingerprints) s.fp.splice(0, s.fp.length - cfg.max_fingerprints);
        prune(s, t, cfg.window_ms);
      }
    }
    if (s) ctx.state.set(key, s);
    return out;
  },
};

/** Drops sources past the window or beyond MAX_SOURCES, with their hashes and fingerprints. */
function prune(s: FlowSketch, t: number, windowMs: number): void {
  const seqs = Object.keys(s.src).map(Number).sort((a, b) => a - b);
  const drop = new Set<number>();
  seqs.forEach((q, i) => {
    if (i < seqs.length - MAX_SOURCES || t - s.src[q]![2] > windowMs) drop.add(q);
  });
  if (!drop.size) return;
  for (const q of drop) delete s.src[q];
  const h: number[] = [];
  const g: number[] = [];
  s.h.forEach((x, i) => {
    if (!drop.has(s.g[i]!)) {
      h.push(x);
      g.push(s.g[i]!);
    }
  });
  s.h = h;
  s.g = g;
  s.fp = s.fp.filter((x) => !drop.has(x[1]));
}

function flowFinding(
  s: FlowSketch,
  e: TelemetryEvent,
  src: Source,
  what: string,
  text: string,
  argTexts: string[],
  score: number,
  severity: "medium" | "high",
): Finding | null {
  const pair = `${src[1]}>${e.server.name}>${what.startsWith("secret") ? what : "text"}`;
  if (s.a.includes(pair)) return null;
  s.a.push(pair);
  if (s.a.length > 16) s.a.shift();
  return {
    title: `Data flow ${src[0]} → ${e.server.name}/${toolOf(e)}`,
    description: `In session ${sessionOf(e)}, ${text}.`,
    score,
    severity,
    event_ids: [src[1], e.event_id],
    evidence: [
      { event_id: src[1], path: "result", excerpt: `result of ${src[0]}`, reason: "source of the content" },
      { event_id: e.event_id, path: "params.arguments", excerpt: excerpt(argTexts.join(" "), 120), reason: text },
    ],
    dedup: [src[0], what.startsWith("secret") ? "secret" : "text"],
    entity: { tool: toolOf(e) },
  };
}
