// The accessors and gauges the ops endpoints read from each service, on the embedded bus and store: partitions
// owned, a partition restoring its state snapshot, and a snapshot age that does not pretend a failed write worked.
import assert from "node:assert/strict";
import { test } from "node:test";
import { EmbeddedBus } from "../../../shared/bus/embedded.js";
import { registry } from "../../../shared/observability/metrics.js";
import type { Store } from "../../../shared/store/port.js";
import { EmbeddedStore } from "../../../shared/store/embedded.js";
import { loadGeigerConfig } from "../../../services/cli/config.js";
import { startDetectorService } from "../../../services/detector/service.js";
import { startIndexer } from "../../../services/indexer/service.js";
import { startNotifier } from "../../../services/notifier/service.js";
import { makeEvent } from "../../support/events.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(f: () => T | undefined | false | Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  for (const end = Date.now() + ms; ;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function gaugeValue(name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const m = registry.getSingleMetric(name);
  if (!m) return undefined;
  const { values } = await m.get();
  return values.find((v) => Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x))?.value;
}

/** The store with some methods replaced (the rest delegate, bound to the real store). */
function withOverrides(s: Store, over: Partial<Store>): Store {
  return new Proxy(s, {
    get(target, key) {
      if (key in over) return over[key as keyof Store];
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const config = loadGeigerConfig({ env: {}, overrides: { detector: { snapshot_interval_ms: 1000, handover_wait_ms: 0 } } });

test("detector status: owns the topic's partitions; a partition reading its snapshot is 'restoring' until it has it", { timeout: 30_000 }, async () => {
  const bus = new EmbeddedBus();
  const real = new EmbeddedStore();
  await real.init();
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const store = withOverrides(real, {
    get: async (collection, id) => { if (id.startsWith("detector-state:")) await gate; return real.get(collection, id); },
  });
  const svc = await startDetectorService({ bus, store, config, groupId: "status-test" });
  try {
    const s0 = svc.status();
    assert.equal(s0.running, true);
    assert.ok(s0.assigned.length > 0, `owns partitions: ${s0.assigned}`);
    assert.deepEqual(s0.restoring, []);
    assert.equal(await gaugeValue("geiger_detector_partitions_assigned"), s0.assigned.length);

    await bus.publish(config.topics.telemetry, [{ key: "sess-r", value: JSON.stringify(makeEvent({ session: "sess-r" })) }]);
    const restoring = await until(() => { const r = svc.status().restoring; return r.length ? r : undefined; }, 5000, "a restoring partition");
    assert.equal(restoring.length, 1);
    assert.equal(await gaugeValue("geiger_detector_partitions_restoring"), 1);
    release();
    await until(() => svc.status().restoring.length === 0, 5000, "restore done");
    assert.equal(await gaugeValue("geiger_detector_partitions_restoring"), 0);
  } finally {
    release();
    await svc.stop();
  }
  assert.equal(svc.status().running, false);
  await bus.close();
});

test("detector snapshot age: advances while idle, freezes while the state write fails, recovers when the retried write succeeds", { timeout: 30_000 }, async () => {
  const bus = new EmbeddedBus();
  const real = new EmbeddedStore();
  await real.init();
  let failing = false;
  const store = withOverrides(real, {
    bulkWrite: async (collection, ops) => (failing && collection === "config" && ops.some((o) => o.id.startsWith("detector-state:"))
      ? { written: 0, failed: ops.map((o) => ({ id: o.id, reason: "simulated: cluster_block_exception" })) }
      : real.bulkWrite(collection, ops)),
  });
  const svc = await startDetectorService({ bus, store, config, groupId: "age-test" });
  const ts = async (): Promise<number> => (await gaugeValue("geiger_detector_snapshot_last_success_timestamp_seconds")) ?? 0;
  const errors = async (): Promise<number> => (await gaugeValue("geiger_detector_store_write_errors_total", { collection: "config" })) ?? 0;
  try {
    const idle = await until(async () => { const t = await ts(); return t > Date.now() / 1000 - 5 ? t : undefined; }, 5000, "idle detector's timestamp");
    await until(async () => (await ts()) > idle, 5000, "timestamp advancing while idle");

    failing = true;
    const errors0 = await errors();
    await bus.publish(config.topics.telemetry, [{ key: "sess-a", value: JSON.stringify(makeEvent({ session: "sess-a" })) }]);
    await until(async () => (await errors()) > errors0, 5000, "a failed snapshot write");
    const frozen = await ts();
    await sleep(2500); // two more snapshot ticks, still failing: the age keeps growing
    assert.equal(await ts(), frozen, "a failed write is not reported as saved state");
    failing = false;
    // No new events: the failed partition stays dirty, so the next tick retries it and the age recovers.
    await until(async () => (await ts()) > frozen, 5000, "timestamp moving once the retried write succeeds");
    const entries = await until(async () => (await registry.getSingleMetric("geiger_detector_state_entries")?.get())?.values.find((v) => v.value > 0), 1000, "state entries");
    assert.ok(entries.value > 0);
  } finally {
    await svc.stop();
    await bus.close();
  }
});

test("indexer and notifier status: running with their partitions, not running after stop", { timeout: 30_000 }, async () => {
  const bus = new EmbeddedBus();
  const store = new EmbeddedStore();
  await store.init();
  const indexer = await startIndexer({ bus, store, topic: config.topics.telemetry, groupId: "status-indexer" });
  const notifier = await startNotifier({ bus, store, config });
  try {
    for (const s of [indexer.status(), notifier.status()]) {
      assert.equal(s.running, true);
      assert.ok(s.assigned.length > 0);
    }
    assert.equal(await gaugeValue("geiger_indexer_partitions_assigned"), indexer.status().assigned.length);
  } finally {
    await indexer.stop();
    await notifier.stop();
  }
  assert.equal(indexer.status().running, false);
  assert.equal(notifier.status().running, false);
  await bus.close();
});
