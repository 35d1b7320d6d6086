// `geiger notifier [--config FILE]`: the distributed notifier, Kafka alerts → pagers, until SIGINT/SIGTERM.
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { startNotifier } from "./service.js";

export async function run(argv: string[]): Promise<number> {
  const file = stringFlag(parseArgs(argv), "config");
  const cfg = loadGeigerConfig(file ? { file } : {});
  if (cfg.notifier.outputs.length === 0) process.stderr.write("geiger notifier: no outputs configured (notifier.outputs); alerts will be consumed but nobody is paged\n");
  const bus = makeBus(cfg, "distributed");
  const store = await makeStore(cfg, "distributed");
  const notifier = await startNotifier({ bus, store, config: cfg });
  return runUntilSignal("notifier", async () => { await notifier.stop(); await bus.close(); await store.close(); });
}
