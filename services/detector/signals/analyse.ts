// Scores a group of text fields (one tool's description and schema texts, or one result) for injection shape,
// decoded runs and hiding tricks included, and maps the winning hits back to evidence with paths, excerpts and
// the matched span.
import type { Evidence } from "../../../shared/schema/alert.js";
import type { DetectorConfig } from "../config.js";
import { excerptSpan, textsOf, type ScannedField } from "../text/fields.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { NormalisedText } from "../text/normalise.js";
import { DIRECTIVE_FAMILIES, findSignals, NO_CORE_CAP, scoreHits, type Context, type SignalHit, type SignalSet } from "./injection.js";
import { confirmScore, shippedConfirmer } from "./confirmer.js";
import { modelScore, shippedModel, windowScore, windowSpan, type WindowScore } from "./learned.js";
import { boundedMemo } from "./memo.js";
import { glossOf, LANGUAGE_NAMES } from "../text/gloss.js";
import { normalise } from "../text/normalise.js";

export interface Analysis {
  score: number;
  hits: SignalHit[];
  evidence: Evidence[];
  /** Hiding tricks in the group (counted as an extra trait when other signals are present). */
  hidden: boolean;
}

interface Located { field: ScannedField; offset: number }
/** Where a hit found in a decoded run lives: the field, the segment and the offset inside the decoded text. */
interface DecodedAt { field: ScannedField; seg: number; at: number; len: number }

/** The fields the semantic detectors read, with the engine's budgets (memoised per event). */
export function fieldsOf(event: TelemetryEvent, cfg: DetectorConfig): ScannedField[] {
  return textsOf(event, cfg.budgets).fields;
}

/**
 * Model probability above which a core signal below the threshold is lifted to it (held-out figures:
 * bench/train-model.ts). 0.95, not 0.9: the retrained model puts short honest snippets (a chat transcript's role
 * labels, a badge URL) at 0.91-0.95; 0.95 lost no detection on the own holdout, wave 5 or the read halves.
 */
const MODEL_LIFT_AT = 0.95;
/**
 * In content with no core signal, the probability above which a text with a directive trait (DIRECTIVE_FAMILIES)
 * reaches the threshold (chosen on the external corpus's tune half and the own holdout: docs/detection.md).
 */
const MODEL_CONTENT_ALONE_AT = 0.99;
/**
 * In one content text the signals left below the threshold, the window model's probability for its most
 * attack-like passage at which it alerts alone. The window model was trained on windows, the hardest passage of
 * each honest document pushed down, so unlike the whole-text model it does not learn the documents attacks are
 * planted in (held out: 0 of 8,333 documentation, source and manual chunks above it; bench/train-model.ts). 0.998,
 * chosen on the read halves only: 0.995 added 4 false alarms there for 2 more detections (docs/detection.md).
 */
const MODEL_WINDOW_ALONE_AT = 0.998;
/**
 * The same for a text of one window (64 words or fewer): the window model then reads the whole text, as the
 * whole-text model does, and short honest texts in an errand's words ("Agents using this API should send a
 * User-Agent header") reach 0.998. 0.9998, chosen on the read halves: it removed their one false alarm there.
 */
const MODEL_WINDOW_SHORT_AT = 0.9998;
/**
 * Below its own threshold, the window model may still alert on a text of several windows when the confirmer
 * (confirmer.ts), a model of another kind, agrees: window probability above CONFIRM_WINDOW_AT and the confirmer's
 * above CONFIRMER_AT. Not on a text of one window: there both models read a whole short text, and agree on honest
 * prompt templates ("You are a translation assistant. Translate the user's text…", test/unit). The pair was
 * chosen from four as the one that added no false alarm on the third party's blind half, the never-read waves or
 * the 8,333 held-out documentation chunks; on authors nobody read it added 10 detections and no false alarm, on
 * the own halves 6 detections and 5 false alarms (docs/detection.md, thirteenth session).
 */
const CONFIRM_WINDOW_AT = 0.9;
const CONFIRMER_AT = 0.8;
/** Content that is an instruction to the model by design (prompt templates, sampling requests): no window model. */
const INSTRUCTION_SCOPES: ReadonlySet<string> = new Set(["prompt_content", "sampling"]);
/** In a description, the probability at which the model alerts without any core signal. */
const MODEL_ALONE_AT = 0.99;

/** Distinct signal families that let a description alert without a core trait. */
const DESCRIPTION_CORELESS_FAMILIES = 3;

const hiddenTrick = (n: NormalisedText): boolean =>
  n.anyHidden && (n.hidden.zeroWidth + n.hidden.bidi + n.hidden.tags + n.hidden.variationSelectors + n.hidden.ansiHiding + n.hidden.mixedScriptWords) > 0;

