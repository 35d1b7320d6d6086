// Consumes TelemetryEvents from the bus: invalid ones go to the dead-letter topic with their reason (never
// re-delivered forever), valid ones reach the handler; offsets commit only after both are done.
import type { Bus, BusMessage, Subscription } from "../bus/port.js";
import { dlqTopicFor } from "../bus/port.js";
import { parseTelemetry, type TelemetryEvent } from "../schema/telemetry.js";
import { logEvent } from "../observability/log.js";
import { counter } from "../observability/metrics.js";

export interface DeadLetterRecord {
  reason: string;
  stage: string;
  source: { topic: string; partition: number; offset: string; key: string | null };
  ts: string;
  payload: string;
}

const MAX_DLQ_PAYLOAD = 256 * 1024;

export function deadLetterMessage(msg: BusMessage, reason: string, stage: string): { key: string | null; value: string; headers: Record<string, string> } {
  const record: DeadLetterRecord = {
    reason,
    stage,
    source: { topic: msg.topic, partition: msg.partition, offset: msg.offset, key: msg.key },
    ts: new Date().toISOString(),
    payload: msg.value.length > MAX_DLQ_PAYLOAD ? msg.value.slice(0, MAX_DLQ_PAYLOAD) : msg.value,
  };
  return { key: msg.key, value: JSON.stringify(record), headers: { "geiger-dlq-reason": reason.slice(0, 512), "geiger-dlq-stage": stage } };
}

export interface EventConsumerOptions {
  bus: Bus;
  groupId: string;
  topic: string;
  /** Name of the consuming stage, recorded in dead-letter records and metrics. */
  stage: string;
  handle: (events: { event: TelemetryEvent; message: BusMessage }[]) => Promise<void>;
  fromBeginning?: boolean;
  onPartitionsAssigned?: Parameters<Bus["subscribe"]>[0]["onPartitionsAssigned"];
  onPartitionsRevoked?: Parameters<Bus["subscribe"]>[0]["onPartitionsRevoked"];
}

export async function consumeTelemetry(o: EventConsumerOptions): Promise<Subscription> {
  const rejected = counter("geiger_events_rejected_total", "Telemetry events sent to the dead-letter topic", ["stage"]);
  const accepted = counter("geiger_events_consumed_total", "Valid telemetry events consumed", ["stage"]);
  await o.bus.ensureTopics([{ name: o.topic }, { name: dlqTopicFor(o.topic) }]);
  return o.bus.subscribe({
    groupId: o.groupId,
    topics: [o.topic],
    fromBeginning: o.fromBeginning ?? true,
    ...(o.onPartitionsAssigned ? { onPartitionsAssigned: o.onPartitionsAssigned } : {}),
    ...(o.onPartitionsRevoked ? { onPartitionsRevoked: o.onPartitionsRevoked } : {}),
    handleBatch: async (messages) => {
      const good: { event: TelemetryEvent; message: BusMessage }[] = [];
      const bad: ReturnType<typeof deadLetterMessage>[] = [];
      for (const m of messages) {
        const r = parseTelemetry(m.value);
        if (r.ok) good.push({ event: r.value, message: m });
        else {
          bad.push(deadLetterMessage(m, r.reason, o.stage));
          logEvent("warn", "event_rejected", { stage: o.stage, topic: m.topic, partition: m.partition, offset: m.offset, reason: r.reason.slice(0, 300) });
        }
      }
      // Dead letters first: if that publish fails the whole batch retries, so nothing is silently skipped.
      if (bad.length) { await o.bus.publish(dlqTopicFor(o.topic), bad); rejected.inc({ stage: o.stage }, bad.length); }
      if (good.length) { await o.handle(good); accepted.inc({ stage: o.stage }, good.length); }
    },
  });
}
