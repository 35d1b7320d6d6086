// One contract suite for every Bus adapter (embedded twin and Kafka): ordering per key, commit after
// handling, redelivery on handler failure, resume after restart, dead-lettering of malformed telemetry.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Bus, BusMessage } from "../../shared/bus/port.js";
import { dlqTopicFor } from "../../shared/bus/port.js";
import { consumeTelemetry, type DeadLetterRecord } from "../../shared/pipeline/validated-consumer.js";
import { makeEvent } from "./events.js";

export interface BusFixture {
  /** A new bus client on the same log (a restarted process). */
  connect: () => Bus;
  topic: (name: string) => string;
  group: (name: string) => string;
  cleanup: () => Promise<void>;
}

/** Waits until `pred` holds, polling; fails with `what` after `ms`. Bounded. */
export async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function runBusContract(name: string, make: () => Promise<BusFixture>, timeoutMs = 60_000): void {
  test(`${name}: bus contract`, async (t) => {
    const fx = await make();
    t.after(fx.cleanup);

    await t.test("delivers every message, in order per key", async () => {
      const bus = fx.connect();
      const topic = fx.topic("order");
      await bus.ensureTopics([{ name: topic, partitions: 3 }]);
      const msgs = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 4}`, value: String(i) }));
      await bus.publish(topic, msgs);
      const got: BusMessage[] = [];
      const sub = await bus.subscribe({ groupId: fx.group("order"), topics: [topic], handleBatch: async (b) => { got.push(...b); } });
      await until(() => got.length >= 60, timeoutMs, "60 messages");
      await sub.stop();
      for (const k of ["k0", "k1", "k2", "k3"]) {
        const seq = got.filter((m) => m.key === k).map((m) => Number(m.value));
        assert.deepEqual(seq, [...seq].sort((a, b) => a - b), `order for ${k}`);
      }
      assert.equal(new Set(got.map((m) => m.value)).size, 60);
      await bus.close();
    });

    await t.test("a failing handler gets the same batch again; commit happens only after success", async () => {
      const bus = fx.connect();
      const topic = fx.topic("retry");
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      await bus.publish(topic, [{ key: "a", value: "1" }, { key: "a", value: "2" }]);
      let failures = 0;
      const handled: string[] = [];
      const sub = await bus.subscribe({
        groupId: fx.group("retry"), topics: [topic],
        handleBatch: async (b) => { if (failures < 2) { failures++; throw new Error("store down"); } handled.push(...b.map((m) => m.value)); },
      });
      await until(() => handled.length >= 2, timeoutMs, "redelivery after failures");
      await sub.stop();
      assert.equal(failures, 2);
      assert.deepEqual(handled, ["1", "2"]);
      await bus.close();
    });

    await t.test("a restarted consumer resumes after the last committed offset", async () => {
      const topic = fx.topic("resume");
      const group = fx.group("resume");
      const b1 = fx.connect();
      await b1.ensureTopics([{ name: topic, partitions: 1 }]);
      await b1.publish(topic, [1, 2, 3].map((i) => ({ key: "s", value: String(i) })));
      const first: string[] = [];
      const s1 = await b1.subscribe({ groupId: group, topics: [topic], handleBatch: async (b) => { first.push(...b.map((m) => m.value)); } });
      await until(() => first.length >= 3, timeoutMs, "first 3");
      await s1.stop();
      await b1.publish(topic, [4, 5].map((i) => ({ key: "s", value: String(i) })));
      await b1.close();
      const b2 = fx.connect();
      const second: string[] = [];
      const s2 = await b2.subscribe({ groupId: group, topics: [topic], handleBatch: async (b) => { second.push(...b.map((m) => m.value)); } });
      await until(() => second.length >= 2, timeoutMs, "the 2 new messages");
      await new Promise((r) => setTimeout(r, 300));
      await s2.stop();
      assert.deepEqual(second, ["4", "5"]);
      await b2.close();
    });

    await t.test("malformed telemetry goes to the dead-letter topic with its reason; the consumer goes on", async () => {
      const bus = fx.connect();
      const topic = fx.topic("telemetry");
      await bus.ensureTopics([{ name: topic, partitions: 2 }, { name: dlqTopicFor(topic), partitions: 1 }]);
      const good = [makeEvent({ session: "s1" }), makeEvent({ session: "s1" })];
      await bus.publish(topic, [
        { key: "s1", value: JSON.stringify(good[0]) },
        { key: "s1", value: "{not json" },
        { key: "s1", value: JSON.stringify({ ...good[1], schema: "geiger.telemetry/v0" }) },
        { key: "s1", value: JSON.stringify(good[1]) },
      ]);
      const valid: string[] = [];
      const sub = await consumeTelemetry({ bus, groupId: fx.group("dlq"), topic, stage: "test", handle: async (b) => { valid.push(...b.map((x) => x.event.event_id)); } });
      const dead: DeadLetterRecord[] = [];
      const dsub = await bus.subscribe({ groupId: fx.group("dlq-reader"), topics: [dlqTopicFor(topic)], handleBatch: async (b) => { dead.push(...b.map((m) => JSON.parse(m.value) as DeadLetterRecord)); } });
      await until(() => valid.length >= 2 && dead.length >= 2, timeoutMs, "2 valid + 2 dead letters");
      await sub.stop();
      await dsub.stop();
      assert.deepEqual(valid, good.map((e) => e.event_id));
      assert.match(dead[0]!.reason, /invalid JSON/);
      assert.match(dead[1]!.reason, /schema: schema/);
      assert.equal(dead[0]!.payload, "{not json");
      assert.equal(dead[0]!.stage, "test");
      await bus.close();
    });
  });
}
