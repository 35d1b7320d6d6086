// `geiger detector [--config FILE] [--group ID] [--stage all|session|tenant]`: the distributed detector service
// (Kafka → alerts in Elasticsearch and on the alerts topic) until SIGINT/SIGTERM, with /healthz, /readyz, /metrics
// when `detector.ops_listen` (or GEIGER_OPS_LISTEN) is set. `--stage` overrides `detector.stage`.
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { consumerCheck, fail, pass, resolveOpsListen, startOpsIfConfigured, storeCheck } from "../runtime/ops-server.js";
import { ConfigError } from "../../shared/config/load.js";
import { DetectorConfigSchema } from "./config.js";
import { stageGroupId, startDetectorService } from "./service.js";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const file = stringFlag(args, "config");
  const loaded = loadGeigerConfig(file ? { file } : {});
  const stageFlag = stringFlag(args, "stage");
  const stage = DetectorConfigSchema.shape.stage.safeParse(stageFlag ?? loaded.detector.stage);
  if (!stage.success) throw new ConfigError([`--stage: expected all, session or tenant, got '${stageFlag}'`], "command line");
  const cfg = { ...loaded, detector: { ...loaded.detector, stage: stage.data } };
  const groupId = stringFlag(args, "group") ?? "geiger-detector";
  // Up before the service so liveness answers during a slow start; readiness fails until every check passes.
  const ops = await startOpsIfConfigured("detector", resolveOpsListen(cfg.detector.ops_listen));
  let detector: Awaited<ReturnType<typeof startDetectorService>> | undefined;
  ops.setCheck("consumer", consumerCheck(stageGroupId(groupId, stage.data), () => detector?.status()));
  ops.setCheck("state", () => {
    const restoring = detector?.status().restoring ?? [];
    return restoring.length ? fail(`restoring engine state of partitions [${restoring.join(",")}] from their snapshots`) : pass();
  });
  try {
    const bus = makeBus(cfg, "distributed");
    const store = await makeStore(cfg, "distributed");
    ops.setCheck("store", storeCheck(store));
    detector = await startDetectorService({ bus, store, config: cfg, groupId });
    const running = detector;
    return runUntilSignal("detector", async () => { ops.stopping(); await running.stop(); await bus.close(); await store.close(); await ops.close(); });
  } catch (err) {
    await ops.close();
    throw err;
  }
}
