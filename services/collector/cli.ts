// `geiger collect stdio|http`: builds the collector pipeline from config + flags and runs one proxy until it ends.
import { parseArgs, stringFlag, type ParsedArgs } from "../cli/args.js";
import { loadGeigerConfig, type GeigerConfig } from "../cli/config.js";
import { logEvent } from "../../shared/observability/log.js";
import { stdioIdentity } from "./identity.js";
import { collectorIdFor, openPipeline, type CollectorPipeline } from "./pipeline.js";
import { SinkUrlError } from "./sinks/sink.js";

const USAGE = `usage:
  geiger collect stdio --server NAME [--sink URL] [--config FILE] -- CMD [ARGS…]
  geiger collect http  --server NAME --upstream URL [--listen HOST:PORT] [--sink URL] [--config FILE]
                       [--tls-cert FILE --tls-key FILE [--tls-ca FILE --require-client-cert]]
sinks: kafka://host:port[,host:port]/topic | http(s)://host:port/api/v1/ingest (GEIGER_TOKEN) | file:///abs/path.jsonl
default sink: collector.sink in the config, else GEIGER_SINK, else file://<data_dir>/events.jsonl`;

export async function run(argv: string[]): Promise<number> {
  const [mode, ...rest] = argv;
  if (mode !== "stdio" && mode !== "http") {
    process.stderr.write(`${USAGE}\n`);
    return mode === "--help" || mode === "-h" ? 0 : 2;
  }
  const args = parseArgs(rest, ["require-client-cert"]);
  const server = stringFlag(args, "server");
  if (!server) return usageError("--server NAME is required");
  const configFile = stringFlag(args, "config");
  const cfg = loadGeigerConfig(configFile ? { file: configFile } : {});
  let pipeline: CollectorPipeline;
  try {
    pipeline = open(cfg, server, mode, stringFlag(args, "sink"));
  } catch (err) {
    if (err instanceof SinkUrlError) return usageError(err.message);
    throw err;
  }
  return mode === "stdio" ? runStdio(args, server, cfg, pipeline) : runHttp(args, server, cfg, pipeline);
}

function open(cfg: GeigerConfig, server: string, mode: string, sinkUrl: string | undefined): CollectorPipeline {
  return openPipeline({
    collector: cfg.collector,
    tenant: cfg.tenant,
    dataDir: cfg.data_dir,
    collectorId: collectorIdFor(server, mode),
    ...(sinkUrl ? { sinkUrl } : {}),
    kafka: cfg.kafka,
  });
}

async function runStdio(args: ParsedArgs, server: string, cfg: GeigerConfig, pipeline: CollectorPipeline): Promise<number> {
  const [command, ...cmdArgs] = args.rest;
  if (!command) {
    await pipeline.close();
    return usageError("the server command goes after `--`");
  }
  const { runStdioProxy } = await import("./stdio-proxy.js");
  const principal = cfg.collector.principal;
  const identity = stdioIdentity(principal ? { principal } : {});
  let code: number;
  try {
    code = await runStdioProxy({ serverName: server, command, args: cmdArgs, pipeline, identity });
  } finally {
    await pipeline.close().catch((err: unknown) => logEvent("warn", "collector_close_failed", { error: (err as Error).message }));
    // Our stdin is the client's pipe: stop reading it so the process can exit with the child's code.
    process.stdin.pause();
    process.stdin.destroy();
  }
  exitSoon();
  return code;
}

async function runHttp(args: ParsedArgs, server: string, cfg: GeigerConfig, pipeline: CollectorPipeline): Promise<number> {
  const upstream = stringFlag(args, "upstream");
  if (!upstream) {
    await pipeline.close();
    return usageError("--upstream URL is required");
  }
  const { startHttpProxy, parseListen } = await import("./http-proxy.js");
  const listen = parseListen(stringFlag(args, "listen") ?? "127.0.0.1:0");
  const tlsCert = stringFlag(args, "tls-cert");
  const tlsKey = stringFlag(args, "tls-key");
  const tlsCa = stringFlag(args, "tls-ca");
  const requireClientCert = args.flags.get("require-client-cert") === true;
  if ((tlsCert === undefined) !== (tlsKey === undefined)) return usageError("--tls-cert and --tls-key go together");
  if (requireClientCert && !tlsCa) return usageError("--require-client-cert needs --tls-ca");
  const proxy = await startHttpProxy({
    serverName: server,
    upstream,
    host: listen.host,
    port: listen.port,
    pipeline,
    ...(cfg.collector.principal || process.env.GEIGER_PRINCIPAL ? { principal: process.env.GEIGER_PRINCIPAL || cfg.collector.principal } : {}),
    ...(cfg.collector.principal_header ? { principalHeader: cfg.collector.principal_header } : {}),
    ...(tlsCert && tlsKey ? { tls: { certFile: tlsCert, keyFile: tlsKey, ...(tlsCa ? { caFile: tlsCa } : {}), requireClientCert } } : {}),
  });
  process.stderr.write(`geiger collect http: ${server} ${proxy.url} → ${upstream}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await proxy.close();
  await pipeline.close();
  exitSoon();
  return 0;
}

/**
 * What could be delivered was delivered and the rest is on disk: a sink client still retrying in the background
 * (kafkajs reconnect timers) must not keep the MCP client waiting for this process to end.
 */
function exitSoon(): void {
  setTimeout(() => process.exit(), 1000).unref();
}

function usageError(msg: string): number {
  process.stderr.write(`geiger collect: ${msg}\n${USAGE}\n`);
  return 2;
}
