// The live detector: consumes TelemetryEvents (invalid ones dead-lettered), runs one engine per assigned
// partition, upserts alerts into the store THEN publishes them to the alerts topic, all before the batch's
// offsets commit. Each partition's state is snapshotted to the store's `config` collection (periodically, on
// revocation and on stop) with the offset it reflects, so the instance that gets the partition next resumes it.
// `detector.stage` splits the detections in two (docs/scaling.md, "The re-keyed stage"): "session" runs the
// partition-local ones and forwards every event to the tenant-keyed topic, "tenant" runs the others on that topic.
import type { Bus } from "../../shared/bus/port.js";
import type { Doc, Store, WriteOp } from "../../shared/store/port.js";
import type { Alert } from "../../shared/schema/alert.js";
import { consumeTelemetry } from "../../shared/pipeline/validated-consumer.js";
import { logEvent } from "../../shared/observability/log.js";
import { counter, gauge } from "../../shared/observability/metrics.js";
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";
import type { GeigerConfig } from "../cli/config.js";
import { detectorOwnedFields } from "./alerts.js";
import { BUDGET_RULE, DetectionEngine, type EngineOptions, type EngineSnapshot } from "./engine.js";
import { SuppressionSchema, type DetectorConfig, type Suppression } from "./config.js";
import type { Detector } from "./detector.js";
import { DESCRIPTION_SCANNERS, SESSION_LOCAL_DETECTORS, registry } from "./registry.js";
import { builtinRulesDir, loadRules } from "./rules/rule.js";
import { DESCRIPTION_SCOPES, textsOf } from "./text/fields.js";

/** Where one partition's engine state is kept: state follows the partition, as the partition key follows the session. */
export const snapshotId = (groupId: string, topic: string, partition: number): string => `detector-state:${groupId}:${topic}:${partition}`;

export type DetectorStage = DetectorConfig["stage"];

/** The consumer group of a stage: stage "tenant" reads another topic, so it has its own group (and snapshots). */
export const stageGroupId = (groupId: string, stage: DetectorStage): string => (stage === "tenant" ? `${groupId}-tenant` : groupId);

/**
 * A stateless scanner as stage "tenant" runs it: only on events carrying server-level descriptions (tools/list,
 * initialize instructions…), keeping only its findings without a session. Stage "session" sees the same events and
 * keeps the other findings, so every dedup key has exactly one writer.
 */
const serverLevelFindingsOnly = (d: Detector): Detector => ({
  meta: d.meta,
  detect: (e, ctx) => textsOf(e, (ctx.config as unknown as DetectorConfig).budgets).fields.some((f) => DESCRIPTION_SCOPES.has(f.scope))
    ? d.detect(e, ctx).filter((f) => f.entity?.session_id === null)
    : [],
});

/**
 * Detectors and rules of a stage's engines (the whole registry and every rule for "all"). YAML pattern rules run in
 * both split stages: fully in "session", and in "tenant" narrowed to description scopes (plus rules deduplicated
 * by server), which is exactly where their findings carry no session.
 */
export function engineOptionsForStage(config: DetectorConfig, stage: DetectorStage): Pick<EngineOptions, "detectors" | "rules"> {
  if (stage === "all") return {};
  if (stage === "session") return { detectors: registry.filter((d) => SESSION_LOCAL_DETECTORS.has(d.meta.id)) };
  const rules = loadRules([...(config.builtin_rules ? [builtinRulesDir()] : []), ...config.rules_dirs]).map((cr) =>
    cr.rule.dedup_by === "server" ? cr : { ...cr, scopes: new Set([...cr.scopes].filter((sc) => DESCRIPTION_SCOPES.has(sc))) });
  return {
    detectors: registry.filter((d) => !SESSION_LOCAL_DETECTORS.has(d.meta.id) || DESCRIPTION_SCANNERS.has(d.meta.id))
      .map((d) => (SESSION_LOCAL_DETECTORS.has(d.meta.id) ? serverLevelFindingsOnly(d) : d)),
    rules,
  };
}

/**
 * Whether a stage writes this alert. Stage "session" leaves alerts without a session (server-level description
 * findings) to stage "tenant", except the engine's own budget alert, which reports the instance that did the work.
 */
export const stageKeepsAlert = (stage: DetectorStage, a: Alert): boolean =>
  stage !== "session" || a.entity.session_id !== undefined || a.rule_id === BUDGET_RULE.id;