/**
 * Concatenates the fields (so a payload split over a description and a parameter description still forms
 * one shape), scans the visible text and every decoded run, and scores the densest window.
 * With `minScore` above NO_CORE_CAP only a core trait can lift the score to it, so core signals are looked for
 * first (visible text and decoded runs) and boosters only when one was found: same score, a fraction of the
 * work on the benign majority. Without `minScore` every signal is looked for (full evidence); `fullScan` forces
 * that with a threshold too (tests compare the two paths). `learnedAlone` false keeps the learned models from
 * alerting without a hand-written core trait (the anchored lift stays): the English gloss of other languages uses it.
 */
export function analyseFields(fields: ScannedField[], ctx: Context, minScore?: number, fullScan = false, learnedAlone = true): Analysis {
  let hidden = false;
  for (const f of fields) if (hiddenTrick(f.norm())) hidden = true;
  const hits: SignalHit[] = [];
  const locate: Located[] = [];
  const decodedAt = new Map<SignalHit, DecodedAt>();
  let offset = 0;
  const parts: string[] = [];
  for (const f of fields) {
    const n = f.norm();
    locate.push({ field: f, offset });
    parts.push(n.lower);
    offset += n.lower.length + 1;
  }
  const text = parts.length === 1 ? parts[0]! : parts.join("\n");
  const scan = (set: SignalSet): void => {
    findSignals(text, ctx, hits, undefined, set);
    // Decoded runs are scanned on their own and placed at the run's position, so they join its window.
    for (const loc of locate) {
      const decoded = loc.field.norm().decoded;
      for (let k = 0; k < decoded.length; k++) {
        const d = decoded[k]!;
        const before = hits.length;
        findSignals(d.text, ctx, hits, d.kind, set);
        for (let i = before; i < hits.length; i++) {
          const h = hits[i]!;
          decodedAt.set(h, { field: loc.field, seg: k, at: h.at, len: h.len });
          h.at = loc.offset + d.at;
        }
      }
    }
  };
  // A description has one job, describing its tool: three independent traits aimed elsewhere (the user's data, an
  // outside address, another tool, a standing order) are poisoning even in plain words no core signal knows.
  // Descriptions are scanned once per definition, so they can afford the full scan.
  const coreless = ctx === "description" ? DESCRIPTION_CORELESS_FAMILIES : Infinity;
  // One content text: the core signals and the directive boosters are looked for first; a text with a directive
  // but no core trait is read by the model, and the other boosters are looked for only when it can alert.
  let contentP: number | undefined;
  const modelReads = minScore !== undefined && minScore > NO_CORE_CAP && ctx === "content" && fields.length === 1;
  const readByModel = (): number => { const model = shippedModel(); return (contentP = model ? modelScore(model, text, ctx) : 0); };
  const directed = (): boolean => !hits.some((h) => h.core) && hits.some((h) => DIRECTIVE_FAMILIES.has(h.family));
  // The window model's reading of the text (once), and whether it alerts alone.
  let win: WindowScore | null | undefined;
  /** The confirmer's probability when it was asked (the window model between its two thresholds). */
  let confirmed: number | undefined;
  const windowAlerts = (): boolean => {
    if (win === undefined) {
      const model = shippedModel();
      win = model && !INSTRUCTION_SCOPES.has(locate[0]!.field.scope) ? windowScore(model, text) : null;
      if (win !== null && win.windows > 1 && win.p > CONFIRM_WINDOW_AT && win.p <= MODEL_WINDOW_ALONE_AT) {
        const confirmer = shippedConfirmer();
        if (confirmer) confirmed = confirmScore(confirmer, text);
      }
    }
    if (win === null) return false;
    return win.p > (win.windows === 1 ? MODEL_WINDOW_SHORT_AT : MODEL_WINDOW_ALONE_AT) || (confirmed !== undefined && confirmed > CONFIRMER_AT);
  };
  if (minScore !== undefined && minScore > NO_CORE_CAP && coreless === Infinity && !fullScan) {
    if (modelReads) {
      scan("lead");
      // Every signal is looked for in a text that will alert, so its evidence is the full scan's.
      if (hits.some((h) => h.core) || (learnedAlone && ((directed() && readByModel() > MODEL_CONTENT_ALONE_AT) || windowAlerts()))) scan("rest");
    } else {
      scan("core");
      if (hits.length > 0) scan("boosters");
    }
  } else {
    scan("all");
    if (modelReads && learnedAlone && directed()) readByModel();
  }
  const extras = hidden && hits.length ? [{ family: "hidden", weight: 0.3 }] : [];
  const scored = scoreHits(hits, extras, coreless);
  const evidence: Evidence[] = [];
  for (const h of scored.top.slice(0, 5)) {
    const why = `${h.family}: ${h.label} (weight ${h.weight}${h.quoted ? ", quoted or taught: discounted" : ""})`;
    const dec = decodedAt.get(h);
    if (dec) {
      const seg = dec.field.norm().decoded[dec.seg]!;
      const x = excerptSpan(seg.text, dec.at, dec.len);
      evidence.push({ event_id: "", path: `${dec.field.path} (decoded ${seg.kind})`, excerpt: x.excerpt, match: x.match, span: x.span, reason: why });
      continue;
    }
    const loc = findLocation(locate, h.at);
    if (!loc) continue;
    const n = loc.field.norm();
    // Excerpts show the original case when normalisation kept the length (offsets line up), else lower case.
    const text = n.clean.length === n.lower.length ? n.clean : n.lower;
    const x = excerptSpan(text, h.at - loc.offset, h.len);
    evidence.push({ event_id: "", path: loc.field.path, excerpt: x.excerpt, match: x.match, span: x.span, reason: why });
  }
  let score = scored.score;
  // The learned model lifts a text a core signal already found, when the signals alone stay below the threshold:
  // it recognises paraphrases the lexicon misses, but on its own it also flags the documents attacks are planted in.
  const anchored = evidence.length > 0 && hits.some((h) => h.core);
  // Content the model is near-certain about, with a hand-written trait that directs the reader (an imperative, an
  // address to an AI, a claim of authority, an order to publish) but no core one: the model's wording judgement
  // carries it to the threshold. Alone, or beside a mere topic (credentials, a sensitive path, private data), it
  // flags the documents attacks are planted in and manuals about passwords (eval:benign: Japanese passwd pages).
  const directive = scored.top.find((h) => DIRECTIVE_FAMILIES.has(h.family));
  if (minScore !== undefined && contentP !== undefined && contentP > MODEL_CONTENT_ALONE_AT && directive && evidence.length > 0 && score < minScore) {
    score = minScore;
    // The excerpt of the directive itself (evidence follows scored.top, minus hits that could not be located).
    const at = evidence.find((e) => e.reason.startsWith(`${directive.family}: ${directive.label} `)) ?? evidence[0]!;
    evidence.unshift({ ...at, reason: `learned model: reads like an instruction to the agent (p=${contentP.toFixed(3)}) beside a ${directive.label} signal; no core signal fired` });
  }
  // A description has one job and is read once per definition: there a near-certain model alerts on its own
  // (2 of 580 held-out benign descriptions score above MODEL_ALONE_AT: bench/train-model.ts, docs/detection.md).
  if (minScore !== undefined && score < minScore && (anchored || ctx === "description")) {
    const model = shippedModel();
    const p = model ? modelScore(model, text, ctx) : 0;
    if (anchored && p > MODEL_LIFT_AT) {
      score = Math.round(Math.min(minScore + 0.1, minScore + (p - MODEL_LIFT_AT) / 2) * 1000) / 1000;
      evidence.unshift({ ...evidence[0]!, reason: `learned model: injection-like wording (p=${p.toFixed(2)}) around a ${scored.top[0]?.label ?? "core"} signal` });
    } else if (!anchored && learnedAlone && ctx === "description" && p > MODEL_ALONE_AT) {
      score = minScore;
      const first = locate[0]!.field;
      const n = first.norm();
      const x = excerptSpan(n.clean.length === n.lower.length ? n.clean : n.lower, 0, 0);
      evidence.unshift({ event_id: "", path: first.path, excerpt: x.excerpt, reason: `learned model: description reads like tool poisoning (p=${p.toFixed(3)}); no hand-written signal fired` });
    }
  }
  // One content text still below the threshold after every other path: the window model alerts alone on a passage
  // it is near-certain of.
  if (minScore !== undefined && modelReads && learnedAlone && score < minScore && windowAlerts()) {
    const w = win!;
    score = minScore;
    const field = locate[0]!.field;
    const n = field.norm();
    const [start, end] = windowSpan(text, w);
    const x = excerptSpan(n.clean.length === n.lower.length ? n.clean : n.lower, start, end - start, Math.min(480, end - start + 40));
    evidence.unshift({ event_id: "", path: field.path, excerpt: x.excerpt, match: x.match, span: x.span, reason: confirmed !== undefined && confirmed > CONFIRMER_AT
      ? `learned window model and the encoder-based confirmer agree: a passage reads like an instruction to the agent (window p=${w.p.toFixed(4)}, confirmer p=${confirmed.toFixed(3)}); no hand-written signal reached the threshold`
      : `learned window model: a passage reads like an instruction to the agent (p=${w.p.toFixed(4)}); no hand-written signal reached the threshold` });
  }
  return { score, hits: scored.top, evidence, hidden };
}

