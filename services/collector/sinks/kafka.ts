// Kafka sink: publishes to the telemetry topic through the shared KafkaBus (acks=all, gzip, idempotent),
// key = agent.session_id so one agent session stays ordered on one partition.
import { KafkaBus, type KafkaBusOptions } from "../../../shared/bus/kafka.js";
import { GeigerError } from "../../../shared/errors.js";
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
    await this.publish(events.map((e) => ({ key: e.agent.session_id, value: JSON.stringify(e) })));
  }

  /** The spooled texts are the message values as they are; only the key is read out of each. */
  async sendLines(lines: readonly string[]): Promise<void> {
    let messages: { key: string; value: string }[];
    try {
      messages = lines.map((value) => ({ key: sessionIdOf(value), value }));
    } catch (err) {
      // A damaged line: refuse the raw batch so the shipper re-sends it parsed, without the bad line.
      throw new GeigerError(`kafka sink: unreadable spooled event: ${(err as Error).message}`, { retriable: false, cause: err });
    }
    await this.publish(messages);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.bus.close();
  }

  private async publish(messages: { key: string; value: string }[]): Promise<void> {
    if (!this.topicReady) {
      await this.bus.ensureTopics([{ name: this.topic }]);
      this.topicReady = true;
    }
    await this.bus.publish(this.topic, messages);
  }
}

/**
 * `agent.session_id` of a serialised TelemetryEvent without decoding the rest: the top-level values before
 * `agent` are skipped by a structural scan (strings, nesting), then only `agent` is parsed. Exact for any key
 * order; throws on text that is not a JSON object with a string `agent.session_id`.
 */
export function sessionIdOf(line: string): string {
  let i = skipWs(line, 0);
  if (line.charCodeAt(i) !== 0x7b) throw new Error("not a JSON object");
  i = skipWs(line, i + 1);
  while (line.charCodeAt(i) === 0x22) {
    const keyEnd = stringEnd(line, i);
    const key = line.slice(i + 1, keyEnd - 1);
    i = skipWs(line, keyEnd);
    if (line.charCodeAt(i) !== 0x3a) break;
    i = skipWs(line, i + 1);
    const end = valueEnd(line, i);
    if (key === "agent") {
      const id = (JSON.parse(line.slice(i, end)) as { session_id?: unknown } | null)?.session_id;
      if (typeof id !== "string") throw new Error("agent.session_id is not a string");
      return id;
    }
    i = skipWs(line, end);
    if (line.charCodeAt(i) !== 0x2c) break;
    i = skipWs(line, i + 1);
  }
  throw new Error("no agent object");
}

function skipWs(s: string, i: number): number {
  for (let c = s.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = s.charCodeAt(++i));
  return i;
}

/** Index just past the string starting at `i` (which holds its opening quote). */
function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c === 0x5c) j++;
  }
  throw new Error("unterminated string");
}

/** Index just past the JSON value starting at `i`. */
function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return stringEnd(s, i);
  if (c !== 0x7b && c !== 0x5b) {
    let j = i;
    for (let d = s.charCodeAt(j); j < s.length && d !== 0x2c && d !== 0x7d && d !== 0x5d; d = s.charCodeAt(++j));
    return j;
  }
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d === 0x22) j = stringEnd(s, j) - 1;
    else if (d === 0x7b || d === 0x5b) depth++;
    else if ((d === 0x7d || d === 0x5d) && --depth === 0) return j + 1;
  }
  throw new Error("unterminated value");
}
