// In-memory sink: the twin used by tests and by embedders that consume events in-process; can be told to fail.
import { GeigerError } from "../../../shared/errors.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { Sink } from "./sink.js";

export class MemorySink implements Sink {
  readonly label = "memory";
  readonly events: TelemetryEvent[] = [];
  /** When set, send() rejects with this retriable error (a sink that is down). */
  down: string | null = null;
  sends = 0;

  async send(events: TelemetryEvent[]): Promise<void> {
    this.sends++;
    if (this.down) throw new GeigerError(`memory sink down: ${this.down}`, { retriable: true });
    this.events.push(...events);
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