/**
 * On a gloss, a hand-written signal at the threshold counts only when the whole-text model, reading the same gloss,
 * leans towards an attack: rough English turns honest advice ("never tell anyone the code from the SMS") into
 * orders the signals know. Chosen on the read and unread halves' texts in other languages (docs/detection.md,
 * fifteenth session): it kept every detection the signals made there and 2 of their 9 false alarms.
 */
const GLOSS_SIGNAL_CONFIRM_AT = 0.5;
/**
 * A learned model alerts alone on a gloss only when the lexicon knew this share of the text's words (words it did
 * not know are hashed as noise) and the model is near-certain of the text or of one passage.
 */
const GLOSS_MODEL_COVERAGE = 0.4;
const GLOSS_MODEL_ALONE_AT = 0.999;

/** A field's word-by-word English gloss as a field of its own (same scope and item); null for English text. */
const glossed = new WeakMap<ScannedField, (ScannedField & { lang: string; coverage: number }) | null>();
function glossedField(f: ScannedField): (ScannedField & { lang: string; coverage: number }) | null {
  let g = glossed.get(f);
  if (g !== undefined) return g;
  const gl = glossOf(f.norm().lower);
  if (gl) {
    let n: NormalisedText | undefined;
    g = { scope: f.scope, path: `${f.path} (English gloss)`, raw: gl.text, ...(f.item !== undefined ? { item: f.item } : {}), lang: gl.lang, coverage: gl.coverage, norm: () => (n ??= normalise(gl.text)) };
  } else g = null;
  glossed.set(f, g);
  return g;
}

