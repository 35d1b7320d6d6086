// P2 data-bearing URLs: outbound tool arguments whose URLs carry encoded data or redacted secrets in the query,
// and markdown/HTML images or links in results and descriptions that would ship data to a third party when the
// client renders them (zero-click exfiltration), including templates such as `?d={conversation}`.
import type { Evidence } from "../../../../shared/schema/alert.js";
import type { Detector } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { severityForScore } from "../../alerts.js";
import { CONTENT_SCOPES, DESCRIPTION_SCOPES, OUTBOUND_SCOPES, excerptSpan, type ScannedField } from "../../text/fields.js";
import { fieldsOf } from "../../signals/analyse.js";
import { normalise } from "../../text/normalise.js";
import { isTrustedHost } from "../../signals/domains.js";

const URL_RE = /\bhttps?:\/\/[^\s"'<>\])`\\]{1,4096}/g;
// A `<placeholder with spaces>` inside the URL (a template the model fills in) stays part of it.
const MD_IMAGE_RE = /!\[[^\]\n]{0,300}\]\(\s{0,3}<?(https?:\/\/[^\s)><]{1,4096}(?:<[^<>\n)]{1,60}>[^\s)><]{0,200})?)|<img\b[^>]{0,300}\bsrc\s{0,3}=\s{0,3}["']?(https?:\/\/[^\s"'>]{1,4096})/gi;
const MD_LINK_RE = /(?<!!)\[[^\]\n]{1,300}\]\(\s{0,3}<?(https?:\/\/[^\s)>]{1,4096})/g;
const PLACEHOLDER_RE = /\{\{?\s{0,2}[a-z_$][\w .-]{0,40}\}|\$\{[^}]{1,60}\}|<[a-z_ '’.-]{2,60}>|\[(?:data|secret|content|history|conversation|info|key|token|password)[^\]]{0,40}\]|\bx{4,12}\b|^(?:data|secrets?|passwords?|tokens?|history|conversation|messages|content)$/i;

export interface UrlVerdict { weight: number; why: string }

/** How much a URL looks like it carries data out (0 = plain). */
export function urlDataWeight(raw: string, templatesMatter: boolean): UrlVerdict {
  if (raw.includes("REDACTED") || raw.includes("%5BREDACTED")) return { weight: 0.9, why: "a redacted secret is embedded in the URL" };
  // Cheap early out: no query, no fragment and a short URL cannot carry data (most links in documents).
  if (!raw.includes("?") && !raw.includes("#") && raw.length < 80) return { weight: 0, why: "" };
  let url: URL;
  try { url = new URL(raw); } catch { return { weight: 0, why: "" }; }
  const parts: string[] = [];
  url.searchParams.forEach((v) => parts.push(v));
  if (url.hash.length > 1) parts.push(decodeSafe(url.hash.slice(1)));
  for (const seg of url.pathname.split("/")) if (seg.length >= 40) parts.push(decodeSafe(seg));
  let best: UrlVerdict = { weight: 0, why: "" };
  const bump = (v: UrlVerdict): void => { if (v.weight > best.weight) best = v; };
  for (const p of parts) {
    // An inline `data:` URI in a parameter (badge logos: `?logo=data:image/svg+xml;base64,…`) is content shipped
    // to the server, not data taken from the user.
    if (p.startsWith("data:")) continue;
    if (templatesMatter && PLACEHOLDER_RE.test(p)) bump({ weight: 0.75, why: `URL template with a data placeholder ('${p.slice(0, 40)}')` });
    if (p.length < 24) continue;
    const n = normalise(p);
    const readableDecoded = n.decoded.find((d) => d.kind === "base64" || d.kind === "hex");
    if (readableDecoded) bump({ weight: 0.7, why: `query carries ${readableDecoded.kind}-encoded text ('${readableDecoded.text.slice(0, 60)}')` });
    else if (p.length >= 512) bump({ weight: 0.35, why: `query value of ${p.length} characters` });
  }
  return best;
}

function decodeSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

function hostOf(raw: string): string | null {
  try { return new URL(raw).hostname.toLowerCase(); } catch { return null; }
}

export const exfilUrl: Detector = {
  meta: {
    id: "semantic.exfil_url",
    name: "Data-bearing URL (encoded data, secrets, image/link exfiltration)",
    description: "A URL carries data out: outbound tool arguments whose URL query holds encoded text or redacted secrets, or markdown/HTML images and links in results or descriptions whose URLs hold encoded data or data placeholders, which a client fetches on render (zero-click exfiltration).",
    taxonomy: ["P2"],
    severity: "high",
    owasp: ["LLM02", "LLM05"],
    atlas: ["AML.T0077", "AML.T0025"],
  },
  detect(event, ctx) {
    const cfg = ctx.config as unknown as DetectorConfig;
    const evidence: Evidence[] = [];
    let best = 0;
    let bestField: ScannedField | undefined;
    const consider = (f: ScannedField, url: string, at: number, w: UrlVerdict, what: string): void => {
      if (w.weight <= 0) return;
      const host = hostOf(url);
      if (host && isTrustedHost(host, cfg.trusted_domains)) return;
      if (evidence.length < 6) {
        const urlAt = f.raw.indexOf(url, at);
        const x = excerptSpan(f.raw, urlAt >= 0 ? urlAt : at, url.length);
        evidence.push({ event_id: event.event_id, path: f.path, excerpt: x.excerpt, match: x.match, span: x.span, reason: `${what}: ${w.why}` });
      }
      if (w.weight > best) { best = w.weight; bestField = f; }
    };
    for (const f of fieldsOf(event, cfg)) {
      const raw = f.raw;
      if (!raw.includes("http")) continue;
      if (OUTBOUND_SCOPES.has(f.scope)) {
        for (const m of raw.matchAll(URL_RE)) consider(f, m[0], m.index, urlDataWeight(m[0], false), "outbound URL");
      } else if (CONTENT_SCOPES.has(f.scope) || DESCRIPTION_SCOPES.has(f.scope)) {
        if (!raw.includes("](") && !/<img/i.test(raw)) continue;
        for (const m of raw.matchAll(MD_IMAGE_RE)) {
          const url = m[1] ?? m[2]!;
          const w = urlDataWeight(url, true);
          // An image is fetched without a click: weigh it above a link.
          consider(f, url, m.index, { weight: Math.min(1, w.weight + (w.weight > 0 ? 0.1 : 0)), why: w.why }, "image URL rendered by the client");
        }
        for (const m of raw.matchAll(MD_LINK_RE)) consider(f, m[1]!, m.index, urlDataWeight(m[1]!, true), "link URL");
      }
    }
    if (best < cfg.min_score || !bestField) return [];
    const field: ScannedField = bestField;
    const outbound = OUTBOUND_SCOPES.has(field.scope);
    return [{
      title: outbound ? `Data-bearing URL sent to ${event.server.name}${field.item ? `/${field.item}` : ""}` : `Exfiltration URL in ${field.scope.replace("_", " ")} from '${event.server.name}'`,
      description: evidence.map((e) => e.reason).slice(0, 3).join("; "),
      score: best,
      severity: severityForScore(best),
      evidence,
      event_ids: [event.event_id],
      dedup: [field.scope, field.item ?? ""],
      ...(DESCRIPTION_SCOPES.has(field.scope) ? { entity: { session_id: null, agent_id: null, principal: null } } : {}),
    }];
  },
};
