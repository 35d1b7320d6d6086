// HTTP sink: POSTs each batch as a JSON array to the alert API's /api/v1/ingest with the collector's bearer token.
// Built on node:http(s) with an agent this sink owns rather than on fetch(): a request that gets no answer is
// destroyed with its socket at the deadline, and after a timeout the agent is replaced, so one wedged keep-alive
// connection can never hold up the batches after it (a CI run saw every send after the second one hang).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { GeigerError } from "../../../shared/errors.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { Sink } from "./sink.js";

/** Statuses that mean "these events will never be accepted": retrying the same batch cannot help. */
const REFUSED = new Set([400, 413, 415, 422]);
/** Bytes of an error answer kept for the message. */
const MAX_ERROR_BODY = 4096;

export class HttpSink implements Sink {
  readonly label = "http";
  private readonly target: URL;
  private agent: HttpAgent;

  constructor(url: string, private readonly token: string | undefined, private readonly timeoutMs = 10_000) {
    this.target = new URL(url);
    this.agent = this.newAgent();
  }

  send(events: TelemetryEvent[]): Promise<void> {
    return this.post(events.length, () => JSON.stringify(events));
  }

  /** The JSON array built from the spooled texts: the same bytes `JSON.stringify(events)` would give. */
  sendLines(lines: readonly string[]): Promise<void> {
    return this.post(lines.length, () => `[${lines.join(",")}]`);
  }

  private newAgent(): HttpAgent {
    return this.target.protocol === "https:" ? new HttpsAgent({ keepAlive: true, maxSockets: 4 }) : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  }

  private post(count: number, payload: () => string): Promise<void> {
    if (count === 0) return Promise.resolve();
    const body = Buffer.from(payload(), "utf8");
    const request = this.target.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: GeigerError): void => { if (!settled) { settled = true; clearTimeout(timer); reject(err); } };
      const req = request(this.target, {
        method: "POST",
        agent: this.agent,
        headers: {
          "content-type": "application/json",
          "content-length": body.length,
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
      }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (c: Buffer) => { if (kept < MAX_ERROR_BODY) { chunks.push(c); kept += c.length; } });
        res.on("error", (err) => fail(new GeigerError(`http sink: ${err.message}`, { retriable: true, cause: err })));
        res.on("end", () => {
          if (settled) return;
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) { settled = true; clearTimeout(timer); resolve(); return; }
          // 401/403/404/429/5xx: the operator can fix the token or the server can come back, so keep the events.
          const text = Buffer.concat(chunks).toString("utf8").slice(0, 200);
          fail(new GeigerError(`http sink: ${status} ${text}`, { retriable: !REFUSED.has(status) }));
        });
      });
      // One deadline for the whole exchange (connect, upload, answer). The agent goes with the socket: whatever
      // wedged this request must not be reused by the next one.
      const timer = setTimeout(() => {
        const old = this.agent;
        this.agent = this.newAgent();
        req.destroy();
        old.destroy();
        fail(new GeigerError(`http sink: no answer within ${this.timeoutMs} ms`, { retriable: true }));
      }, this.timeoutMs);
      req.on("error", (err) => fail(new GeigerError(`http sink: ${err.message}`, { retriable: true, cause: err })));
      req.end(body);
    });
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
