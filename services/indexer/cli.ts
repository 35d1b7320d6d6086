// `geiger indexer [--config FILE]`: distributed indexer, Kafka → Elasticsearch, until SIGINT/SIGTERM.
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { startIndexer } from "./service.js";

export async function run(argv: string[]): Promise<number> {
  const file = stringFlag(parseArgs(argv), "config");
  const cfg = loadGeigerConfig(file ? { file } : {});
  const bus = makeBus(cfg, "distributed");
  const store = await makeStore(cfg, "distributed");
  const indexer = await startIndexer({ bus, store, topic: cfg.topics.telemetry });
  return runUntilSignal("indexer", async () => { await indexer.stop(); await bus.close(); await store.close(); });
}
