// File sink: appends events as JSON lines (the default sink; also what most tests read).
import { mkdir, appendFile } from "node:fs/promises";
import { dirname } from "node:path";
import { GeigerError } from "../../../shared/errors.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { Sink } from "./sink.js";

export class FileSink implements Sink {
  readonly label = "file";
  private ready: Promise<unknown> | null = null;

  constructor(readonly path: string) {}

  send(events: TelemetryEvent[]): Promise<void> {
    return this.sendLines(events.map((e) => JSON.stringify(e)));
  }

  async sendLines(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    try {
      await this.ready;
      await appendFile(this.path, lines.join("\n") + "\n", { mode: 0o600 });
    } catch (err) {
      this.ready = null;
      throw new GeigerError(`file sink: cannot append to ${this.path}: ${(err as Error).message}`, { retriable: true, cause: err });
    }
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
