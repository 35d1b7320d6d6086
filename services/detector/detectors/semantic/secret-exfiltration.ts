// P2 secret exfiltration: secrets and PII going *out* in tool-call arguments, seen through the collector's
// redaction records and `[REDACTED:kind:fp=…]` placeholders (the value itself never reaches Geiger). Worst
// case: a fingerprint first seen in a result from one server/tool, then sent as an argument to another.
import type { Evidence } from "../../../../shared/schema/alert.js";
import type { Detector, Finding } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { severityForScore } from "../../alerts.js";
import { OUTBOUND_SCOPES } from "../../text/fields.js";
import { fieldsOf } from "../../signals/analyse.js";
import { toolName } from "../../text/fields.js";

const PLACEHOLDER_RE = /\[REDACTED:([a-z0-9_]{1,40}):fp=([0-9a-f]{6,64})\]/g;
const CREDENTIAL_PARAM_RE = /(?:^|[._-])(?:api[_-]?key|apikey|key|token|access[_-]?token|auth|authorization|password|passwd|secret|client[_-]?secret|credentials?|bearer|session)$/i;
const HARD_SECRETS = new Set([
  "private_key", "aws_access_key", "github_token", "slack_token", "slack_webhook", "stripe_key", "anthropic_api_key",
  "openai_api_key", "google_api_key", "jwt", "url_password", "basic_auth", "bearer_token",
]);
const SENSITIVE_PII = new Set(["credit_card", "us_ssn"]);

interface Origin { server: string; tool: string; event_id: string; kind: string }

interface Outbound { kind: string; fp: string; path: string; whole: boolean; paramName: string }

function weigh(o: Outbound, origin: Origin | undefined, server: string, tool: string): { w: number; why: string } {
  const movedAcross = origin && (origin.server !== server || origin.tool !== tool);
  if (movedAcross) {
    const w = o.kind === "email" ? 0.35 : HARD_SECRETS.has(o.kind) || o.kind.startsWith("credential") ? 0.9 : 0.75;
    return { w, why: `${o.kind} first seen in a result of ${origin!.server}/${origin!.tool} (event ${origin!.event_id}) is sent to ${server}/${tool}` };
  }
  if (o.kind === "email") return { w: 0, why: "" };
  const credentialParam = o.whole && CREDENTIAL_PARAM_RE.test(o.paramName);
  if (credentialParam) return { w: 0.15, why: `${o.kind} passed as credential parameter '${o.paramName}'` };
  if (SENSITIVE_PII.has(o.kind)) return { w: 0.55, why: `${o.kind} in outbound argument '${o.paramName}'` };
  if (HARD_SECRETS.has(o.kind)) return { w: o.whole ? 0.55 : 0.65, why: `${o.kind} ${o.whole ? "as the value of" : "embedded in"} outbound argument '${o.paramName}'` };
  return { w: o.whole ? 0.35 : 0.55, why: `${o.kind} ${o.whole ? "as the value of" : "embedded in"} outbound argument '${o.paramName}'` };
}

const lastSegment = (path: string): string => path.replace(/\[\d+\]/g, "").split(".").pop() ?? path;

export const secretExfiltration: Detector = {
  meta: {
    id: "semantic.secret_exfiltration",
    name: "Secrets or PII sent out in tool arguments",
    description: "A tool call carries secrets or sensitive PII in its arguments (from the collector's redaction records), above all a secret that was first returned by another server or tool in the same session: data read in one place and shipped to another.",
    taxonomy: ["P2"],
    severity: "high",
    owasp: ["LLM02"],
    atlas: ["AML.T0057", "AML.T0025"],
    state: { maxKeys: 200_000, ttlMs: 24 * 3600_000 },
  },
  detect(event, ctx) {
    const server = event.server.name;
    const tool = toolName(event) ?? event.method;
    const session = `${event.tenant}\u0000${event.agent.session_id}`;
    // Inbound: remember where each fingerprint came from.
    for (const r of event.redactions ?? []) {
      if (r.path.startsWith("result") || r.path.startsWith("error")) {
        const key = `${session}\u0000${r.fingerprint}`;
        if (ctx.state.get<Origin>(key) === undefined) ctx.state.set<Origin>(key, { server, tool, event_id: event.event_id, kind: r.kind });
      }
    }
    if (event.direction !== "client_to_server" || event.kind !== "request") return [];
    const cfg = ctx.config as unknown as DetectorConfig;
    const outbound: Outbound[] = [];
    const seen = new Set<string>();
    for (const f of fieldsOf(event, cfg)) {
      if (!OUTBOUND_SCOPES.has(f.scope) || !f.raw.includes("[REDACTED:")) continue;
      for (const m of f.raw.matchAll(PLACEHOLDER_RE)) {
        if (seen.has(m[2]!) || outbound.length >= 50) continue;
        seen.add(m[2]!);
        outbound.push({ kind: m[1]!, fp: m[2]!, path: f.path, whole: m[0].length === f.raw.trim().length, paramName: lastSegment(f.path) });
      }
    }
    for (const r of event.redactions ?? []) {
      if (!r.path.startsWith("params") || seen.has(r.fingerprint) || outbound.length >= 50) continue;
      seen.add(r.fingerprint);
      outbound.push({ kind: r.kind, fp: r.fingerprint, path: r.path, whole: r.kind === "credential_field", paramName: lastSegment(r.path) });
    }
    if (outbound.length === 0) return [];
    let best = 0;
    const evidence: Evidence[] = [];
    const weights: number[] = [];
    for (const o of outbound) {
      const origin = ctx.state.get<Origin>(`${session}\u0000${o.fp}`);
      const { w, why } = weigh(o, origin, server, tool);
      if (w <= 0) continue;
      weights.push(w);
      best = Math.max(best, w);
      if (evidence.length < 8) evidence.push({ event_id: event.event_id, path: o.path, excerpt: `[REDACTED:${o.kind}:fp=${o.fp}]`, reason: why });
    }
    // Several distinct secrets in one call raise the score a little (bulk exfiltration), never above 1.
    const score = Math.min(1, best + Math.min(0.1, 0.03 * (weights.filter((w) => w >= 0.5).length - 1)));
    if (score < cfg.min_score) return [];
    const f: Finding = {
      title: `Secret data sent to ${server}/${tool}`,
      description: `${evidence.length} secret/PII value(s) leave in the arguments of ${server}/${tool}: ${evidence.map((e) => e.reason).slice(0, 3).join("; ")}.`,
      score,
      severity: severityForScore(score),
      evidence,
      event_ids: [event.event_id],
      dedup: [tool],
    };
    return [f];
  },
};
