// P1 hidden content: text the human cannot see but the model reads — Unicode tag characters (ASCII
// smuggling), long zero-width runs, variation-selector payloads, bidi overrides, ANSI sequences that move the
// cursor or conceal, and words disguised with look-alike Cyrillic/Greek letters.
import type { Evidence } from "../../../../shared/schema/alert.js";
import type { Detector } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { severityForScore } from "../../alerts.js";
import { DESCRIPTION_SCOPES, OUTBOUND_SCOPES, excerptSpan, type ScannedField } from "../../text/fields.js";
import type { HiddenStats } from "../../text/normalise.js";
import { fieldsOf } from "../../signals/analyse.js";
import { noisyOr } from "../../signals/injection.js";

/** Invisible or display-changing code points: tags, zero-width, bidi, variation selectors, ESC. */
const HIDDEN_CHAR = /[\u{E0000}-\u{E007F}\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u001B]/u;

/**
 * Evidence an analyst can act on: the raw text around the first hidden character (the dashboard makes it
 * visible), or the decoded tag-character text when that is what was hidden.
 */
function hiddenEvidence(raw: string, tagText: string | undefined): { excerpt: string; match?: string; span?: [number, number] } {
  if (tagText) return { excerpt: `hidden text: ${tagText.slice(0, 200)}` };
  const m = HIDDEN_CHAR.exec(raw);
  if (!m) return { excerpt: raw.slice(0, 160).replace(/\s+/g, " ") };
  return excerptSpan(raw, m.index, m[0].length);
}

/** Weighted traits of one field; descriptions are held to a stricter standard than free-form content. */
function traits(h: HiddenStats, description: boolean): { weight: number; reason: string }[] {
  const t: { weight: number; reason: string }[] = [];
  if (h.tags > 0) t.push({ weight: h.tags >= 4 ? 0.9 : 0.6, reason: `${h.tags} Unicode tag character(s) (invisible ASCII)` });
  if (h.variationSelectors >= 4) t.push({ weight: 0.8, reason: `${h.variationSelectors} supplementary variation selectors (byte smuggling)` });
  if (h.zeroWidthRun >= 8) t.push({ weight: 0.75, reason: `run of ${h.zeroWidthRun} invisible characters (binary-encoded payload)` });
  else if (h.zeroWidth >= 3) t.push({ weight: description ? 0.55 : 0.3, reason: `${h.zeroWidth} zero-width characters` });
  else if (h.zeroWidth > 0 && description) t.push({ weight: 0.3, reason: `${h.zeroWidth} zero-width character(s)` });
  if (h.bidi > 0) t.push({ weight: description ? 0.6 : 0.4, reason: `${h.bidi} bidi override/isolate character(s)` });
  if (h.ansiHiding > 0) t.push({ weight: description ? 0.7 : 0.5, reason: `${h.ansiHiding} ANSI sequence(s) that move the cursor, erase or conceal` });
  else if (h.ansi > 0 && description) t.push({ weight: 0.5, reason: `${h.ansi} ANSI escape sequence(s) in metadata` });
  if (h.mixedScriptWords > 0) t.push({ weight: description ? (h.mixedScriptWords >= 2 ? 0.6 : 0.4) : (h.mixedScriptWords >= 3 ? 0.5 : 0.2), reason: `${h.mixedScriptWords} word(s) mixing Latin with look-alike Cyrillic/Greek letters` });
  if (h.controls >= 4 && description) t.push({ weight: 0.3, reason: `${h.controls} control characters` });
  return t;
}

export const hiddenContent: Detector = {
  meta: {
    id: "semantic.hidden_content",
    name: "Hidden content (invisible Unicode, ANSI, homoglyphs)",
    description: "Text carries content a human reviewer cannot see but a model reads: Unicode tag characters, zero-width or variation-selector payloads, bidi overrides, ANSI cursor/conceal sequences, or look-alike letters disguising words.",
    taxonomy: ["P1"],
    severity: "medium",
    owasp: ["LLM01"],
    atlas: ["AML.T0068"],
  },
  detect(event, ctx) {
    const cfg = ctx.config as unknown as DetectorConfig;
    const fields = fieldsOf(event, cfg);
    let best: { field: ScannedField; score: number; reasons: string[] } | null = null;
    const evidence: Evidence[] = [];
    for (const f of fields) {
      const n = f.norm();
      if (!n.anyHidden) continue;
      const t = traits(n.hidden, DESCRIPTION_SCOPES.has(f.scope) || OUTBOUND_SCOPES.has(f.scope));
      if (t.length === 0) continue;
      const score = noisyOr(t.map((x) => x.weight));
      const reasons = t.map((x) => x.reason);
      const tagText = n.decoded.find((d) => d.kind === "tags")?.text;
      if (score >= cfg.min_score && evidence.length < 5) {
        evidence.push({ event_id: event.event_id, path: f.path, ...hiddenEvidence(f.raw, tagText), reason: reasons.join("; ") });
      }
      if (!best || score > best.score) best = { field: f, score, reasons };
    }
    if (!best || best.score < cfg.min_score) return [];
    const where = best.field.scope.replace("_", " ");
    return [{
      title: `Hidden content in ${where}${best.field.item ? ` of '${best.field.item}'` : ""} on server '${event.server.name}'`,
      description: `Text the user cannot see but the model reads: ${best.reasons.join("; ")}.`,
      score: best.score,
      severity: severityForScore(best.score),
      evidence,
      event_ids: [event.event_id],
      dedup: [best.field.scope, best.field.item ?? ""],
      ...(DESCRIPTION_SCOPES.has(best.field.scope) ? { entity: { session_id: null, agent_id: null, principal: null } } : {}),
    }];
  },
};
