// Test-only twin of `geiger indexer|detector|notifier --config FILE` whose store is wrapped by the sabotage
// switches of test/support/faults.ts (GEIGER_FAULT_SABOTAGE). Used only to show that the kill test fails when
// a protection is off; the real runs use the CLI itself. Never imported by production code.
import { loadGeigerConfig } from "../../../services/cli/config.js";
import { startDetectorService } from "../../../services/detector/service.js";
import { startIndexer } from "../../../services/indexer/service.js";
import { startNotifier } from "../../../services/notifier/service.js";
import { makeBus, makeStore } from "../../../services/runtime/adapters.js";
import { runUntilSignal } from "../../../services/runtime/lifecycle.js";
import { sabotageStore } from "../../support/faults.js";

const [kind, ...argv] = process.argv.slice(2);
const flag = (n: string): string | undefined => { const i = argv.indexOf(`--${n}`); return i < 0 ? undefined : argv[i + 1]; };
const cfg = loadGeigerConfig({ file: flag("config")! });
const bus = makeBus(cfg, "distributed");
const store = sabotageStore(await makeStore(cfg, "distributed"));
const group = flag("group");
const svc = kind === "indexer" ? await startIndexer({ bus, store, topic: cfg.topics.telemetry })
  : kind === "detector" ? await startDetectorService({ bus, store, config: cfg, ...(group ? { groupId: group } : {}) })
    : kind === "notifier" ? await startNotifier({ bus, store, config: cfg })
      : (() => { throw new Error(`unknown service ${kind}`); })();
process.exitCode = await runUntilSignal(kind!, async () => { await svc.stop(); await bus.close(); await store.close(); });
