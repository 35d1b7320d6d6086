// The detection engine: runs every enabled detector on each event with its own bounded state, keeps an
// event-time clock, turns findings into deduplicated Alerts, applies suppressions, and flags events that blow
// the per-event time budget. The same engine runs live (service.ts) and offline (detectOffline, `geiger detect`).
import type { Alert } from "../../shared/schema/alert.js";
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";
import { logEvent } from "../../shared/observability/log.js";
import { counter, histogram } from "../../shared/observability/metrics.js";
import { DetectorConfigSchema, type DetectorConfig, type Suppression } from "./config.js";
import type { Detector, DetectorMeta, Finding } from "./detector.js";
import { dedupKeyOf, entityOf, mergeAlert, newAlert, type AlertCaps } from "./alerts.js";
import { registry } from "./registry.js";
import { builtinRulesDir, loadRules, type CompiledRule } from "./rules/rule.js";
import { patternRuleDetector } from "./detectors/semantic/pattern-rule.js";
import { KeyedState, type StateSnapshot } from "./state.js";
import { SuppressionSet } from "./suppressions.js";
import { textsOf, type Budgets } from "./text/fields.js";
import { eventForScope } from "./rules/example-event.js";
import { confirmScore, shippedConfirmer } from "./signals/confirmer.js";
import { WARM_UP_TEXT } from "./signals/injection.js";

export interface EngineOptions {
  /** The `detector` config section (raw or parsed; validated here). */
  config?: unknown;
  /** Detectors to run; default: the registry. */
  detectors?: Detector[];
  /** Already-loaded rules; default: loaded from config (built-in folder + rules_dirs) or `rulesDirs`. */
  rules?: CompiledRule[];
  /** Rule folders replacing the configured ones (`geiger detect --rules DIR`). */
  rulesDirs?: string[];
  /**
   * Live mode only: the wall clock, used solely to stop an event stamped far in the future from jumping the
   * event-time clock (which would expire every state entry). Offline runs leave it unset: determinism.
   */
  wallClock?: () => number;
}

/** A rule as listed by `GET /rules`. */
export interface RuleInfo {
  id: string;
  name: string;
  description: string;
  taxonomy: DetectorMeta["taxonomy"];
  severity: DetectorMeta["severity"];
  owasp: string[];
  atlas: string[];
  enabled: boolean;
  kind: "detector" | "rule";
  source?: string;
}

export interface EngineSnapshot {
  version: 1;
  clock: number;
  states: Record<string, StateSnapshot>;
  alerts: Alert[];
  enabled: Record<string, boolean>;
  suppressions?: Suppression[];
}

export interface EngineStats {
  events: number;
  findings: number;
  alerts_new: number;
  alerts_updated: number;
  suppressed: number;
  late_events: number;
  budget_exceeded: number;
  detector_errors: number;
}

/** The engine's own rule: an event whose detection exceeded the per-event time budget (flagged, never dropped). */
export const BUDGET_RULE: DetectorMeta = {
  id: "engine.budget_exceeded",
  name: "Detection time budget exceeded",
  description: "Detection of one event took longer than the per-event time budget; the event was still scanned (within its size caps) and is flagged for review, since slow-to-scan payloads are a known evasion and denial-of-service technique.",
  taxonomy: ["P4"],
  severity: "low",
  owasp: ["LLM10"],
  atlas: ["AML.T0029"],
};

/** The budget alert is raised at most once per server in this much event time (the metric counts every event). */
export const BUDGET_ALERT_WINDOW_MS = 10 * 60_000;

/**
 * How stale (wall ms) the CPU-clock mark may be before an event re-reads it. A stale mark only loosens the lower
 * bound of an event's CPU time by at most this much (5 % of the default 100 ms budget); re-reading it every
 * millisecond cost 2.5 % of the detector's CPU under end-to-end load.
 */
const CPU_MARK_MS = 5;

const DEFAULT_STATE = { maxKeys: 10_000, ttlMs: 24 * 3600_000 };
/**
 * Detectors already warmed up in this process. Compiled regexes and JIT code belong to the process, not to an
 * engine, so a second engine over the same detectors needs no warm-up (it cost every engine ~19 ms: the eval and
 * benign scans build one per case). Pattern rules loaded again are new detector objects and are warmed again.
 */
const warmedUp = new WeakSet<Detector>();

