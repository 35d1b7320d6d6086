// P2 first-seen external domain: the first time a tenant's agents send a URL on a domain never seen before
// in outbound tool arguments (an informational alert: new destinations are where exfiltration goes).
import type { Detector, Finding } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { OUTBOUND_SCOPES, excerpt } from "../../text/fields.js";
import { fieldsOf } from "../../signals/analyse.js";
import { baseDomain, isInternalHost, isTrustedHost } from "../../signals/domains.js";

const HOST_RE = /\b(?:https?|wss?|ftp):\/\/(?:[^\s/@"'<>]{1,256}@)?(\[[0-9a-f:.]{2,45}\]|[a-z0-9.-]{1,253})/gi;

export const firstSeenDomain: Detector = {
  meta: {
    id: "semantic.first_seen_domain",
    name: "First-seen external domain in outbound arguments",
    description: "A domain never seen before in this tenant's outbound tool arguments (informational: a new destination for data).",
    taxonomy: ["P2"],
    severity: "info",
    owasp: ["LLM02"],
    atlas: ["AML.T0025"],
    state: { maxKeys: 100_000, ttlMs: 90 * 86_400_000 },
  },
  detect(event, ctx) {
    if (event.direction !== "client_to_server" || event.kind !== "request") return [];
    const cfg = ctx.config as unknown as DetectorConfig;
    const findings: Finding[] = [];
    for (const f of fieldsOf(event, cfg)) {
      if (!OUTBOUND_SCOPES.has(f.scope) || !f.raw.includes("://")) continue;
      for (const m of f.raw.matchAll(HOST_RE)) {
        const host = m[1]!.toLowerCase();
        if (isInternalHost(host) || isTrustedHost(host, cfg.trusted_domains)) continue;
        const domain = baseDomain(host);
        const key = `${event.tenant}\u0000${domain}`;
        if (ctx.state.get(key) !== undefined) continue;
        ctx.state.set(key, 1);
        if (findings.length >= 5) continue;
        findings.push({
          title: `First-seen external domain ${domain}`,
          description: `No agent of tenant '${event.tenant}' had sent a URL on ${domain} before; this call to ${event.server.name} does.`,
          score: 0.5,
          severity: "info",
          evidence: [{ event_id: event.event_id, path: f.path, excerpt: excerpt(f.raw, m.index, m[0].length), reason: `first outbound URL on ${domain}` }],
          event_ids: [event.event_id],
          dedup: [domain],
          entity: { session_id: null, agent_id: null },
        });
      }
    }
    return findings;
  },
};
