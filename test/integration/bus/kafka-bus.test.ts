// The Kafka bus on a real broker passes the shared bus contract.
import { KafkaBus } from "../../../shared/bus/kafka.js";
import { ensureInfra, uniqueName } from "../../support/infra.js";
import { runBusContract } from "../../support/bus-contract.js";

runBusContract("kafka", async () => {
  const { kafkaBrokers } = await ensureInfra();
  const run = uniqueName("bus");
  return {
    connect: () => new KafkaBus({ brokers: kafkaBrokers, clientId: run }),
    topic: (n) => `${run}.${n}`,
    group: (n) => `${run}.${n}`,
    cleanup: async () => undefined,
  };
});
