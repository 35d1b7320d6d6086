// P5/P1 campaigns: the same injection payload (normalised fingerprint) seen across servers, sessions or tenants.
import type { Detector, Finding } from "../../detector.js";
import { behaviourConfig, patternRegex } from "../../baselines/config.js";
import { eventTime, excerpt, sessionOf, textLeaves } from "../../baselines/event-view.js";
import { fingerprint64, hllAdd, hllCount, hllEmpty, type Hll } from "../../baselines/sketch.js";

interface CampaignState {
  /** Window start and newest time. */
  t0: number;
  /** Distinct servers, sessions and tenants, exact up to small caps; sessions also in an HLL for the count past the cap. */
  sv: string[];
  ss: string[];
  hs: Hll;
  tn: string[];
  /** Newest 20 contributing event ids. */
  ids: string[];
  /** Normalised excerpt (for the alert text; no secrets survive normalisation of digits and tokens). */
  x: string;
  /** Spread (servers + sessions + tenants) at the last alert: re-alert only when the campaign grows. */
  a: number;
}

const CAP_SERVERS = 16;
const CAP_SESSIONS = 16;
const CAP_TENANTS = 8;
const PAYLOAD_CHARS = 240;

/**
 * Normalises a payload so cosmetic variation (case, numbers, URLs, e-mail addresses, long tokens, punctuation,
 * whitespace) does not split one campaign into many fingerprints.
 */
export function normalisePayload(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, " url ")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " email ")
    .replace(/\b[a-z0-9_-]{24,}\b/g, " tok ")
    .replace(/\d+/g, "0")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export const campaign: Detector = {
  meta: {
    id: "correlation.campaign",
    name: "Injection campaign",
    description: "The same prompt-injection payload reached several servers, sessions or tenants within a window.",
    taxonomy: ["P5", "P1"],
    severity: "high",
    owasp: ["LLM01"],
    atlas: ["AML.T0051.001"],
    // One key per distinct suspicious payload (not per session): bounded by how many payloads are in circulation.
    state: { maxKeys: 20_000, ttlMs: 2 * 86_400_000 },
  },
  detect(e, ctx) {
    if (e.result === undefined) return [];
    const cfg = behaviourConfig(ctx).campaign;
    if (!cfg.enabled) return [];
    const marker = patternRegex(cfg.markers);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const leaf of textLeaves(e.result, 65_536, "result")) {
      const m = marker.exec(leaf.text);
      if (!m) continue;
      // The payload is what follows the marker (the part an attacker reuses), cut at a paragraph break.
      const raw = leaf.text.slice(m.index, m.index + PAYLOAD_CHARS).split(/\n\s*\n/)[0]!;
      const norm = normalisePayload(raw);
      const fp = fingerprint64(norm);
      if (seen.has(fp)) continue;
      seen.add(fp);
      const f = observe(fp, norm, leaf.path, e, ctx, cfg);
      if (f) out.push(f);
      if (seen.size >= 2) break; // bounded work per event
    }
    return out;
  },
};

function observe(
  fp: string,
  norm: string,
  path: string,
  e: Parameters<Detector["detect"]>[0],
  ctx: Parameters<Detector["detect"]>[1],
  cfg: ReturnType<typeof behaviourConfig>["campaign"],
): Finding | null {
  const t = eventTime(e, ctx.now);
  let s = ctx.state.get<CampaignState>(fp);
  if (!s || t - s.t0 > cfg.window_ms) s = { t0: t, sv: [], ss: [], hs: hllEmpty(), tn: [], ids: [], x: excerpt(norm, 160), a: 0 };
  const session = sessionOf(e) ?? `agent:${e.agent.id}`;
  const sessionKey = `${e.tenant}\u0000${session}`;
  if (!s.sv.includes(e.server.name) && s.sv.length < CAP_SERVERS) s.sv.push(e.server.name);
  if (!s.ss.includes(sessionKey) && s.ss.length < CAP_SESSIONS) s.ss.push(sessionKey);
  s.hs = hllAdd(s.hs, sessionKey);
  if (!s.tn.includes(e.tenant) && s.tn.length < CAP_TENANTS) s.tn.push(e.tenant);
  if (!s.ids.includes(e.event_id)) s.ids.push(e.event_id);
  if (s.ids.length > 20) s.ids.shift();
  const sessions = s.ss.length < CAP_SESSIONS ? s.ss.length : Math.max(s.ss.length, hllCount(s.hs));
  const spread = s.sv.length + sessions + s.tn.length;
  let finding: Finding | null = null;
  const wide = s.sv.length >= cfg.min_servers || sessions >= cfg.min_sessions || s.tn.length >= cfg.min_tenants;
  if (wide && spread > s.a) {
    s.a = spread;
    const text = `payload "${s.x}" seen on ${s.sv.length} server(s) (${s.sv.slice(0, 5).join(", ")}), ${sessions} session(s), ${s.tn.length} tenant(s) since ${new Date(s.t0).toISOString()}`;
    finding = {
      title: `Injection campaign ${fp.slice(0, 8)}: ${s.sv.length} servers, ${sessions} sessions`,
      description: `The same prompt-injection payload (fingerprint ${fp}) is spreading: ${text}.`,
      score: Math.min(1, 0.6 + 0.05 * spread),
      severity: s.tn.length >= cfg.min_tenants || s.sv.length >= cfg.min_servers ? "critical" : "high",
      event_ids: [...s.ids],
      evidence: [{ event_id: e.event_id, path, excerpt: s.x, reason: "injection marker; payload fingerprint shared across servers/sessions" }],
      dedup: [fp],
      entity: { session_id: null, server: null, tool: null, principal: null, agent_id: null },
    };
  }
  ctx.state.set(fp, s);
  return finding;
}
