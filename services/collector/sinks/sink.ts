// The sink port: where spooled TelemetryEvents go. One small interface, one file per implementation, and a
// zod-validated URL that picks one (kafka://, http(s)://, file://).
import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";

/**
 * A destination for telemetry. Lifecycle contract: the shipper calls `send` with one batch at a time (never
 * concurrently); `send` resolves once the sink has durably accepted every event, or rejects with a GeigerError
 * whose `retriable` says whether the same batch may be sent again (false = the sink refuses these events; they
 * are dropped with a counter). `flush` pushes out anything the sink itself buffers; `close` releases connections
 * and is called once, by the shipper's owner, after the last `send`.
 */
export interface Sink {
  /** Label for metrics and logs; never contains credentials. */
  readonly label: string;
  send(events: TelemetryEvent[]): Promise<void>;
  /**
   * Optional fast path with the same contract as `send`: the events as the JSON texts the spool holds (one
   * TelemetryEvent per element, no newline), to be forwarded without parsing them again.
   */
  sendLines?(lines: readonly string[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const HostPort = z.string().regex(/^[A-Za-z0-9.-]{1,253}:\d{1,5}$/, "broker must be host:port");
const KafkaTopic = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "topic must be 1-249 of [A-Za-z0-9._-]");

export const SinkSpecSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("kafka"), brokers: z.array(HostPort).min(1), topic: KafkaTopic }),
  z.strictObject({ type: z.literal("http"), url: z.url({ protocol: /^https?$/ }) }),
  z.strictObject({ type: z.literal("file"), path: z.string().refine(isAbsolute, "file sink path must be absolute") }),
]);
export type SinkSpec = z.infer<typeof SinkSpecSchema>;

export class SinkUrlError extends Error {
  constructor(readonly url: string, reason: string) {
    super(`invalid sink URL '${redactUrl(url)}': ${reason} (expected kafka://host:port[,host:port]/topic, http(s)://host:port/api/v1/ingest or file:///abs/path.jsonl)`);
    this.name = "SinkUrlError";
  }
}

/** A URL fit for logs: any userinfo is removed. */
export const redactUrl = (url: string): string => url.replace(/\/\/[^/@]*@/, "//***@");

/** Parses and validates a sink URL; throws SinkUrlError with every problem named. */
export function parseSinkUrl(url: string): SinkSpec {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  let raw: unknown;
  if (scheme === "kafka") {
    const m = /^kafka:\/\/([^/?#]+)\/([^/?#]*)$/i.exec(url);
    if (!m) throw new SinkUrlError(url, "kafka URL needs brokers and a topic");
    raw = { type: "kafka", brokers: m[1]!.split(","), topic: decodeURIComponent(m[2]!) };
  } else if (scheme === "http" || scheme === "https") {
    raw = { type: "http", url };
  } else if (scheme === "file") {
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch (err) {
      throw new SinkUrlError(url, (err as Error).message);
    }
    raw = { type: "file", path };
  } else {
    throw new SinkUrlError(url, `unsupported scheme '${scheme ?? "(none)"}'`);
  }
  const res = SinkSpecSchema.safeParse(raw);
  if (!res.success) throw new SinkUrlError(url, res.error.issues.map((i) => `${i.path.join(".") || "url"}: ${i.message}`).join("; "));
  return res.data;
}
