// The detector seam: one detector per file behind this interface, registered with one line in registry.ts.
// Detectors are pure: (event, state, config) → findings. The engine owns state, clock, dedup and output.
import type { Severity, Taxonomy, Evidence } from "../../shared/schema/alert.js";
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";

export interface DetectorMeta {
  /** Stable id, also the alert's rule_id unless a finding names a more specific rule. */
  id: string;
  name: string;
  description: string;
  taxonomy: Taxonomy[];
  severity: Severity;
  /** OWASP Top 10 for LLM Applications ids (e.g. "LLM01") and MITRE ATLAS technique ids (e.g. "AML.T0051"). */
  owasp: string[];
  atlas: string[];
  /** Bounds on the state this detector keeps: the engine evicts least-recently-used keys past maxKeys and keys idle longer than ttlMs (event time). */
  state?: { maxKeys: number; ttlMs: number };
}

/** One suspicious thing a detector saw. The engine turns findings into Alerts (ids, dedup, entity, times). */
export interface Finding {
  /** Defaults to the detector's id; rule-driven detectors name the rule that matched. */
  rule_id?: string;
  rule_name?: string;
  title: string;
  description: string;
  /** In [0,1]. */
  score: number;
  severity?: Severity;
  taxonomy?: Taxonomy[];
  evidence: Evidence[];
  /** Every event that contributed, the current one included. */
  event_ids: string[];
  /** What makes two findings "the same alert" beyond rule and entity (e.g. the tool name, a payload fingerprint). */
  dedup?: string[];
  /** Overrides of the entity derived from the event (e.g. a campaign spanning sessions drops session_id). */
  entity?: { session_id?: string | null; server?: string | null; tool?: string | null; principal?: string | null; agent_id?: string | null };
}

/**
 * Keyed, JSON-serialisable state owned by the engine and namespaced per detector. Values must be plain data:
 * the engine snapshots and restores them. TTL and LRU are applied in event time.
 */
export interface DetectorState {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
  delete(key: string): void;
  /** Number of live keys (for bounded-memory checks). */
  size(): number;
}

export interface DetectContext {
  state: DetectorState;
  /** Event time in ms (the engine's clock: max event time seen, never the wall clock). */
  now: number;
  config: DetectorConfig;
}

/** Engine-level configuration visible to detectors, validated by the detector config schema. */
export interface DetectorConfig {
  [section: string]: unknown;
}

export interface Detector {
  meta: DetectorMeta;
  detect(event: TelemetryEvent, ctx: DetectContext): Finding[];
}
