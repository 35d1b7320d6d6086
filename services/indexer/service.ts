// Indexer: telemetry from the bus into the store, idempotent by event_id (a re-delivered batch rewrites the
// same documents). Items the store rejects for good are dead-lettered with their reason, never dropped.
import type { Bus } from "../../shared/bus/port.js";
import { dlqTopicFor } from "../../shared/bus/port.js";
import { consumeTelemetry, deadLetterMessage } from "../../shared/pipeline/validated-consumer.js";
import { logEvent } from "../../shared/observability/log.js";
import { counter, gauge } from "../../shared/observability/metrics.js";
import type { Store } from "../../shared/store/port.js";
import { toStoredTelemetry } from "./ecs.js";

export interface IndexerOptions {
  bus: Bus;
  store: Store;
  topic: string;
  groupId?: string;
}

/** What the ops endpoints report (`geiger indexer` readiness). */
export interface IndexerStatus { running: boolean; assigned: number[] }

export async function startIndexer(o: IndexerOptions): Promise<{ stop(): Promise<void>; status(): IndexerStatus }> {
  const indexed = counter("geiger_indexed_events_total", "Telemetry events written to the store");
  const storeErrors = counter("geiger_indexer_store_write_errors_total", "Indexer bulk writes that failed (unavailable: batch retried) or items the store rejected (rejected: dead-lettered)", ["kind"]);
  const assignedGauge = gauge("geiger_indexer_partitions_assigned", "Partitions of the telemetry topic this indexer owns");
  const assigned = new Set<number>();
  let running = true;
  const sub = await consumeTelemetry({
    bus: o.bus,
    groupId: o.groupId ?? "geiger-indexer",
    topic: o.topic,
    stage: "indexer",
    onPartitionsAssigned: (added) => { for (const r of added) for (const p of r.partitions) assigned.add(p); assignedGauge.set(assigned.size); },
    onPartitionsRevoked: (revoked) => { for (const r of revoked) for (const p of r.partitions) assigned.delete(p); assignedGauge.set(assigned.size); },
    handle: async (batch) => {
      // Last write wins inside a batch: the same event_id twice is one document.
      const byId = new Map(batch.map((b) => [b.event.event_id, b]));
      const res = await o.store.bulkWrite("telemetry", [...byId.values()].map((b) => ({ id: b.event.event_id, doc: toStoredTelemetry(b.event) })))
        .catch((err: unknown) => { storeErrors.inc({ kind: "unavailable" }); throw err; });
      indexed.inc(res.written);
      if (res.failed.length) {
        storeErrors.inc({ kind: "rejected" }, res.failed.length);
        const reasons = new Map(res.failed.map((f) => [f.id, f.reason]));
        const dead = [...byId.values()].filter((b) => reasons.has(b.event.event_id)).map((b) => deadLetterMessage(b.message, `store rejected: ${reasons.get(b.event.event_id)}`, "indexer"));
        await o.bus.publish(dlqTopicFor(o.topic), dead);
        logEvent("warn", "store_items_rejected", { stage: "indexer", count: dead.length, first: res.failed[0]?.reason });
      }
    },
  });
  return {
    status: () => ({ running, assigned: [...assigned].sort((a, b) => a - b) }),
    stop: () => { running = false; return sub.stop(); },
  };
}
