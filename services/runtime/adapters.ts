// Composition root's adapter choice: the only place that imports concrete bus/store adapters. Embedded mode
// uses the in-process twins under data_dir; distributed mode uses Kafka and Elasticsearch.
import { join } from "node:path";
import type { Bus } from "../../shared/bus/port.js";
import { EmbeddedBus } from "../../shared/bus/embedded.js";
import { KafkaBus } from "../../shared/bus/kafka.js";
import type { Store } from "../../shared/store/port.js";
import { EmbeddedStore } from "../../shared/store/embedded.js";
import { ElasticsearchStore } from "../../shared/store/elasticsearch.js";
import type { GeigerConfig } from "../cli/config.js";

export type Mode = "embedded" | "distributed";

export function makeBus(cfg: GeigerConfig, mode: Mode): Bus {
  if (mode === "embedded") return new EmbeddedBus({ dataDir: join(cfg.data_dir, "embedded") });
  return new KafkaBus({
    brokers: cfg.kafka.brokers,
    clientId: cfg.kafka.client_id,
    partitions: cfg.kafka.partitions,
    replicationFactor: cfg.kafka.replication_factor,
    ...(cfg.kafka.ssl ? { ssl: cfg.kafka.ssl } : {}),
    ...(cfg.kafka.sasl ? { sasl: cfg.kafka.sasl } : {}),
  });
}

/** Returns an initialised store (templates/indices created, embedded logs replayed). */
export async function makeStore(cfg: GeigerConfig, mode: Mode): Promise<Store> {
  const store: Store = mode === "embedded" ? new EmbeddedStore({ dataDir: join(cfg.data_dir, "embedded") }) : new ElasticsearchStore(cfg.elasticsearch);
  await store.init();
  return store;
}
