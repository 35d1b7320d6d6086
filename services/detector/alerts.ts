// Findings → Alerts (contract 2): entity from the event with the finding's overrides, a deterministic dedup
// key and alert id, and the merge of a repeated finding into its existing alert (count, last_seen, capped
// event ids and evidence) — one alert per dedup key, never a flood.
import { createHash } from "node:crypto";
import { ALERT_SCHEMA, SEVERITIES, severityRank, type Alert, type AlertEntity, type Evidence, type Severity } from "../../shared/schema/alert.js";
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";
import type { DetectorMeta, Finding } from "./detector.js";
import { toolName } from "./text/fields.js";

const ENTITY_KEYS = ["agent_id", "session_id", "principal", "server", "tool"] as const;

export function entityOf(event: TelemetryEvent, override?: Finding["entity"]): AlertEntity {
  const e: AlertEntity = { tenant: event.tenant, agent_id: event.agent.id, session_id: event.agent.session_id, server: event.server.name };
  if (event.agent.principal) e.principal = event.agent.principal;
  const tool = toolName(event);
  if (tool) e.tool = tool;
  if (override) {
    for (const k of ENTITY_KEYS) {
      const v = override[k];
      if (v === null) delete e[k];
      else if (typeof v === "string") e[k] = v;
    }
  }
  return e;
}

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

/** Same rule + same entity + same finding discriminators → same key, in any process, after any restart. */
export function dedupKeyOf(ruleId: string, entity: AlertEntity, extra: string[] = []): string {
  return sha256(JSON.stringify([ruleId, entity.tenant, ...ENTITY_KEYS.map((k) => entity[k] ?? null), ...extra])).slice(0, 32);
}

export const alertIdOf = (dedupKey: string): string => sha256(`alert:${dedupKey}`).slice(0, 24);

/** Severity from a score when a finding names none: the thresholds of docs/detection.md. */
export function severityForScore(score: number): Severity {
  if (score >= 0.9) return "critical";
  if (score >= 0.75) return "high";
  if (score >= 0.5) return "medium";
  if (score >= 0.3) return "low";
  return "info";
}

export interface AlertCaps { maxEventIds: number; maxEvidence: number }

const clampScore = (s: number): number => (Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0);
const maxSeverity = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);

/** Evidence strings are attacker-controlled: cap them so an alert stays small whatever the payload. */
function capEvidence(e: Evidence): Evidence {
  return { ...e, path: e.path.slice(0, 512), excerpt: e.excerpt.slice(0, 400), reason: e.reason.slice(0, 500) };
}

export function newAlert(meta: DetectorMeta, f: Finding, event: TelemetryEvent, entity: AlertEntity, dedupKey: string, caps: AlertCaps): Alert {
  const severity: Severity = f.severity ?? meta.severity;
  const ids = f.event_ids.length ? f.event_ids : [event.event_id];
  return {
    schema: ALERT_SCHEMA,
    alert_id: alertIdOf(dedupKey),
    dedup_key: dedupKey,
    rule_id: f.rule_id ?? meta.id,
    rule_name: f.rule_name ?? meta.name,
    severity: SEVERITIES.includes(severity) ? severity : meta.severity,
    score: clampScore(f.score),
    taxonomy: f.taxonomy?.length ? [...f.taxonomy] : [...meta.taxonomy],
    title: f.title.slice(0, 300),
    description: f.description.slice(0, 4000),
    entity,
    event_ids: [...new Set(ids)].slice(0, caps.maxEventIds),
    evidence: f.evidence.slice(0, caps.maxEvidence).map(capEvidence),
    first_seen: event.ts,
    last_seen: event.ts,
    count: 1,
    status: "open",
    owasp: [...meta.owasp],
    atlas: [...meta.atlas],
  };
}

/** Folds a repeat of the same finding into its alert (in place) and returns it. */
export function mergeAlert(a: Alert, meta: DetectorMeta, f: Finding, event: TelemetryEvent, caps: AlertCaps): Alert {
  a.count += 1;
  if (Date.parse(event.ts) > Date.parse(a.last_seen)) a.last_seen = event.ts;
  if (Date.parse(event.ts) < Date.parse(a.first_seen)) a.first_seen = event.ts;
  const sev = f.severity ?? meta.severity;
  if (severityRank(sev) > severityRank(a.severity)) {
    a.severity = maxSeverity(a.severity, sev);
    a.title = f.title.slice(0, 300);
    a.description = f.description.slice(0, 4000);
  }
  a.score = Math.max(a.score, clampScore(f.score));
  if (a.event_ids.length < caps.maxEventIds) {
    const have = new Set(a.event_ids);
    for (const id of f.event_ids.length ? f.event_ids : [event.event_id]) {
      if (a.event_ids.length >= caps.maxEventIds) break;
      if (!have.has(id)) { a.event_ids.push(id); have.add(id); }
    }
  }
  if (a.evidence.length < caps.maxEvidence) {
    const have = new Set(a.evidence.map((e) => `${e.path}\u0000${e.excerpt}`));
    for (const e of f.evidence) {
      if (a.evidence.length >= caps.maxEvidence) break;
      const c = capEvidence(e);
      const k = `${c.path}\u0000${c.excerpt}`;
      if (!have.has(k)) { a.evidence.push(c); have.add(k); }
    }
  }
  return a;
}

/** The fields the detector owns in a stored alert (an analyst's status and assignee are never overwritten). */
export function detectorOwnedFields(a: Alert): Record<string, unknown> {
  const { status: _status, assignee: _assignee, ...owned } = a;
  return a.status === "suppressed" ? { ...owned, status: "suppressed" } : owned;
}