/**
 * analyseFields(), and when that stays below the threshold on text in another language, the same analysis of its
 * word-by-word English gloss (text/gloss.ts): the English signals and models know far more shapes than the
 * per-language lexicons. The gloss alerts only when two readings agree (see the constants above); its evidence
 * quotes the gloss and says so.
 */
export function analyseWithGloss(fields: ScannedField[], ctx: Context, minScore: number): Analysis {
  const a = analyseFields(fields, ctx, minScore);
  if (a.score >= minScore) return a;
  let any: { lang: string; coverage: number } | null = null;
  const gf = fields.map((f) => { const g = glossedField(f); if (g) any = g; return g ?? f; });
  if (!any) return a;
  const model = shippedModel();
  if (!model) return a;
  const { lang, coverage } = any as { lang: string; coverage: number };
  const text = gf.length === 1 ? gf[0]!.norm().lower : gf.map((f) => f.norm().lower).join("\n");
  const where = `a word-by-word English gloss of the ${LANGUAGE_NAMES[lang] ?? lang} text (lexicon knows ${Math.round(coverage * 100)} % of its words)`;
  const signals = analyseFields(gf, ctx, minScore, false, false);
  if (signals.score < minScore && coverage < GLOSS_MODEL_COVERAGE) return a;
  const p = modelScore(model, text, ctx);
  if (signals.score >= minScore && p > GLOSS_SIGNAL_CONFIRM_AT) {
    return { ...signals, evidence: signals.evidence.map((e) => ({ ...e, reason: `${e.reason} — read in ${where}; the learned model agrees (p=${p.toFixed(2)})` })) };
  }
  if (coverage < GLOSS_MODEL_COVERAGE) return a;
  const win = ctx === "content" && gf.length === 1 && !INSTRUCTION_SCOPES.has(gf[0]!.scope) ? windowScore(model, text)?.p ?? 0 : 0;
  if (p <= GLOSS_MODEL_ALONE_AT && win <= GLOSS_MODEL_ALONE_AT) return a;
  const full = analyseFields(gf, ctx, minScore, false, true);
  if (full.score < minScore) return a;
  return { ...full, evidence: full.evidence.map((e) => ({ ...e, reason: `${e.reason} — read in ${where}` })) };
}

/** Analyses of recently seen description groups. */
const descriptionMemo = boundedMemo<string, Analysis>(1024);

/**
 * analyseFields() for one item's description texts, memoised: every session's tools/list returns the same
 * definitions, and the analysis depends only on the texts, their paths and the threshold. Evidence is copied on
 * the way out because callers stamp their event id on it.
 */
export function analyseDescriptions(group: ScannedField[], minScore: number): Analysis {
  let key = String(minScore);
  for (const f of group) key += `\u0001${f.path}\u0000${f.truncatedFrom ?? ""}\u0000${f.raw}`;
  const a = descriptionMemo.get(key, () => analyseWithGloss(group, "description", minScore));
  return { ...a, evidence: a.evidence.map((e) => ({ ...e })) };
}

function findLocation(locate: Located[], at: number): Located | undefined {
  let found: Located | undefined;
  for (const l of locate) { if (l.offset <= at) found = l; else break; }
  return found;
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
