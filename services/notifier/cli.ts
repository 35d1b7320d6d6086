// `geiger notifier [--config FILE]`: the distributed notifier, Kafka alerts → pagers, until SIGINT/SIGTERM, with
// /healthz, /readyz, /metrics when `notifier.ops_listen` (or GEIGER_OPS_LISTEN) is set.
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { consumerCheck, resolveOpsListen, startOpsIfConfigured, storeCheck } from "../runtime/ops-server.js";
import { startNotifier, type Notifier } from "./service.js";

export async function run(argv: string[]): Promise<number> {
  const file = stringFlag(parseArgs(argv), "config");
  const cfg = loadGeigerConfig(file ? { file } : {});
  if (cfg.notifier.outputs.length === 0) process.stderr.write("geiger notifier: no outputs configured (notifier.outputs); alerts will be consumed but nobody is paged\n");
  const ops = await startOpsIfConfigured("notifier", resolveOpsListen(cfg.notifier.ops_listen));
  let notifier: Notifier | undefined;
  ops.setCheck("consumer", consumerCheck(cfg.notifier.group_id, () => notifier?.status()));
  try {
    const bus = makeBus(cfg, "distributed");
    const store = await makeStore(cfg, "distributed");
    // The store holds the at-most-once notification records: no delivery can happen while it is down.
    ops.setCheck("store", storeCheck(store));
    notifier = await startNotifier({ bus, store, config: cfg });
    const running = notifier;
    return runUntilSignal("notifier", async () => { ops.stopping(); await running.stop(); await bus.close(); await store.close(); await ops.close(); });
  } catch (err) {
    await ops.close();
    throw err;
  }
}
