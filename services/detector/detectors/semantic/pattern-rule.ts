// The pattern/keyword rule kind: one YAML rule (rules/*.yaml) becomes one detector that reports the first
// match of its patterns in the scopes it names, unless an exception matches the same text.
import type { Evidence } from "../../../../shared/schema/alert.js";
import type { Detector, DetectorMeta, Finding } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import type { Severity } from "../../../../shared/schema/alert.js";
import { DESCRIPTION_SCOPES, excerptSpan, type ScannedField } from "../../text/fields.js";
import { fieldsOf } from "../../signals/analyse.js";
import { matchRule, type CompiledRule } from "../../rules/rule.js";

/** Lower-cased raw text, once per field however many raw rules read it. */
const rawLowers = new WeakMap<ScannedField, string>();
function rawLower(f: ScannedField): string {
  let l = rawLowers.get(f);
  if (l === undefined) { l = f.raw.toLowerCase(); rawLowers.set(f, l); }
  return l;
}

const SCORE_FOR: Record<Severity, number> = { info: 0.5, low: 0.55, medium: 0.65, high: 0.8, critical: 0.95 };

/** One detector per compiled rule, so engines sharing loaded rules share warmed-up detectors (engine.ts). */
const detectorOf = new WeakMap<CompiledRule, Detector>();

export function patternRuleDetector(cr: CompiledRule): Detector {
  let d = detectorOf.get(cr);
  if (!d) detectorOf.set(cr, (d = newPatternRuleDetector(cr)));
  return d;
}

function newPatternRuleDetector(cr: CompiledRule): Detector {
  const r = cr.rule;
  const meta: DetectorMeta = { id: r.id, name: r.name, description: r.description, taxonomy: r.taxonomy, severity: r.severity, owasp: r.owasp, atlas: r.atlas };
  const score = r.score ?? SCORE_FOR[r.severity];
  return {
    meta,
    detect(event, ctx) {
      const cfg = ctx.config as unknown as DetectorConfig;
      const evidence: Evidence[] = [];
      let firstScope: string | undefined;
      let item: string | undefined;
      for (const f of fieldsOf(event, cfg)) {
        if (!cr.scopes.has(f.scope)) continue;
        // [text, lower-cased text (for the literal pre-filter), path note]
        const texts: [string, string, string][] = r.match_on === "raw" ? [[f.raw, rawLower(f), ""]] : [[f.norm().clean, f.norm().lower, ""], ...f.norm().decoded.map((d): [string, string, string] => [d.text, d.text, ` (decoded ${d.kind})`])];
        for (const [text, lower, note] of texts) {
          const m = matchRule(cr, text, lower);
          if (!m) continue;
          const x = excerptSpan(text, m.at, m.len);
          evidence.push({ event_id: event.event_id, path: f.path + note, excerpt: x.excerpt, match: x.match, span: x.span, reason: `${r.kind} rule ${r.id} matched (pattern ${m.pattern + 1})` });
          firstScope ??= f.scope;
          item ??= f.item;
          break;
        }
        if (evidence.length >= 5) break;
      }
      if (evidence.length === 0) return [];
      const serverLevel = r.dedup_by === "server" || (firstScope !== undefined && DESCRIPTION_SCOPES.has(firstScope as never));
      const f: Finding = {
        title: `${r.name}${item ? ` in '${item}'` : ""} (${event.server.name})`,
        description: r.description,
        score,
        severity: r.severity,
        evidence,
        event_ids: [event.event_id],
        dedup: [firstScope ?? "", item ?? ""],
        ...(serverLevel ? { entity: { session_id: null, agent_id: null, principal: null } } : {}),
      };
      return [f];
    },
  };
}
