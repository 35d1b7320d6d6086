// The collector's named instrumentation events: each call counts (and, for the rare loud ones, logs) in one place.
import { logEvent } from "../../shared/observability/log.js";
import { counter, gauge } from "../../shared/observability/metrics.js";

const events = () => counter("geiger_collector_events_total", "TelemetryEvents built by the collector", ["kind", "direction"]);
const obsErrors = () => counter("geiger_collector_observation_errors_total", "Errors caught while observing traffic (relay unaffected)");
const invalid = () => counter("geiger_collector_invalid_messages_total", "Relayed messages that were not JSON / not JSON-RPC", ["reason"]);
const truncated = () => counter("geiger_collector_truncated_messages_total", "Relayed messages over max_message_bytes");
const timeouts = () => counter("geiger_collector_pairing_timeouts_total", "Requests with no response before pairing_timeout_ms");
const redactions = () => counter("geiger_collector_redactions_total", "Values replaced by redaction placeholders");
const obsDropped = () => counter("geiger_collector_observation_dropped_total", "Relayed chunks left unobserved because the observation queue was over its bound (traffic unaffected)");
const dropped = () => counter("geiger_collector_spool_dropped_total", "Events dropped because the spool was full (oldest first)", ["stage"]);
const sent = () => counter("geiger_collector_sink_sent_total", "Events accepted by the sink", ["sink"]);
const sinkErrors = () => counter("geiger_collector_sink_errors_total", "Failed sink sends (events stay spooled)", ["sink"]);
const rejected = () => counter("geiger_collector_sink_rejected_total", "Events the sink refused as invalid (not retried)", ["sink"]);
const spoolBytes = () => gauge("geiger_collector_spool_bytes", "Bytes of events waiting in the on-disk spool");

let lastObsDropLog = 0;
let lastSinkErrorKind = "";
let obsDroppedTotal = 0;

export const collectorMetrics = {
  eventObserved: (kind: string, direction: string) => events().inc({ kind, direction }),
  observationError: () => obsErrors().inc(),
  invalidMessage: (reason: string) => invalid().inc({ reason }),
  truncatedMessage: () => truncated().inc(),
  pairingTimeout: () => timeouts().inc(),
  redacted: (n: number) => redactions().inc(n),
  spoolBytes: (n: number) => spoolBytes().set(n),
  /** Loud on purpose: dropping telemetry is a security-relevant gap the operator must see. */
  spoolDropped: (n: number, stage: "memory" | "disk", fields: Record<string, unknown>) => {
    dropped().inc({ stage }, n);
    logEvent("error", "collector_spool_full_dropped_oldest", { dropped: n, stage, ...fields });
  },
  /** Loud, but at most once a minute: under sustained overload this fires on every chunk. */
  observationDropped: (n: number, maxBytes: number) => {
    obsDropped().inc(n);
    obsDroppedTotal += n;
    const now = Date.now();
    if (now - lastObsDropLog < 60_000) return;
    lastObsDropLog = now;
    logEvent("error", "collector_observation_queue_full_dropped_oldest", { dropped_total: obsDroppedTotal, max_bytes: maxBytes });
  },
  sinkSent: (sink: string, n: number) => sent().inc({ sink }, n),
  sinkError: (sink: string, error: string, attempt: number, backoffMs: number) => {
    sinkErrors().inc({ sink });
    // First failure, every 10th, and whenever the kind of failure changes (a 503 turning into timeouts is news to
    // the on-call): a down sink must not flood the log.
    const kind = error.replace(/\d+/g, "#").slice(0, 80);
    if (attempt === 0 || attempt % 10 === 0 || kind !== lastSinkErrorKind) logEvent("warn", "collector_sink_unavailable", { sink, error: error.slice(0, 300), attempt, backoff_ms: backoffMs });
    lastSinkErrorKind = kind;
  },
  sinkRecovered: (sink: string, attempts: number) => logEvent("info", "collector_sink_recovered", { sink, after_attempts: attempts }),
  sinkRejected: (sink: string, n: number, reason: string) => {
    rejected().inc({ sink }, n);
    logEvent("error", "collector_sink_rejected_batch", { sink, events: n, reason: reason.slice(0, 300) });
  },
};
