// Scores a group of text fields (one tool's description and schema texts, or one result) for injection shape,
// decoded runs and hiding tricks included, and maps the winning hits back to evidence with paths and excerpts.
import type { Evidence } from "../../../shared/schema/alert.js";
import type { DetectorConfig } from "../config.js";
import { excerpt, textsOf, type ScannedField } from "../text/fields.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { findSignals, scoreHits, type Context, type SignalHit } from "./injection.js";

export interface Analysis {
  score: number;
  hits: SignalHit[];
  evidence: Evidence[];
  /** Hiding tricks in the group (counted as an extra trait when other signals are present). */
  hidden: boolean;
}

interface Located { field: ScannedField; offset: number; decodedAt?: number }

/** The fields the semantic detectors read, with the engine's budgets (memoised per event). */
export function fieldsOf(event: TelemetryEvent, cfg: DetectorConfig): ScannedField[] {
  return textsOf(event, cfg.budgets).fields;
}

/**
 * Concatenates the fields (so a payload split over a description and a parameter description still forms
 * one shape), scans the visible text and every decoded run, and scores the densest window.
 */
export function analyseFields(fields: ScannedField[], ctx: Context): Analysis {
  const hits: SignalHit[] = [];
  const locate: Located[] = [];
  let offset = 0;
  let hidden = false;
  const parts: string[] = [];
  for (const f of fields) {
    const n = f.norm();
    if (n.anyHidden && (n.hidden.zeroWidth + n.hidden.bidi + n.hidden.tags + n.hidden.variationSelectors + n.hidden.ansiHiding + n.hidden.mixedScriptWords) > 0) hidden = true;
    locate.push({ field: f, offset });
    parts.push(n.lower);
    offset += n.lower.length + 1;
  }
  findSignals(parts.length === 1 ? parts[0]! : parts.join("\n"), ctx, hits);
  // Decoded runs are scanned on their own and placed at the run's position, so they join its window.
  for (const loc of locate) {
    for (const d of loc.field.norm().decoded) {
      const before = hits.length;
      findSignals(d.text, ctx, hits, d.kind);
      for (let i = before; i < hits.length; i++) { hits[i]!.at = loc.offset + d.at; hits[i]!.len = 0; }
    }
  }
  const extras = hidden && hits.length ? [{ family: "hidden", weight: 0.3 }] : [];
  const scored = scoreHits(hits, extras);
  const evidence: Evidence[] = [];
  for (const h of scored.top.slice(0, 5)) {
    const loc = findLocation(locate, h.at);
    if (!loc) continue;
    const n = loc.field.norm();
    const at = h.at - loc.offset;
    const text = n.clean.length === n.lower.length ? n.clean : n.lower;
    evidence.push({
      event_id: "",
      path: loc.field.path + (h.decoded ? ` (decoded ${h.decoded})` : ""),
      excerpt: h.decoded ? decodedExcerpt(loc.field, h) : excerpt(text, at, h.len),
      reason: `${h.family}: ${h.label} (weight ${h.weight})`,
    });
  }
  return { score: scored.score, hits: scored.top, evidence, hidden };
}

function findLocation(locate: Located[], at: number): Located | undefined {
  let found: Located | undefined;
  for (const l of locate) { if (l.offset <= at) found = l; else break; }
  return found;
}

function decodedExcerpt(field: ScannedField, h: SignalHit): string {
  const seg = field.norm().decoded.find((d) => d.kind === h.decoded);
  return seg ? seg.text.slice(0, 160).replace(/\s+/g, " ") : "";
}

/** Stamps the event id on evidence produced before it was known. */
export function withEventId(evidence: Evidence[], eventId: string): Evidence[] {
  for (const e of evidence) e.event_id = eventId;
  return evidence;
}

/** Groups fields by the item they describe (tool / prompt / resource name), in first-seen order. */
export function groupByItem(fields: ScannedField[]): Map<string, ScannedField[]> {
  const groups = new Map<string, ScannedField[]>();
  for (const f of fields) {
    const k = f.item ?? "";
    const g = groups.get(k);
    if (g) g.push(f); else groups.set(k, [f]);
  }
  return groups;
}

export function signalSummary(hits: SignalHit[]): string {
  return [...new Set(hits.map((h) => h.label))].slice(0, 6).join("; ");
}
