// HTTP sink: POSTs each batch as a JSON array to the alert API's /api/v1/ingest with the collector's bearer token.
import { GeigerError } from "../../../shared/errors.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { Sink } from "./sink.js";

/** Statuses that mean "these events will never be accepted": retrying the same batch cannot help. */
const REFUSED = new Set([400, 413, 415, 422]);

export class HttpSink implements Sink {
  readonly label = "http";

  constructor(private readonly url: string, private readonly token: string | undefined, private readonly timeoutMs = 10_000) {}

  send(events: TelemetryEvent[]): Promise<void> {
    return this.post(events.length, () => JSON.stringify(events));
  }

  /** The JSON array built from the spooled texts: the same bytes `JSON.stringify(events)` would give. */
  sendLines(lines: readonly string[]): Promise<void> {
    return this.post(lines.length, () => `[${lines.join(",")}]`);
  }

  private async post(count: number, payload: () => string): Promise<void> {
    if (count === 0) return;
    let res: Response;
    // A timer we hold rather than AbortSignal.timeout(): nothing can collect it while the request is pending.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    let body: string;
    try {
      try {
        res = await fetch(this.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
          body: payload(),
          signal: abort.signal,
        });
      } catch (err) {
        throw new GeigerError(`http sink: ${(err as Error).message}`, { retriable: true, cause: err });
      }
      body = await res.text().catch(() => "");
    } finally {
      clearTimeout(timer);
    }
    if (res.ok) return;
    // 401/403/404/429/5xx: the operator can fix the token or the server can come back, so keep the events.
    throw new GeigerError(`http sink: ${res.status} ${body.slice(0, 200)}`, { retriable: !REFUSED.has(res.status) });
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
