// Sink registry: one line per sink type, built from a validated SinkSpec.
import type { KafkaConfig } from "../../../shared/config/infra.js";
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { FileSink } from "./file.js";
import { HttpSink } from "./http.js";
import { parseSinkUrl, type Sink, type SinkSpec } from "./sink.js";

export interface SinkContext {
  /** TLS/SASL settings for kafka:// sinks come from the root config's `kafka` section. */
  kafka?: Pick<KafkaConfig, "ssl" | "sasl">;
  env?: NodeJS.ProcessEnv;
}

const SINKS: { [K in SinkSpec["type"]]: (spec: Extract<SinkSpec, { type: K }>, ctx: SinkContext) => Sink } = {
  kafka: (s, ctx) => lazySink("kafka", async () => {
    const { KafkaSink } = await import("./kafka.js");
    return new KafkaSink(s.topic, { brokers: s.brokers, ...(ctx.kafka?.ssl ? { ssl: ctx.kafka.ssl } : {}), ...(ctx.kafka?.sasl ? { sasl: ctx.kafka.sasl } : {}) });
  }),
  http: (s, ctx) => new HttpSink(s.url, (ctx.env ?? process.env).GEIGER_TOKEN),
  file: (s) => new FileSink(s.path),
};

export function createSink(url: string, ctx: SinkContext = {}): Sink {
  const spec = parseSinkUrl(url);
  return (SINKS[spec.type] as (s: SinkSpec, c: SinkContext) => Sink)(spec, ctx);
}

export { parseSinkUrl, SinkUrlError, type Sink, type SinkSpec } from "./sink.js";
export { MemorySink } from "./memory.js";

/** Defers loading a heavy client (kafkajs) until the first send, so a stdio proxy starts fast. */
function lazySink(label: string, load: () => Promise<Sink>): Sink {
  let sink: Promise<Sink> | null = null;
  const get = () => (sink ??= load().catch((err: unknown) => { sink = null; throw err; }));
  return {
    label,
    send: async (events) => (await get()).send(events),
    sendLines: async (lines) => {
      const sink = await get();
      return sink.sendLines ? sink.sendLines(lines) : sink.send(lines.map((l) => JSON.parse(l) as TelemetryEvent));
    },
    flush: async () => { if (sink) await (await sink).flush(); },
    close: async () => { if (sink) await (await sink).close(); },
  };
}
