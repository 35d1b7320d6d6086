// `geiger indexer [--config FILE]`: distributed indexer, Kafka → Elasticsearch, until SIGINT/SIGTERM, with
// /healthz, /readyz, /metrics when `indexer.ops_listen` (or GEIGER_OPS_LISTEN) is set.
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { consumerCheck, resolveOpsListen, startOpsIfConfigured, storeCheck } from "../runtime/ops-server.js";
import { startIndexer } from "./service.js";

const GROUP = "geiger-indexer";

export async function run(argv: string[]): Promise<number> {
  const file = stringFlag(parseArgs(argv), "config");
  const cfg = loadGeigerConfig(file ? { file } : {});
  const ops = await startOpsIfConfigured("indexer", resolveOpsListen(cfg.indexer.ops_listen));
  let indexer: Awaited<ReturnType<typeof startIndexer>> | undefined;
  ops.setCheck("consumer", consumerCheck(GROUP, () => indexer?.status()));
  try {
    const bus = makeBus(cfg, "distributed");
    const store = await makeStore(cfg, "distributed");
    ops.setCheck("store", storeCheck(store));
    indexer = await startIndexer({ bus, store, topic: cfg.topics.telemetry, groupId: GROUP });
    const running = indexer;
    return runUntilSignal("indexer", async () => { ops.stopping(); await running.stop(); await bus.close(); await store.close(); await ops.close(); });
  } catch (err) {
    await ops.close();
    throw err;
  }
}
