// `geiger detector [--config FILE]`: the distributed detector service (Kafka → alerts in Elasticsearch and on
// the alerts topic) until SIGINT/SIGTERM.
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { startDetectorService } from "./service.js";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const file = stringFlag(args, "config");
  const cfg = loadGeigerConfig(file ? { file } : {});
  const bus = makeBus(cfg, "distributed");
  const store = await makeStore(cfg, "distributed");
  const detector = await startDetectorService({ bus, store, config: cfg, ...(stringFlag(args, "group") ? { groupId: stringFlag(args, "group")! } : {}) });
  return runUntilSignal("detector", async () => { await detector.stop(); await bus.close(); await store.close(); });
}
