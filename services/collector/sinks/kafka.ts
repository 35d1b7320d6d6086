// Kafka sink: publishes to the telemetry topic through the shared KafkaBus (acks=all, gzip, idempotent),
// key = agent.session_id so one agent session stays ordered on one partition.
import { KafkaBus, type KafkaBusOptions } from "../../../shared/bus/kafka.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { Sink } from "./sink.js";

export class KafkaSink implements Sink {
  readonly label = "kafka";
  private readonly bus: KafkaBus;
  private topicReady = false;

  constructor(private readonly topic: string, opts: KafkaBusOptions) {
    // Few client retries: the spool is the retry loop, and a short publish lets shutdown finish promptly.
    this.bus = new KafkaBus({ clientId: "geiger-collector", publishRetries: 2, ...opts });
  }

  async send(events: TelemetryEvent[]): Promise<void> {
    if (!this.topicReady) {
      await this.bus.ensureTopics([{ name: this.topic }]);
      this.topicReady = true;
    }
    await this.bus.publish(this.topic, events.map((e) => ({ key: e.agent.session_id, value: JSON.stringify(e) })));
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.bus.close();
  }
}
