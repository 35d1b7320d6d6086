// Composition of one collector process: redactor → observers → spool (disk) → shipper → sink. The stdio proxy,
// the HTTP proxy and the SDK hook all build one of these and hand its observers the traffic.
import { hostname } from "node:os";
import { join } from "node:path";
import type { KafkaConfig } from "../../shared/config/infra.js";
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";
import { logEvent } from "../../shared/observability/log.js";
import { GEIGER_VERSION } from "../../shared/version.js";
import { CollectorConfigSchema, type CollectorConfig } from "./config.js";
import { ObservationQueue } from "./deferred.js";
import { ExchangeObserver, type ConnectionContext } from "./observer.js";
import { loadRedactionKey, Redactor } from "./redaction.js";
import { Shipper } from "./shipper.js";
import { createSink, type Sink } from "./sinks/index.js";
import { redactUrl } from "./sinks/sink.js";
import { lockSpoolDir, Spool } from "./spool.js";

export interface PipelineOptions {
  /** Collector section of the config (defaults apply to anything missing). */
  collector?: Partial<CollectorConfig> | CollectorConfig;
  tenant?: string;
  dataDir: string;
  /** Names this collector; also names its spool directory, so keep it stable across restarts. */
  collectorId: string;
  /** Sink URL; default: collector.sink, env GEIGER_SINK, then file://<dataDir>/events.jsonl. */
  sinkUrl?: string;
  /** A ready sink instead of a URL (tests, embedders). */
  sink?: Sink;
  kafka?: Pick<KafkaConfig, "ssl" | "sasl">;
  env?: NodeJS.ProcessEnv;
}

export interface CollectorPipeline {
  readonly config: CollectorConfig;
  readonly collector: { id: string; version: string };
  readonly tenant: string;
  readonly redactor: Redactor;
  readonly spool: Spool;
  readonly shipper: Shipper;
  readonly sinkLabel: string;
  /** Observation work the proxies queue after relaying (FIFO, bounded); flush() and close() drain it first. */
  readonly observations: ObservationQueue;
  /** Queues a (redacted) event; never throws, never waits. */
  emit(event: TelemetryEvent): void;
  observer(ctx: Omit<ConnectionContext, "tenant" | "collector">): ExchangeObserver;
  /** Observes what is queued, then drains the spool into the sink (true when everything was delivered). */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Observes what is queued, closes every observer (pending → no_response), drains within shutdown_drain_ms, closes sink and spool. */
  close(): Promise<void>;
}

export function defaultSinkUrl(dataDir: string): string {
  return `file://${join(dataDir, "events.jsonl")}`;
}

export function openPipeline(o: PipelineOptions): CollectorPipeline {
  const env = o.env ?? process.env;
  const config = CollectorConfigSchema.parse(o.collector ?? {});
  const tenant = o.tenant ?? env.GEIGER_TENANT ?? "default";
  const sinkUrl = o.sinkUrl ?? config.sink ?? env.GEIGER_SINK ?? defaultSinkUrl(o.dataDir);
  const sink = o.sink ?? createSink(sinkUrl, { env, ...(o.kafka ? { kafka: o.kafka } : {}) });
  const redactor = new Redactor(loadRedactionKey(config.redaction, o.dataDir, env), config.redaction);
  const spool = new Spool(lockSpoolDir(join(o.dataDir, "spool"), o.collectorId), config.spool);
  const shipper = new Shipper(spool, sink, config.spool);
  shipper.start();
  const collector = { id: o.collectorId, version: GEIGER_VERSION };
  const observers = new Set<ExchangeObserver>();
  const observations = new ObservationQueue({ maxBytes: config.observe_queue_max_bytes, batchMs: config.observe_batch_ms });
  let closed: Promise<void> | null = null;
  logEvent("info", "collector_pipeline_open", { collector: o.collectorId, sink: o.sink ? sink.label : redactUrl(sinkUrl), spool: spool.dir });
  const emit = (e: TelemetryEvent) => spool.append(e);
  return {
    config, collector, tenant, redactor, spool, shipper, sinkLabel: sink.label, emit, observations,
    observer(ctx) {
      const obs: ExchangeObserver = new ExchangeObserver({ ...ctx, tenant, collector }, { redactor, emit, config, onClose: () => observers.delete(obs) });
      observers.add(obs);
      return obs;
    },
    flush: (timeoutMs = config.spool.shutdown_drain_ms) => {
      observations.drain();
      return shipper.flush(timeoutMs);
    },
    close() {
      closed ??= (async () => {
        observations.drain();
        for (const obs of observers) obs.close();
        await shipper.close();
        spool.close();
      })();
      return closed;
    },
  };
}

/** Collector id for a proxy in front of one server: stable per host and server name. */
export const collectorIdFor = (serverName: string, kind: string): string => `${hostname()}/${kind}/${serverName}`;
