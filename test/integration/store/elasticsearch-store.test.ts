// The Elasticsearch store on a real node passes the shared store contract.
import { ElasticsearchStore } from "../../../shared/store/elasticsearch.js";
import { ElasticsearchConfigSchema } from "../../../shared/config/infra.js";
import { ensureInfra, uniqueName } from "../../support/infra.js";
import { runStoreContract } from "../../support/store-contract.js";

runStoreContract("elasticsearch", async () => {
  const { esUrl } = await ensureInfra();
  const cfg = ElasticsearchConfigSchema.parse({ url: esUrl, index_prefix: `${uniqueName("t")}-` });
  const store = new ElasticsearchStore(cfg);
  await store.init();
  return {
    store,
    reopen: async () => { const s = new ElasticsearchStore(cfg); await s.init(); return s; },
    cleanup: async () => { await store.destroy(); await store.close(); },
  };
});