export class DetectionEngine {
  readonly config: DetectorConfig;
  private readonly detectors: Detector[];
  private readonly rules: CompiledRule[];
  private readonly states = new Map<string, KeyedState>();
  private readonly enabled = new Map<string, boolean>();
  private readonly suppressions: SuppressionSet;
  private suppressionsChanged = false;
  /** Dedup table: dedup_key → alert, in least-recently-updated order. */
  private readonly alertsByKey = new Map<string, Alert>();
  private readonly budgets: Budgets;
  private readonly caps: AlertCaps;
  private readonly wallClock: (() => number) | undefined;
  private clock = 0;
  /** Last CPU-clock reading and the wall time it was taken at (see process). */
  private cpuMark: NodeJS.CpuUsage = process.cpuUsage();
  private cpuMarkAt = -Infinity;
  /** Per-detector time of the current event (ms; -1 = not run), named only when the budget is exceeded. */
  private timings = new Float64Array(0);
  private readonly metrics = {
    events: counter("geiger_detector_events_total", "Events scanned by the detection engine"),
    alerts: counter("geiger_detector_alerts_total", "Alerts emitted (new or updated) by rule", ["rule", "kind"]),
    errors: counter("geiger_detector_errors_total", "Detector exceptions by detector", ["detector"]),
    late: counter("geiger_detector_late_events_total", "Events older than the engine clock by more than max_lateness_ms"),
    budget: counter("geiger_detector_budget_exceeded_total", "Events whose detection exceeded the time budget"),
    latency: histogram("geiger_detector_event_seconds", "Detection time per event", [], [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.005, 0.025, 0.1, 1]),
  };
  readonly stats: EngineStats = { events: 0, findings: 0, alerts_new: 0, alerts_updated: 0, suppressed: 0, late_events: 0, budget_exceeded: 0, detector_errors: 0 };

  constructor(opts: EngineOptions = {}) {
    this.config = DetectorConfigSchema.parse(opts.config ?? {});
    this.budgets = this.config.budgets; // same object the detectors pass: one memoised text extraction per event
    this.caps = { maxEventIds: this.config.dedup.max_event_ids, maxEvidence: this.config.dedup.max_evidence };
    this.wallClock = opts.wallClock;
    this.rules = opts.rules ?? loadRules(opts.rulesDirs ?? [
      ...(this.config.builtin_rules ? [builtinRulesDir()] : []),
      ...this.config.rules_dirs,
    ]);
    this.detectors = [...(opts.detectors ?? registry), ...this.rules.map(patternRuleDetector)];
    const ids = new Set<string>();
    for (const d of this.detectors) {
      if (ids.has(d.meta.id)) throw new Error(`duplicate detector/rule id '${d.meta.id}'`);
      ids.add(d.meta.id);
    }
    for (const r of this.rules) if (!r.rule.enabled) this.enabled.set(r.rule.id, false);
    for (const id of this.config.disabled_rules) this.enabled.set(id, false);
    this.suppressions = new SuppressionSet(this.config.suppressions);
    this.warmUp();
  }

  /**
   * Runs every detector not yet warmed up in this process (warmedUp) on synthetic events with throw-away state, so
   * regex compilation and JIT warm-up are not charged to the first real events (which would otherwise trip the time
   * budget, non-deterministically). Two
   * passes with different texts: V8 runs a regex's first execution in its interpreter and compiles it to native
   * code on the next one, which for the large signal regexes cost the first real event 50–100 ms; different
   * texts because description analyses are memoised. A plain description also loads and runs the learned model
   * (non-ASCII, so its tokenizer table is built here too, not on the first real non-ASCII text). The confirmer is
   * asked only about rare texts, so its file (11 MB) is loaded here rather than on the first of them.
   */
  private warmUp(): void {
    const cold = this.detectors.filter((d) => !warmedUp.has(d));
    if (cold.length === 0) return;
    const scopes = ["tool_description", "tool_result", "tool_arguments"] as const;
    const texts = [0, 1].map((pass) => `${WARM_UP_TEXT} ${pass} https://warm.example/?q=${Buffer.from(WARM_UP_TEXT.slice(0, 60)).toString("base64")}`);
    const events = [...texts.flatMap((t) => scopes.map((scope) => eventForScope(scope, t))), eventForScope("tool_description", "Lists the files of a folder — names and sizes.")];
    for (const e of events) {
      for (const d of cold) {
        try { d.detect(e, { state: new KeyedState(16, 1000, () => 0), now: 0, config: this.config }); } catch { /* reported when it happens on real events */ }
      }
    }
    for (const d of cold) warmedUp.add(d);
    const confirmer = cold.some((d) => d.meta.id === "semantic.indirect_injection") ? shippedConfirmer() : null;
    if (confirmer) confirmScore(confirmer, texts[0]!.slice(0, 600));
  }