/** What the API and the composition root may change at run time, applied to every partition's engine. */
export interface DetectorControls {
  listRules(): ReturnType<DetectionEngine["listRules"]>;
  setRuleEnabled(id: string, enabled: boolean): boolean;
  setSuppressions(list: unknown[]): void;
  getSuppressions(): Suppression[];
}

/** What the ops endpoints report (readiness, `geiger detector` only): partitions owned and those still restoring state. */
export interface DetectorStatus {
  running: boolean;
  assigned: number[];
  /** Partitions whose previous owner's snapshot is being read or waited for: their events are not processed yet. */
  restoring: number[];
}

/** A partition's engine state, the offset it reflects, and alerts computed but not yet written and published. */
interface PartitionSnapshot { snapshot: EngineSnapshot; next_offset: number; pending?: Alert[]; seen?: string[] }

interface PartitionState {
  engine: DetectionEngine; nextOffset: number; dirty: boolean; pending: Map<string, Alert>;
  /** Stage "tenant": event ids already processed (oldest first, bounded), to drop events forwarded twice. */
  seen: Set<string>;
}

/** Stage "tenant": false (and nothing remembered) if this event id was already processed on the partition. */
function firstDelivery(p: PartitionState, event: TelemetryEvent, max: number): boolean {
  if (p.seen.has(event.event_id)) return false;
  p.seen.add(event.event_id);
  if (p.seen.size > max) p.seen.delete(p.seen.values().next().value as string);
  return true;
}

/** Store ops for a batch of alerts: detector-owned fields merged, the full alert inserted when new. */
export function alertWrites(alerts: Alert[]): WriteOp[] {
  return alerts.map((a) => ({ id: a.alert_id, doc: detectorOwnedFields(a), insert: a as unknown as Record<string, unknown> }));
}

/** Every `config` doc of one kind (rule_override, suppression), paged; bounded to 10 000 docs. */
async function configDocs(store: Store, kind: string): Promise<Doc[]> {
  const out: Doc[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const r = await store.search("config", { filters: [{ field: "kind", op: "eq", value: kind }], limit: 500, cursor, order: "asc" });
    out.push(...r.items);
    if (!r.next_cursor || r.items.length === 0) break;
    cursor = r.next_cursor;
  }
  return out;
}

/**
 * Applies what analysts changed through the API (docs/api.md "Rules and suppressions"): `rule_override` docs
 * toggle rules, `suppression` docs are merged with the config file's suppressions (store wins on the same id).
 * Invalid docs are logged and skipped; returns whether anything changed.
 */
export async function syncRulesAndSuppressions(engine: DetectorControls, store: Store, fileSuppressions: Suppression[], last: { suppressions: string }): Promise<boolean> {
  let changed = false;
  const enabled = new Map(engine.listRules().map((r) => [r.id, r.enabled]));
  for (const d of await configDocs(store, "rule_override")) {
    const v = d.value as { rule_id?: unknown; enabled?: unknown } | undefined;
    if (typeof v?.rule_id !== "string" || typeof v.enabled !== "boolean" || !enabled.has(v.rule_id)) continue;
    if (enabled.get(v.rule_id) !== v.enabled && engine.setRuleEnabled(v.rule_id, v.enabled)) changed = true;
  }
  const byId = new Map<string, Suppression>(fileSuppressions.map((x) => [x.id, x]));
  for (const d of await configDocs(store, "suppression")) {
    const r = SuppressionSchema.safeParse(d.value);
    if (r.success) byId.set(r.data.id, r.data);
    else logEvent("warn", "detector_suppression_invalid", { id: String(d.id ?? ""), error: r.error.issues[0]?.message ?? "invalid" });
  }
  const list = [...byId.values()];
  const key = JSON.stringify(list);
  if (key !== last.suppressions) {
    try { engine.setSuppressions(list); last.suppressions = key; changed = true; }
    catch (err) { logEvent("warn", "detector_suppressions_rejected", { error: (err as Error).message.slice(0, 300) }); }
  }
  return changed;
}

/** The rule catalogue as `rule_info` docs, for `GET /rules` when the API has no in-process engine. */
export async function writeRuleInfo(engine: DetectorControls, store: Store): Promise<void> {
  const now = new Date().toISOString();
  const ops = engine.listRules().map((r) => ({
    id: `rule-info:${r.id}`,
    doc: { id: `rule-info:${r.id}`, kind: "rule_info", tenant: "*", updated_at: now, value: { id: r.id, name: r.name, description: r.description, severity: r.severity, taxonomy: r.taxonomy, enabled: r.enabled } },
  }));
  const res = await store.bulkWrite("config", ops);
  if (res.failed.length) logEvent("warn", "detector_rule_info_failed", { failed: res.failed.length, reason: res.failed[0]!.reason.slice(0, 200) });
}

