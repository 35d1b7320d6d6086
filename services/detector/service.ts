// The live detector: consumes TelemetryEvents (invalid ones dead-lettered), runs the engine, upserts alerts
// into the store THEN publishes them to the alerts topic, all before the batch's offsets commit; engine state
// is snapshotted to the store's `config` collection periodically and on stop, and restored on start.
import type { Bus } from "../../shared/bus/port.js";
import type { Doc, Store, WriteOp } from "../../shared/store/port.js";
import type { Alert } from "../../shared/schema/alert.js";
import { consumeTelemetry } from "../../shared/pipeline/validated-consumer.js";
import { logEvent } from "../../shared/observability/log.js";
import { counter } from "../../shared/observability/metrics.js";
import type { GeigerConfig } from "../cli/config.js";
import { detectorOwnedFields } from "./alerts.js";
import { DetectionEngine, type EngineSnapshot } from "./engine.js";
import { SuppressionSchema, type Suppression } from "./config.js";

export const snapshotId = (groupId: string): string => `detector-state:${groupId}`;

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
export async function syncRulesAndSuppressions(engine: DetectionEngine, store: Store, fileSuppressions: Suppression[], last: { suppressions: string }): Promise<boolean> {
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
export async function writeRuleInfo(engine: DetectionEngine, store: Store): Promise<void> {
  const now = new Date().toISOString();
  const ops = engine.listRules().map((r) => ({
    id: `rule-info:${r.id}`,
    doc: { id: `rule-info:${r.id}`, kind: "rule_info", tenant: "*", updated_at: now, value: { id: r.id, name: r.name, description: r.description, severity: r.severity, taxonomy: r.taxonomy, enabled: r.enabled } },
  }));
  const res = await store.bulkWrite("config", ops);
  if (res.failed.length) logEvent("warn", "detector_rule_info_failed", { failed: res.failed.length, reason: res.failed[0]!.reason.slice(0, 200) });
}

export async function startDetectorService(o: { bus: Bus; store: Store; config: GeigerConfig; groupId?: string }): Promise<{ stop(): Promise<void>; engine: DetectionEngine }> {
  const groupId = o.groupId ?? "geiger-detector";
  const engine = new DetectionEngine({ config: o.config.detector, wallClock: Date.now });
  const published = counter("geiger_detector_alerts_published_total", "Alerts written and published by the detector service");
  const saved = await o.store.get("config", snapshotId(groupId)).catch((err: unknown) => {
    logEvent("warn", "detector_snapshot_unreadable", { error: (err as Error).message });
    return null;
  });
  if (saved && saved.value) {
    try {
      engine.restore(saved.value as EngineSnapshot);
      logEvent("info", "detector_state_restored", { group: groupId, alerts: (saved.value as EngineSnapshot).alerts?.length ?? 0 });
    } catch (err) {
      logEvent("warn", "detector_snapshot_rejected", { group: groupId, error: (err as Error).message });
    }
  }
  await o.bus.ensureTopics([{ name: o.config.topics.alerts }]);

  // Analysts' rule toggles and suppressions (written by the API to the store), re-read periodically.
  const lastSync = { suppressions: JSON.stringify(engine.getSuppressions()) };
  let syncing = false;
  const sync = async (): Promise<void> => {
    if (syncing) return;
    syncing = true;
    try {
      if (await syncRulesAndSuppressions(engine, o.store, o.config.detector.suppressions, lastSync)) await writeRuleInfo(engine, o.store);
    } catch (err) {
      logEvent("warn", "detector_config_sync_failed", { error: (err as Error).message.slice(0, 300) });
    } finally { syncing = false; }
  };
  await sync();
  await writeRuleInfo(engine, o.store).catch((err: unknown) => logEvent("warn", "detector_rule_info_failed", { error: (err as Error).message }));
  const syncTimer = setInterval(() => { void sync(); }, o.config.detector.config_sync_interval_ms);
  syncTimer.unref();

  let dirty = false;
  let saving: Promise<void> = Promise.resolve();
  const saveSnapshot = (): Promise<void> => {
    saving = saving.then(async () => {
      if (!dirty) return;
      dirty = false;
      const doc = { id: snapshotId(groupId), kind: "detector-state", updated_at: new Date().toISOString(), value: engine.snapshot() };
      const r = await o.store.bulkWrite("config", [{ id: doc.id, doc }]);
      if (r.failed.length) { dirty = true; logEvent("warn", "detector_snapshot_failed", { reason: r.failed[0]!.reason }); }
    }).catch((err: unknown) => { dirty = true; logEvent("warn", "detector_snapshot_failed", { error: (err as Error).message }); });
    return saving;
  };

  const sub = await consumeTelemetry({
    bus: o.bus,
    groupId,
    topic: o.config.topics.telemetry,
    stage: "detector",
    handle: async (batch) => {
      // Last version of each alert in the batch: one write and one message per alert, not per update.
      const changed = new Map<string, Alert>();
      for (const { event } of batch) for (const a of engine.process(event)) changed.set(a.dedup_key, a);
      dirty = true;
      if (changed.size === 0) return;
      const alerts = [...changed.values()];
      const res = await o.store.bulkWrite("alerts", alertWrites(alerts));
      if (res.failed.length) logEvent("error", "alert_write_failed", { failed: res.failed.length, reason: res.failed[0]!.reason.slice(0, 300) });
      await o.bus.publish(o.config.topics.alerts, alerts.map((a) => ({ key: a.dedup_key, value: JSON.stringify(a) })));
      published.inc(alerts.length);
    },
  });

  const timer = setInterval(() => { void saveSnapshot(); }, o.config.detector.snapshot_interval_ms);
  timer.unref();
  logEvent("info", "detector_started", { group: groupId, topic: o.config.topics.telemetry, rules: engine.listRules().length });

  let stopped = false;
  return {
    engine,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      clearInterval(syncTimer);
      await sub.stop();
      dirty = true;
      await saveSnapshot();
      logEvent("info", "detector_stopped", { group: groupId, ...engine.stats });
    },
  };
}
