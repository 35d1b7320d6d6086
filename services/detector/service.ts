// The live detector: consumes TelemetryEvents (invalid ones dead-lettered), runs the engine, upserts alerts
// into the store THEN publishes them to the alerts topic, all before the batch's offsets commit; engine state
// is snapshotted to the store's `config` collection periodically and on stop, and restored on start.
import type { Bus } from "../../shared/bus/port.js";
import type { Store, WriteOp } from "../../shared/store/port.js";
import type { Alert } from "../../shared/schema/alert.js";
import { consumeTelemetry } from "../../shared/pipeline/validated-consumer.js";
import { logEvent } from "../../shared/observability/log.js";
import { counter } from "../../shared/observability/metrics.js";
import type { GeigerConfig } from "../cli/config.js";
import { detectorOwnedFields } from "./alerts.js";
import { DetectionEngine, type EngineSnapshot } from "./engine.js";

export const snapshotId = (groupId: string): string => `detector-state:${groupId}`;

/** Store ops for a batch of alerts: detector-owned fields merged, the full alert inserted when new. */
export function alertWrites(alerts: Alert[]): WriteOp[] {
  return alerts.map((a) => ({ id: a.alert_id, doc: detectorOwnedFields(a), insert: a as unknown as Record<string, unknown> }));
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
      await sub.stop();
      dirty = true;
      await saveSnapshot();
      logEvent("info", "detector_stopped", { group: groupId, ...engine.stats });
    },
  };
}