  /** Event time (ms) of the engine: the largest event timestamp seen so far. */
  now(): number {
    return this.clock;
  }

  private stateFor(d: Detector): KeyedState {
    let s = this.states.get(d.meta.id);
    if (!s) {
      const b = d.meta.state ?? DEFAULT_STATE;
      s = new KeyedState(b.maxKeys, b.ttlMs, () => this.clock);
      this.states.set(d.meta.id, s);
    }
    return s;
  }

  private advanceClock(event: TelemetryEvent): void {
    let t = Date.parse(event.ts);
    if (!Number.isFinite(t)) return;
    if (this.wallClock) t = Math.min(t, this.wallClock() + this.config.max_future_skew_ms);
    if (t < this.clock - this.config.max_lateness_ms) { this.stats.late_events++; this.metrics.late.inc(); }
    if (t > this.clock) this.clock = t;
  }

  /**
   * Scans one event; returns the alerts it created or updated (copies, safe to serialise). Never throws for
   * bad event content: a detector that throws is logged, counted and skipped for this event.
   */
  process(event: TelemetryEvent): Alert[] {
    const t0 = performance.now();
    // The CPU clock (a syscall and an allocation) is read at most once per CPU_MARK_MS of wall time, not per
    // event: at tens of thousands of events per second it was a visible share of the work. See flagIfOverBudget.
    if (t0 - this.cpuMarkAt > CPU_MARK_MS) { this.cpuMark = process.cpuUsage(); this.cpuMarkAt = t0; }
    this.advanceClock(event);
    this.stats.events++;
    this.metrics.events.inc();
    const out = new Map<string, Alert>();
    const n = this.detectors.length;
    if (this.timings.length !== n) this.timings = new Float64Array(n);
    const timings = this.timings;
    timings.fill(-1);
    // One clock read per detector boundary (the end of one detector is the start of the next).
    let td = t0;
    for (let i = 0; i < n; i++) {
      const d = this.detectors[i]!;
      if (this.enabled.get(d.meta.id) === false) continue;
      const s = this.stateFor(d);
      let findings: Finding[];
      try {
        findings = d.detect(event, { state: s, now: this.clock, config: this.config });
      } catch (err) {
        this.stats.detector_errors++;
        this.metrics.errors.inc({ detector: d.meta.id });
        logEvent("error", "detector_failed", { detector: d.meta.id, event_id: event.event_id, error: (err as Error).message?.slice(0, 300) });
        td = performance.now();
        continue;
      }
      const te = performance.now();
      timings[i] = te - td;
      td = te;
      for (const f of findings) this.accept(d.meta, f, event, out);
    }
    const elapsed = performance.now() - t0;
    this.metrics.latency.observe(elapsed / 1000);
    if (elapsed > this.config.budgets.event_ms) this.flagIfOverBudget(event, t0, out);
    if ((this.stats.events & 1023) === 0) for (const s of this.states.values()) s.sweep();
    return out.size === 0 ? [] : [...out.values()].map((a) => structuredClone(a));
  }

  /**
   * CPU time, not wall time, decides: on a loaded machine wall time overstates an event's cost. The CPU spent
   * since the last mark, less the wall time between the mark and this event's start (at most one thread's
   * worth of CPU, and under CPU_MARK_MS), is a lower bound of this event's CPU time.
   */
  private flagIfOverBudget(event: TelemetryEvent, t0: number, out: Map<string, Alert>): void {
    const cpu = process.cpuUsage(this.cpuMark);
    const cpuMs = (cpu.user + cpu.system) / 1000 - (t0 - this.cpuMarkAt);
    if (cpuMs <= this.config.budgets.event_ms) return;
    const timings: [string, number][] = [];
    for (let i = 0; i < this.detectors.length; i++) if (this.timings[i]! >= 0) timings.push([this.detectors[i]!.meta.id, this.timings[i]!]);
    this.flagBudget(event, cpuMs, timings, out);
  }

