// The embedded store passes the same contract as Elasticsearch, including surviving a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedStore } from "../../../shared/store/embedded.js";
import { runStoreContract } from "../../support/store-contract.js";

runStoreContract("embedded", async () => {
  const dir = mkdtempSync(join(tmpdir(), "geiger-store-"));
  const store = new EmbeddedStore({ dataDir: dir });
  await store.init();
  return {
    store,
    reopen: async () => { const s = new EmbeddedStore({ dataDir: dir }); await s.init(); return s; },
    cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
});
