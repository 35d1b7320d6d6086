// ObservationQueue: observation runs after the relay, in arrival order, in time slices, bounded with drop-oldest.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ObservationQueue } from "../../../services/collector/deferred.js";
import { setLogLevel } from "../../../shared/observability/log.js";

setLogLevel("silent");
const nextTurn = () => new Promise((r) => setImmediate(r));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("queued work runs later, not inside push(), in FIFO order", async () => {
  // A slice long enough that a descheduled test process cannot split this small batch (slices: the test below).
  const q = new ObservationQueue({ maxBytes: 1 << 20, sliceMs: 10_000 });
  const ran: number[] = [];
  for (let i = 0; i < 5; i++) q.push(10, () => ran.push(i));
  assert.deepEqual(ran, []);
  await nextTurn();
  assert.deepEqual(ran, [0, 1, 2, 3, 4]);
  assert.equal(q.length, 0);
});

test("batchMs: the work waits that long as one batch; drain() runs it at once", async () => {
  // A window far longer than the 5 ms looked at inside it, so a loaded machine cannot close it early.
  const q = new ObservationQueue({ maxBytes: 1 << 20, batchMs: 250 });
  const ran: string[] = [];
  q.push(1, () => ran.push("a"));
  await nextTurn();
  q.push(1, () => ran.push("b"));
  await wait(5);
  assert.equal(ran.length, 0, "nothing runs before the batch window");
  await wait(400);
  assert.deepEqual(ran, ["a", "b"]);
  q.push(1, () => ran.push("c"));
  q.drain();
  assert.deepEqual(ran, ["a", "b", "c"]);
  await wait(300); // the cancelled timer must not run anything twice
  assert.deepEqual(ran, ["a", "b", "c"]);
});

test("a long batch yields to I/O between slices and still runs everything in order", async () => {
  const q = new ObservationQueue({ maxBytes: 1 << 20, sliceMs: 5 });
  const ran: number[] = [];
  const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end); };
  for (let i = 0; i < 6; i++) q.push(1, () => { busy(4); ran.push(i); });
  let ioRanAfter = -1;
  setImmediate(() => setImmediate(() => { ioRanAfter = ran.length; }));
  for (let i = 0; i < 20 && ran.length < 6; i++) await nextTurn();
  assert.deepEqual(ran, [0, 1, 2, 3, 4, 5]);
  assert.ok(ioRanAfter > 0 && ioRanAfter < 6, `other callbacks ran between slices (after ${ioRanAfter} tasks)`);
});

test("over the byte bound the oldest droppable work is dropped and counted; control work and the newest stay", async () => {
  const q = new ObservationQueue({ maxBytes: 1000 });
  const ran: string[] = [];
  q.push(0, () => ran.push("close-1"), false);
  for (let i = 0; i < 10; i++) q.push(300, () => ran.push(`chunk-${i}`));
  q.push(0, () => ran.push("close-2"), false);
  assert.ok(q.dropped >= 7, `dropped ${q.dropped}`);
  q.drain();
  assert.equal(ran[0], "close-1");
  assert.equal(ran.at(-1), "close-2");
  assert.ok(ran.includes("chunk-9"), "the newest chunk is kept");
  assert.equal(ran.filter((r) => r.startsWith("chunk-")).length, 10 - q.dropped);
  // Kept chunks are the newest ones, still in order.
  const kept = ran.filter((r) => r.startsWith("chunk-")).map((r) => Number(r.slice(6)));
  assert.deepEqual(kept, [...kept].sort((a, b) => a - b));
  assert.equal(kept[0], q.dropped);
});

test("a task that throws is counted and the rest still run", async () => {
  const q = new ObservationQueue({ maxBytes: 1 << 20 });
  const ran: number[] = [];
  q.push(1, () => ran.push(1));
  q.push(1, () => { throw new Error("boom"); });
  q.push(1, () => ran.push(3));
  q.drain();
  assert.deepEqual(ran, [1, 3]);
});