  private accept(meta: DetectorMeta, f: Finding, event: TelemetryEvent, out: Map<string, Alert>): void {
    if (!(f.score >= this.config.min_score) && meta.id !== BUDGET_RULE.id) return;
    const ruleId = f.rule_id ?? meta.id;
    if (ruleId !== meta.id && this.enabled.get(ruleId) === false) return;
    this.stats.findings++;
    const entity = entityOf(event, f.entity);
    const key = dedupKeyOf(ruleId, entity, f.dedup);
    const evidence = this.withTruncationNote(event, f);
    const finding = evidence === f.evidence ? f : { ...f, evidence };
    let alert = this.alertsByKey.get(key);
    if (alert) {
      mergeAlert(alert, meta, finding, event, this.caps);
      this.alertsByKey.delete(key); // re-insert: most recently updated last
      this.stats.alerts_updated++;
      this.metrics.alerts.inc({ rule: ruleId, kind: "updated" });
    } else {
      alert = newAlert(meta, finding, event, entity, key, this.caps);
      this.stats.alerts_new++;
      this.metrics.alerts.inc({ rule: ruleId, kind: "new" });
    }
    const sup = this.suppressions.match(alert, this.clock);
    if (sup) {
      this.stats.suppressed++;
      if (this.config.suppressed_action === "drop") { this.alertsByKey.set(key, alert); this.trimAlerts(); return; }
      alert.status = "suppressed";
      (alert as Alert & { suppression_id?: string }).suppression_id = sup.id;
    }
    this.alertsByKey.set(key, alert);
    this.trimAlerts();
    out.set(key, alert);
  }

  private trimAlerts(): void {
    while (this.alertsByKey.size > this.config.dedup.max_alerts) this.alertsByKey.delete(this.alertsByKey.keys().next().value as string);
  }

  /** When the scan of this event was capped, the evidence says so (a hidden tail may hold more). */
  private withTruncationNote(event: TelemetryEvent, f: Finding): Finding["evidence"] {
    const t = textsOf(event, this.budgets).truncated;
    if (!t.fieldsCut && !t.eventCapHit && !t.depthCapHit && !t.nodeCapHit) return f.evidence;
    const parts: string[] = [];
    if (t.fieldsCut) parts.push(`${t.fieldsCut} string field(s) scanned only up to ${this.budgets.max_field_chars} characters`);
    if (t.eventCapHit) parts.push(`event scan stopped at ${this.budgets.max_event_chars} characters`);
    if (t.depthCapHit) parts.push(`JSON deeper than ${this.budgets.max_depth} levels not scanned`);
    if (t.nodeCapHit) parts.push(`JSON beyond ${this.budgets.max_nodes} nodes not scanned`);
    return [...f.evidence, { event_id: event.event_id, path: "(engine)", excerpt: "", reason: `scan truncated: ${parts.join("; ")}` }];
  }

  /** server → event time of the last budget alert: at most one per server per BUDGET_ALERT_WINDOW_MS. */
  private readonly lastBudgetAlert = new Map<string, number>();

