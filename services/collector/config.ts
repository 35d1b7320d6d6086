// Config section `collector` of the geiger config file: redaction, spool, framing limits, pairing, cost, identity.
import { z } from "zod";

/** PII kinds that can be switched on/off one by one; secrets are always redacted while redaction is enabled. */
export const PII_KINDS = ["email", "credit_card", "us_ssn"] as const;

const PriceSchema = z.strictObject({
  usd: z.number().nonnegative().optional(),
  units: z.number().nonnegative().optional(),
});

export const RedactionConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** HMAC key for fingerprints. Unset: env GEIGER_REDACTION_KEY, else generated once under <data_dir>/redaction.key. */
  key: z.string().min(16).optional(),
  /** Which PII kinds to replace (secrets are not optional). */
  pii: z.strictObject({
    email: z.boolean().default(true),
    credit_card: z.boolean().default(true),
    us_ssn: z.boolean().default(true),
  }).prefault({}),
  /** Extra object keys whose string values are replaced whole (added to the built-in password/api_key/… list). */
  extra_sensitive_keys: z.array(z.string().min(1)).default([]),
});

export const SpoolConfigSchema = z.strictObject({
  /** Total bytes of segment files kept on disk; beyond it the oldest segment is dropped (counted, logged loudly). */
  max_bytes: z.number().int().min(64 * 1024).default(256 * 1024 * 1024),
  segment_bytes: z.number().int().min(4 * 1024).default(4 * 1024 * 1024),
  /** Upper bound on events held in memory between disk writes (drop-oldest beyond it: the relay never waits). */
  max_buffered_events: z.number().int().min(1).default(10_000),
  /** How long appended events may sit in memory before they are written to the segment file. */
  write_interval_ms: z.number().int().min(1).max(10_000).default(25),
  batch_max_events: z.number().int().min(1).max(100_000).default(500),
  /** After a partial batch, wait this long for more before the next send: fewer, larger sink writes. */
  linger_ms: z.number().int().min(0).max(10_000).default(100),
  poll_interval_ms: z.number().int().min(10).max(60_000).default(250),
  /**
   * A send that neither succeeds nor fails within this is abandoned and retried (the batch stays spooled; the
   * consumers are idempotent by event id). Sinks have their own timeouts; this guards against one that hangs.
   */
  send_timeout_ms: z.number().int().min(100).default(30_000),
  retry_base_ms: z.number().int().min(1).default(200),
  retry_max_ms: z.number().int().min(1).default(30_000),
  /** On shutdown, how long to keep draining before leaving the rest on disk for the next start. */
  shutdown_drain_ms: z.number().int().min(0).default(3_000),
});

export const CollectorConfigSchema = z.strictObject({
  /** Sink URL (kafka://, http(s)://, file://). Unset: env GEIGER_SINK, else file://<data_dir>/events.jsonl. */
  sink: z.string().min(1).optional(),
  /** Messages longer than this are relayed untouched but recorded as truncated, flagged events. */
  max_message_bytes: z.number().int().min(1024).default(4 * 1024 * 1024),
  /**
   * Relayed chunks waiting to be observed (the observation runs just after the relay, off its path); past this
   * many bytes the oldest are left unobserved, counted in geiger_collector_observation_dropped_total.
   */
  observe_queue_max_bytes: z.number().int().min(64 * 1024).default(64 * 1024 * 1024),
  /**
   * Queued chunks are observed in batches this long after they were relayed: off the moment when the client turns
   * an answer into its next request. Durations and timestamps use the arrival time, so only delivery waits.
   */
  observe_batch_ms: z.number().int().min(0).max(1000).default(10),
  /** A request with no response after this long is emitted with no result and the `timeout` flag. */
  pairing_timeout_ms: z.number().int().min(10).default(300_000),
  /** Pending requests kept per session and direction; beyond it the oldest is emitted as `evicted`. */
  max_pending_requests: z.number().int().min(1).default(10_000),
  /** Static principal for events (env GEIGER_PRINCIPAL wins). */
  principal: z.string().min(1).optional(),
  /** HTTP proxy: request header that carries the authenticated principal (set by an upstream auth proxy). */
  principal_header: z.string().min(1).optional(),
  /** HTTP proxy: sessions idle longer than this are forgotten (pending requests emitted as `no_response`). */
  http_session_idle_ms: z.number().int().min(1000).default(30 * 60_000),
  /** Cost per call: `{ <server>: { <tool name or "*">: { usd, units } } }`; `_meta.cost` reported by a server wins. */
  price_table: z.record(z.string(), z.record(z.string(), PriceSchema)).default({}),
  redaction: RedactionConfigSchema.prefault({}),
  spool: SpoolConfigSchema.prefault({}),
});
export type CollectorConfig = z.infer<typeof CollectorConfigSchema>;
export type RedactionConfig = z.infer<typeof RedactionConfigSchema>;
export type SpoolConfig = z.infer<typeof SpoolConfigSchema>;
export type PriceTable = CollectorConfig["price_table"];
