// Public face of the collector: the SDK hook, the proxies and the pipeline pieces an embedder may compose.
export { instrumentTransport, type InstrumentOptions } from "./sdk-hook.js";
export { runStdioProxy, type StdioProxyOptions } from "./stdio-proxy.js";
export { startHttpProxy, type HttpProxy, type HttpProxyOptions } from "./http-proxy.js";
export { openPipeline, defaultSinkUrl, type CollectorPipeline, type PipelineOptions } from "./pipeline.js";
export { ExchangeObserver, type ConnectionContext, type Direction } from "./observer.js";
export { Redactor, loadRedactionKey, type RedactionRecord } from "./redaction.js";
export { createSink, parseSinkUrl, MemorySink, type Sink, type SinkSpec } from "./sinks/index.js";
export { CollectorConfigSchema, type CollectorConfig } from "./config.js";
