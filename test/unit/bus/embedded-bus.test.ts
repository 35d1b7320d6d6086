// The embedded bus passes the same contract as Kafka; its log and offsets persist under the data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedBus } from "../../../shared/bus/embedded.js";
import { runBusContract } from "../../support/bus-contract.js";

runBusContract("embedded", async () => {
  const dir = mkdtempSync(join(tmpdir(), "geiger-bus-"));
  return {
    connect: () => new EmbeddedBus({ dataDir: dir }),
    topic: (n) => `t.${n}`,
    group: (n) => `g.${n}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}, 10_000);
