// Indexer: telemetry from the bus into the store, idempotent by event_id (a re-delivered batch rewrites the
// same documents). Items the store rejects for good are dead-lettered with their reason, never dropped.
import type { Bus } from "../../shared/bus/port.js";
import { dlqTopicFor } from "../../shared/bus/port.js";
import { consumeTelemetry, deadLetterMessage } from "../../shared/pipeline/validated-consumer.js";
import { logEvent } from "../../shared/observability/log.js";
import { counter } from "../../shared/observability/metrics.js";
import type { Store } from "../../shared/store/port.js";
import { toStoredTelemetry } from "./ecs.js";

export interface IndexerOptions {
  bus: Bus;
  store: Store;
  topic: string;
  groupId?: string;
}

export async function startIndexer(o: IndexerOptions): Promise<{ stop(): Promise<void> }> {
  const indexed = counter("geiger_indexed_events_total", "Telemetry events written to the store");
  const sub = await consumeTelemetry({
    bus: o.bus,
    groupId: o.groupId ?? "geiger-indexer",
    topic: o.topic,
    stage: "indexer",
    handle: async (batch) => {
      // Last write wins inside a batch: the same event_id twice is one document.
      const byId = new Map(batch.map((b) => [b.event.event_id, b]));
      const res = await o.store.bulkWrite("telemetry", [...byId.values()].map((b) => ({ id: b.event.event_id, doc: toStoredTelemetry(b.event) })));
      indexed.inc(res.written);
      if (res.failed.length) {
        const reasons = new Map(res.failed.map((f) => [f.id, f.reason]));
        const dead = [...byId.values()].filter((b) => reasons.has(b.event.event_id)).map((b) => deadLetterMessage(b.message, `store rejected: ${reasons.get(b.event.event_id)}`, "indexer"));
        await o.bus.publish(dlqTopicFor(o.topic), dead);
        logEvent("warn", "store_items_rejected", { stage: "indexer", count: dead.length, first: res.failed[0]?.reason });
      }
    },
  });
  return { stop: () => sub.stop() };
}