export async function startDetectorService(o: { bus: Bus; store: Store; config: GeigerConfig; groupId?: string }): Promise<{ stop(): Promise<void>; engine: DetectorControls; status(): DetectorStatus }> {
  const stage = o.config.detector.stage;
  const groupId = stageGroupId(o.groupId ?? "geiger-detector", stage);
  const topic = stage === "tenant" ? o.config.detector.rekey_topic : o.config.topics.telemetry;
  const stageOptions = engineOptionsForStage(o.config.detector, stage);
  const forwarded = counter("geiger_detector_events_forwarded_total", "Events stage \"session\" forwarded to the tenant-keyed topic");
  const duplicates = counter("geiger_detector_duplicate_events_total", "Events stage \"tenant\" dropped as already processed (forwarded twice)");
  const published = counter("geiger_detector_alerts_published_total", "Alerts written and published by the detector service");
  const gaps = counter("geiger_detector_state_gap_events_total", "Events a partition's restored state missed (snapshot older than the committed offset)");
  const handoverWaitMs = o.config.detector.handover_wait_ms;
  const storeErrors = counter("geiger_detector_store_write_errors_total", "Detector writes the store refused or failed (alert items, snapshot writes)", ["collection"]);
  const assignedGauge = gauge("geiger_detector_partitions_assigned", "Partitions of the telemetry topic this detector owns");
  const restoringGauge = gauge("geiger_detector_partitions_restoring", "Owned partitions still reading or waiting for their state snapshot");
  const snapshotAt = gauge("geiger_detector_snapshot_last_success_timestamp_seconds", "Last time no partition's engine state was left unsaved in the store (age = time() - this)");
  const stateEntries = gauge("geiger_detector_state_entries", "Entries in a partition's engine state (detector keys + remembered alerts) at its last snapshot", ["partition"]);
  const assigned = new Set<number>();
  const restoring = new Set<number>();
  /** Partitions whose last snapshot write failed (dirty again, retried next tick): keeps the snapshot age honest. */
  const unsaved = new Set<number>();

  // The template engine processes nothing: it holds the rule toggles and suppressions every partition engine copies.
  const template = new DetectionEngine({ config: o.config.detector, wallClock: Date.now, ...stageOptions });
  const partitions = new Map<number, PartitionState>();
  const newEngine = (): DetectionEngine => {
    const e = new DetectionEngine({ config: o.config.detector, wallClock: Date.now, ...stageOptions });
    for (const r of template.listRules()) if (!r.enabled) e.setRuleEnabled(r.id, false);
    e.setSuppressions(template.getSuppressions());
    return e;
  };
  const controls: DetectorControls = {
    listRules: () => template.listRules(),
    setRuleEnabled: (id, enabled) => {
      const ok = template.setRuleEnabled(id, enabled);
      if (ok) for (const p of partitions.values()) p.engine.setRuleEnabled(id, enabled);
      return ok;
    },
    setSuppressions: (list) => {
      template.setSuppressions(list); // validates; throws before any partition engine changes
      for (const p of partitions.values()) p.engine.setSuppressions(list);
    },
    getSuppressions: () => template.getSuppressions(),
  };

  const readSnapshot = async (partition: number): Promise<PartitionSnapshot | null> => {
    const doc = await o.store.get("config", snapshotId(groupId, topic, partition)).catch((err: unknown) => {
      logEvent("warn", "detector_snapshot_unreadable", { partition, error: (err as Error).message });
      return null;
    });
    const v = doc?.value as PartitionSnapshot | undefined;
    return v && typeof v.next_offset === "number" && v.snapshot ? v : null;
  };

  /**
   * The engine of a partition this instance has just started to read at `firstOffset`. If the previous owner's
   * snapshot is older than that offset it is probably still being written (revocation, graceful stop): wait a
   * bounded time for it, then go on and count the gap rather than stall the partition.
   */
  const engineFor = async (partition: number, firstOffset: number): Promise<PartitionState> => {
    const have = partitions.get(partition);
    if (have) return have;
    restoring.add(partition);
    restoringGauge.set(restoring.size);
    try { return await restorePartition(partition, firstOffset); } finally { restoring.delete(partition); restoringGauge.set(restoring.size); }
  };
  const restorePartition = async (partition: number, firstOffset: number): Promise<PartitionState> => {
    let snap = await readSnapshot(partition);
    for (const end = Date.now() + handoverWaitMs; snap && snap.next_offset < firstOffset && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 250));
      snap = await readSnapshot(partition);
    }
    const engine = newEngine();
    if (snap) {
      try {
        engine.restore(snap.snapshot);
        if (snap.next_offset < firstOffset) { gaps.inc(firstOffset - snap.next_offset); logEvent("warn", "detector_state_gap", { group: groupId, partition, missed: firstOffset - snap.next_offset }); }
        logEvent("info", "detector_state_restored", { group: groupId, partition, next_offset: snap.next_offset });
      } catch (err) {
        logEvent("warn", "detector_snapshot_rejected", { group: groupId, partition, error: (err as Error).message });
      }
    }
    // A snapshot ahead of the delivery (re-delivery after a crash) already holds those events: skip them.
    const entry: PartitionState = {
      engine,
      nextOffset: Math.max(firstOffset, snap?.next_offset ?? 0),
      dirty: false,
      pending: new Map((snap?.pending ?? []).map((a) => [a.dedup_key, a])),
      seen: new Set(snap?.seen ?? []),
    };
    partitions.set(partition, entry);
    return entry;
  };

  let saving: Promise<void> = Promise.resolve();
  /** Writes the snapshots of the given (default: all dirty) partitions; serialised so writes never reorder. */
  const saveSnapshots = (which?: number[]): Promise<void> => {
    saving = saving.then(async () => {
      const ids = which ?? [...partitions].filter(([, p]) => p.dirty).map(([id]) => id);
      const written: number[] = [];
      const ops = ids.flatMap((id) => {
        const p = partitions.get(id);
        if (!p) return [];
        p.dirty = false;
        const value: PartitionSnapshot = { snapshot: p.engine.snapshot(), next_offset: p.nextOffset, pending: [...p.pending.values()], ...(p.seen.size ? { seen: [...p.seen] } : {}) };
        stateEntries.set({ partition: String(id) }, Object.values(value.snapshot.states ?? {}).reduce((n, st) => n + st.entries.length, 0) + (value.snapshot.alerts?.length ?? 0));
        const docId = snapshotId(groupId, topic, id);
        written.push(id);
        return [{ id: docId, doc: { id: docId, kind: "detector-state", updated_at: new Date().toISOString(), value } }];
      });
      for (const id of written) unsaved.add(id); // until the write below is known to have succeeded
      const r = ops.length ? await o.store.bulkWrite("config", ops) : { failed: [] };
      const failed = new Set(r.failed.map((f) => f.id));
      for (const id of written) {
        if (!failed.has(snapshotId(groupId, topic, id))) { unsaved.delete(id); continue; }
        // A failed write is retried at the next interval even if the partition sees no new events.
        const p = partitions.get(id);
        if (p) p.dirty = true;
      }
      if (r.failed.length) { storeErrors.inc({ collection: "config" }, r.failed.length); logEvent("warn", "detector_snapshot_failed", { reason: r.failed[0]!.reason }); }
      // Nothing dirty and nothing failed among the partitions still owned: the saved state is current (an idle
      // detector too, which has nothing to write).
      if (![...partitions].some(([id, p]) => p.dirty || unsaved.has(id))) snapshotAt.set(Date.now() / 1000);
    }).catch((err: unknown) => {
      // The store threw (down, not a per-document failure): everything attempted is dirty again.
      for (const id of unsaved) { const p = partitions.get(id); if (p) p.dirty = true; }
      storeErrors.inc({ collection: "config" });
      logEvent("warn", "detector_snapshot_failed", { error: (err as Error).message });
    });
    return saving;
  };

  await o.bus.ensureTopics([{ name: o.config.topics.alerts }, ...(stage === "session" ? [{ name: o.config.detector.rekey_topic }] : [])]);

  // Analysts' rule toggles and suppressions (written by the API to the store), re-read periodically.
  const lastSync = { suppressions: JSON.stringify(controls.getSuppressions()) };
  let syncing = false;
  const sync = async (): Promise<void> => {
    if (syncing) return;
    syncing = true;
    try {
      if (await syncRulesAndSuppressions(controls, o.store, o.config.detector.suppressions, lastSync)) await writeRuleInfo(controls, o.store);
    } catch (err) {
      logEvent("warn", "detector_config_sync_failed", { error: (err as Error).message.slice(0, 300) });
    } finally { syncing = false; }
  };
  await sync();
  await writeRuleInfo(controls, o.store).catch((err: unknown) => logEvent("warn", "detector_rule_info_failed", { error: (err as Error).message }));
  const syncTimer = setInterval(() => { void sync(); }, o.config.detector.config_sync_interval_ms);
  syncTimer.unref();

  const sub = await consumeTelemetry({
    bus: o.bus,
    groupId,
    topic,
    stage: "detector",
    onPartitionsAssigned: (added) => {
      for (const id of added.filter((r) => r.topic === topic).flatMap((r) => r.partitions)) assigned.add(id);
      assignedGauge.set(assigned.size);
    },
    onPartitionsRevoked: async (revoked) => {
      for (const id of revoked.filter((r) => r.topic === topic).flatMap((r) => r.partitions)) { assigned.delete(id); stateEntries.remove({ partition: String(id) }); }
      assignedGauge.set(assigned.size);
      const ids = revoked.filter((r) => r.topic === topic).flatMap((r) => r.partitions).filter((p) => partitions.has(p));
      await saveSnapshots(ids);
      for (const id of ids) partitions.delete(id);
      if (ids.length) logEvent("info", "detector_partitions_handed_over", { group: groupId, partitions: ids });
    },
    handle: async (batch) => {
      // Both bus adapters hand over one partition per batch.
      const first = batch[0]!.message;
      const p = await engineFor(first.partition, Number(first.offset));
      // Every event of the batch, even those already in this partition's state: a snapshot may be ahead of a
      // forward that never completed. Before the commit, so a crash re-forwards (stage "tenant" drops repeats).
      if (stage === "session") {
        await o.bus.publish(o.config.detector.rekey_topic, batch.map(({ event, message }) => ({ key: event.tenant, value: message.value })));
        forwarded.inc(batch.length);
      }
      // A batch retried after a failed write must not run through the engine twice (counts and baselines would
      // inflate): events below nextOffset are already in the state, and their alerts wait in `pending`.
      for (const { event, message } of batch) {
        const offset = Number(message.offset);
        if (offset < p.nextOffset) continue;
        if (stage === "tenant" && !firstDelivery(p, event, o.config.detector.rekey_dedup_events)) { duplicates.inc(); p.nextOffset = offset + 1; p.dirty = true; continue; }
        // Last version of each alert: one write and one message per alert, not per update.
        for (const a of p.engine.process(event)) if (stageKeepsAlert(stage, a)) p.pending.set(a.dedup_key, a);
        p.nextOffset = offset + 1;
        p.dirty = true;
      }
      if (p.pending.size > 0) {
        const alerts = [...p.pending.values()];
        // A throw (store down) retries the batch; it is counted here so the responder sees which write failed.
        const res = await o.store.bulkWrite("alerts", alertWrites(alerts)).catch((err: unknown) => { storeErrors.inc({ collection: "alerts" }); throw err; });
        if (res.failed.length) storeErrors.inc({ collection: "alerts" }, res.failed.length);
        if (res.failed.length) logEvent("error", "alert_write_failed", { failed: res.failed.length, reason: res.failed[0]!.reason.slice(0, 300) });
        await o.bus.publish(o.config.topics.alerts, alerts.map((a) => ({ key: a.dedup_key, value: JSON.stringify(a) })));
        published.inc(alerts.length);
        for (const a of alerts) if (p.pending.get(a.dedup_key) === a) p.pending.delete(a.dedup_key);
      }
    },
  });

  const timer = setInterval(() => { void saveSnapshots(); }, o.config.detector.snapshot_interval_ms);
  timer.unref();
  logEvent("info", "detector_started", { group: groupId, topic, stage, rules: template.listRules().length });

  let stopped = false;
  return {
    engine: controls,
    status: () => ({ running: !stopped, assigned: [...assigned].sort((a, b) => a - b), restoring: [...restoring].sort((a, b) => a - b) }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      clearInterval(syncTimer);
      await sub.stop();
      await saveSnapshots([...partitions.keys()]);
      const events = [...partitions.values()].reduce((n, p) => n + p.engine.stats.events, 0);
      logEvent("info", "detector_stopped", { group: groupId, partitions: partitions.size, events });
    },
  };
}