  private flagBudget(event: TelemetryEvent, elapsed: number, timings: [string, number][], out: Map<string, Alert>): void {
    this.stats.budget_exceeded++;
    this.metrics.budget.inc();
    const last = this.lastBudgetAlert.get(event.server.name);
    if (last !== undefined && this.clock - last < BUDGET_ALERT_WINDOW_MS) return; // counted and logged once per window
    if (this.lastBudgetAlert.size > 10_000) this.lastBudgetAlert.clear();
    this.lastBudgetAlert.set(event.server.name, this.clock);
    const slowest = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id, ms]) => `${id} ${ms.toFixed(1)} ms`).join(", ");
    logEvent("warn", "detector_budget_exceeded", { event_id: event.event_id, elapsed_ms: Math.round(elapsed), slowest });
    if (this.enabled.get(BUDGET_RULE.id) === false) return;
    this.accept(BUDGET_RULE, {
      title: `Detection took ${elapsed.toFixed(0)} ms of CPU (budget ${this.config.budgets.event_ms} ms)`,
      description: `Scanning event ${event.event_id} (${event.method}) exceeded the per-event time budget. Slowest detectors: ${slowest}.`,
      score: 0.5,
      evidence: [{ event_id: event.event_id, path: "(engine)", excerpt: `${event.method}, request ${event.size.request_bytes} B, response ${event.size.response_bytes} B`, reason: `slowest detectors: ${slowest}` }],
      event_ids: [event.event_id],
      dedup: [event.method],
      entity: { session_id: null, agent_id: null },
    }, event, out);
  }

  listRules(): RuleInfo[] {
    const metas: { meta: DetectorMeta; kind: RuleInfo["kind"]; source?: string }[] = [
      ...this.detectors.map((d) => {
        const rule = this.rules.find((r) => r.rule.id === d.meta.id);
        return rule ? { meta: d.meta, kind: "rule" as const, source: rule.source } : { meta: d.meta, kind: "detector" as const };
      }),
      { meta: BUDGET_RULE, kind: "detector" as const },
    ];
    return metas.map(({ meta, kind, source }) => ({
      id: meta.id, name: meta.name, description: meta.description, taxonomy: [...meta.taxonomy], severity: meta.severity,
      owasp: [...meta.owasp], atlas: [...meta.atlas], enabled: this.enabled.get(meta.id) !== false, kind,
      ...(source ? { source } : {}),
    }));
  }

  /** Enables/disables a detector or rule at runtime; false if no such id. */
  setRuleEnabled(id: string, enabled: boolean): boolean {
    if (!this.listRules().some((r) => r.id === id)) return false;
    this.enabled.set(id, enabled);
    logEvent("info", "detector_rule_toggled", { rule: id, enabled });
    return true;
  }

  /** Replaces the suppression list (validated; throws ConfigError listing every problem, nothing changes). */
  setSuppressions(list: unknown[]): void {
    this.suppressions.replace(list);
    this.suppressionsChanged = true;
    logEvent("info", "detector_suppressions_set", { count: list.length });
  }

  getSuppressions(): Suppression[] {
    return this.suppressions.list();
  }

  /** Current state of every remembered alert (offline: the final alerts of the run). */
  alerts(): Alert[] {
    return [...this.alertsByKey.values()].map((a) => structuredClone(a));
  }

  snapshot(): EngineSnapshot {
    const states: Record<string, StateSnapshot> = {};
    for (const [id, s] of this.states) if (s.size() > 0) states[id] = s.snapshot();
    const snap: EngineSnapshot = { version: 1, clock: this.clock, states, alerts: [...this.alertsByKey.values()], enabled: Object.fromEntries(this.enabled) };
    if (this.suppressionsChanged) snap.suppressions = this.suppressions.list();
    return structuredClone(snap);
  }

  restore(snap: EngineSnapshot): void {
    if (!snap || snap.version !== 1) throw new Error("unsupported detector snapshot version");
    this.clock = Math.max(this.clock, snap.clock ?? 0);
    for (const d of this.detectors) {
      const s = snap.states?.[d.meta.id];
      if (s) this.stateFor(d).restore(s);
    }
    this.alertsByKey.clear();
    for (const a of snap.alerts ?? []) this.alertsByKey.set(a.dedup_key, structuredClone(a));
    this.trimAlerts();
    for (const [id, on] of Object.entries(snap.enabled ?? {})) this.enabled.set(id, on);
    if (snap.suppressions) { this.suppressions.replace(snap.suppressions); this.suppressionsChanged = true; }
  }
}

export interface OfflineOptions extends Omit<EngineOptions, "wallClock"> {}

const byTime = (a: TelemetryEvent, b: TelemetryEvent): number => {
  const d = Date.parse(a.ts) - Date.parse(b.ts);
  if (d !== 0 && Number.isFinite(d)) return d;
  return a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0;
};

/**
 * Retro-hunt and tests: runs a fresh engine over the events in timestamp order (stable, then event_id) and
 * returns the final state of every alert, ordered by first_seen then alert_id. Deterministic for a given input.
 */
export function detectOffline(events: TelemetryEvent[], opts: OfflineOptions = {}): Alert[] {
  const engine = new DetectionEngine(opts);
  for (const e of [...events].sort(byTime)) engine.process(e);
  return engine.alerts().sort((a, b) => (a.first_seen === b.first_seen ? (a.alert_id < b.alert_id ? -1 : 1) : Date.parse(a.first_seen) - Date.parse(b.first_seen)));
}
